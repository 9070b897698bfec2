/**
 * The presenter's keys, the same on the projector and in the console: → / space / Page Down
 * (what a presentation clicker sends) move the room on, B or . blanks the screen (as in slide
 * software), F makes the projector fullscreen.
 */
export type PresenterAction = 'next' | 'blank' | 'fullscreen';

/** The action a key press asks for; none while someone types or works a control. */
export function presenterAction(event: KeyboardEvent): PresenterAction | undefined {
	if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return undefined;
	const target = event.target;
	if (target instanceof HTMLElement) {
		if (target.isContentEditable || target.closest('input, textarea, select, [role="dialog"]')) {
			return undefined;
		}
		// Space and arrows belong to a focused button, link or scrolling region.
		if (
			(event.key === ' ' || event.key.startsWith('Arrow')) &&
			target.closest('button, a, summary, [tabindex]:not([tabindex="-1"])')
		) {
			return undefined;
		}
	}
	switch (event.key) {
		case 'ArrowRight':
		case 'PageDown':
		case ' ':
			return 'next';
		case 'b':
		case 'B':
		case '.':
			return 'blank';
		case 'f':
		case 'F':
			return 'fullscreen';
		default:
			return undefined;
	}
}

/** What the projector asks the console of the same browser to do, and its answer. */
export type PresenterMessage =
	{ type: 'next' | 'blank'; request: string } | { type: 'done'; request: string };

/**
 * The line between a projector window and the console in one browser (a laptop with a beamer):
 * the projector holds only a screen key, so it asks the console, which holds the facilitator
 * key, to act.
 */
export const presenterChannel = (sessionId: string): BroadcastChannel =>
	new BroadcastChannel(`koersbord-presenter-${sessionId}`);
