/**
 * Saving as you type: an edit is sent a moment after the last keystroke, when the field loses
 * focus, before the editor switches to another step, and before the page reloads for another
 * language. There is no "Save" to forget.
 */

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed' | 'invalid';

/** How long typing may pause before the edit is sent. */
const QUIET_MS = 600;

// Every editor with an edit not yet sent, so a reload can send them first.
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state: a registry of editors
const unsent = new Set<AutoSave>();

export class AutoSave {
	state = $state<SaveState>('idle');
	#save: (() => Promise<boolean>) | undefined;
	#timer: ReturnType<typeof setTimeout> | undefined;

	/** Sends `save` soon; a newer edit replaces one not yet sent. */
	schedule(save: () => Promise<boolean>): void {
		this.#save = save;
		this.state = 'pending';
		unsent.add(this);
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.flush(), QUIET_MS);
	}

	/** An edit that cannot be sent as it is (an empty title): it waits for a valid one. */
	hold(): void {
		this.#save = undefined;
		clearTimeout(this.#timer);
		unsent.delete(this);
		this.state = 'invalid';
	}

	/** Sends the edit not yet sent, if any, now. */
	async flush(): Promise<void> {
		clearTimeout(this.#timer);
		const save = this.#save;
		this.#save = undefined;
		unsent.delete(this);
		if (!save) return;
		this.state = 'saving';
		const ok = await save();
		// A newer edit may have come in while this one was on its way.
		if (!this.#save) this.state = ok ? 'saved' : 'failed';
	}
}

/** Sends every edit not yet sent (before the page reloads). */
export async function flushAllSaves(): Promise<void> {
	await Promise.all([...unsent].map((save) => save.flush()));
}

/**
 * Makes a form save as you type (`{@attach savesAsYouType(autosave, save)}`): every edit calls
 * `save`, which schedules the edit; leaving a field or pressing Enter sends what waits at once.
 */
export function savesAsYouType(autosave: AutoSave, save: () => void) {
	return (form: HTMLFormElement): (() => void) => {
		const flush = () => void autosave.flush();
		const submit = (event: Event) => {
			event.preventDefault();
			flush();
		};
		form.addEventListener('submit', submit);
		form.addEventListener('input', save);
		form.addEventListener('change', save);
		form.addEventListener('focusout', flush);
		return () => {
			form.removeEventListener('submit', submit);
			form.removeEventListener('input', save);
			form.removeEventListener('change', save);
			form.removeEventListener('focusout', flush);
		};
	};
}
