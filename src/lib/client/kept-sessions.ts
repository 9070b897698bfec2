/**
 * "My sessions" of a board without organizer sign-in: the sessions this browser created or
 * opened as facilitator, kept in localStorage beside their keys (`koersbord:facilitator:<id>`,
 * see credentials.ts). Only what the list shows: the id, the title and the date.
 */

export interface KeptSession {
	id: string;
	title: string;
	createdAt: number;
}

const NAME = 'koersbord:sessions';

/** Enough for a year of sessions; the ones not opened for longest go first. */
const MAX_KEPT = 100;

function read(): KeptSession[] {
	try {
		const value = JSON.parse(localStorage.getItem(NAME) ?? '[]') as unknown;
		if (!Array.isArray(value)) return [];
		// A damaged or older entry is left out rather than breaking the list.
		return value.filter(
			(entry): entry is KeptSession =>
				typeof entry === 'object' &&
				entry !== null &&
				typeof (entry as KeptSession).id === 'string' &&
				typeof (entry as KeptSession).title === 'string' &&
				Number.isFinite((entry as KeptSession).createdAt)
		);
	} catch {
		return [];
	}
}

function write(sessions: KeptSession[]): void {
	try {
		localStorage.setItem(NAME, JSON.stringify(sessions.slice(0, MAX_KEPT)));
	} catch {
		// Private mode without storage: the list stays empty.
	}
}

/** The kept sessions, newest first. */
export function keptSessions(): KeptSession[] {
	return read().sort((a, b) => b.createdAt - a.createdAt);
}

/** Keeps a session (again): the one opened last stays longest. */
export function keepSession(session: KeptSession): void {
	const { id, title, createdAt } = session;
	write([{ id, title, createdAt }, ...read().filter((kept) => kept.id !== id)]);
}

/** Takes a session off the list; its key stays, so its console link still opens it here. */
export function dropSession(id: string): void {
	write(read().filter((kept) => kept.id !== id));
}
