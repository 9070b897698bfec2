import type * as Y from 'yjs';

/*
 * The Yjs clients the server writes a room's shared document as.
 *
 * Yjs keeps a tombstone for every value a map key held before, and every phone downloads the
 * tombstones with the document when it joins. Values of one key that one client writes at
 * successive clocks merge into a single tombstone; a value written between other writes of the
 * same client keeps one of its own, about 9 bytes for good. The count of who joined changes
 * with every join, and a live round's counts with every ballot: written by one client, a room
 * where people join while others vote would keep a tombstone of each for every participant
 * (18 KB in a room of a thousand). So the count of who joined has a client of its own, and
 * nothing else the server writes comes between two of its values.
 */

/** Told apart from the document's own client id, from which each room's load draws a fresh one. */
const PARTICIPATION = 0x5041_5254;

/**
 * The client that writes the count of who joined. It follows the document's own client id,
 * which is random and new with every load of the room, so no two loads share it: a load after
 * a failed room never writes again what the first may have broadcast but not stored.
 */
export function participationWriter(doc: Y.Doc): number {
	return (doc.clientID ^ PARTICIPATION) >>> 0;
}

/** Whether `client` is one the server writes the document as (see update-guard.ts). */
export function isServerClient(doc: Y.Doc, client: number): boolean {
	return client === doc.clientID || client === participationWriter(doc);
}

/** Runs `write` (a change to `doc`, in the caller's transaction or its own) as `client`. */
export function writeAs(doc: Y.Doc, client: number, write: () => void): void {
	const own = doc.clientID;
	doc.clientID = client;
	try {
		write();
	} finally {
		doc.clientID = own;
	}
}
