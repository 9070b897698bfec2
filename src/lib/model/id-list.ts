import type * as Y from 'yjs';

/**
 * Moves an id to `index` in a shared list of ids (clamped to its bounds). Yjs cannot move an
 * element, so this is a delete and an insert; callers run it inside their transaction.
 */
export function moveId(list: Y.Array<string>, id: string, index: number): void {
	const from = list.toArray().indexOf(id);
	if (from < 0) return;
	const to = Math.max(0, Math.min(index, list.length - 1));
	if (from === to) return;
	list.delete(from, 1);
	list.insert(to, [id]);
}

/** Removes an id from a shared list of ids, if it is there. */
export function removeId(list: Y.Array<string>, id: string): void {
	const index = list.toArray().indexOf(id);
	if (index >= 0) list.delete(index, 1);
}
