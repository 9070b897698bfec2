import type { Action } from 'svelte/action';
import type * as Y from 'yjs';
import { xmlSafe } from '$lib/intents/clean-text';

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Where two versions of a text differ: a prefix and suffix they share, and what lies between.
 * The bounds never fall inside a surrogate pair (an emoji): half of one is not a character, and
 * the server refuses a text that holds one.
 */
export function textChange(
	before: string,
	after: string
): { index: number; removed: number; inserted: string } {
	let start = 0;
	const max = Math.min(before.length, after.length);
	while (start < max && before[start] === after[start]) start++;
	if (
		start > 0 &&
		(isLowSurrogate(before.charCodeAt(start)) || isLowSurrogate(after.charCodeAt(start)))
	) {
		start--;
	}
	let end = 0;
	while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) {
		end++;
	}
	// The shared suffix may not begin with the second half of a pair either.
	if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
	return {
		index: start,
		removed: before.length - start - end,
		inserted: after.slice(start, after.length - end)
	};
}

/**
 * Where a selection lands after a remote change, so it stays on the same characters. A caret
 * sticks to the character before it: text someone else inserts right at the caret goes after it.
 * That keeps two people typing at one spot from splitting each other's words, since each one's
 * next keystroke follows their own last one.
 */
export function shiftSelection(
	delta: Y.YTextEvent['delta'],
	start: number,
	end: number
): [start: number, end: number] {
	let index = 0;
	for (const op of delta) {
		if (op.retain) index += op.retain;
		else if (typeof op.insert === 'string') {
			if (index < start) start += op.insert.length;
			if (index < end) end += op.insert.length;
			index += op.insert.length;
		} else if (op.delete) {
			if (index < start) start = Math.max(index, start - op.delete);
			if (index < end) end = Math.max(index, end - op.delete);
		}
	}
	return [start, end];
}

/**
 * Binds a textarea (or a one-line input) to a shared Y.Text: typing becomes a minimal insert/delete (so two people
 * typing at once both keep their words), and remote edits update the textarea while keeping the
 * caret where it was relative to the text around it.
 */
export const bindYText: Action<HTMLTextAreaElement | HTMLInputElement, Y.Text> = (node, text) => {
	let current = text;
	node.value = current.toString();

	const onInput = (): void => {
		// A paste can bring characters no document may hold (Word's vertical tab, say); the
		// server would refuse the whole edit, so they go before it is sent.
		const safe = xmlSafe(node.value);
		if (safe !== node.value) node.value = safe;
		const change = textChange(current.toString(), node.value);
		current.doc?.transact(() => {
			if (change.removed > 0) current.delete(change.index, change.removed);
			if (change.inserted) current.insert(change.index, change.inserted);
		}, node);
	};

	const onRemote = (event: Y.YTextEvent, transaction: Y.Transaction): void => {
		if (transaction.origin === node) return;
		const [start, end] = shiftSelection(
			event.delta,
			node.selectionStart ?? 0,
			node.selectionEnd ?? 0
		);
		node.value = current.toString();
		if (document.activeElement === node) node.setSelectionRange(start, end);
	};

	node.addEventListener('input', onInput);
	current.observe(onRemote);
	return {
		update(next) {
			// Svelte calls this again whenever the page redraws, with the same text; resetting the
			// value then would throw the caret to the end mid-word.
			if (next === current) return;
			current.unobserve(onRemote);
			current = next;
			node.value = current.toString();
			current.observe(onRemote);
		},
		destroy() {
			node.removeEventListener('input', onInput);
			current.unobserve(onRemote);
		}
	};
};
