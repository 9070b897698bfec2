import {
	asString,
	isId,
	isPlainObject,
	listOf,
	oneOf,
	POLL_MODES,
	uniqueById
} from '../../model/read-safe.ts';
import type { PollMode, PollOption } from '../../model/types.ts';

/*
 * A poll's options and mode as stored: needed wherever its packed tally is read, also in the
 * facilitators' document (model/private-doc.ts), so they stand apart from the poll's model.
 */

/** An option with an id and a title; the description may be left out. */
export function readOption(stored: unknown): PollOption | undefined {
	if (!isPlainObject(stored) || !isId(stored.id) || typeof stored.title !== 'string') {
		return undefined;
	}
	return { id: stored.id, title: stored.title, description: asString(stored.description) };
}

/** A poll's options: well-formed ones only, each id once. */
export const readPollOptions = (stored: unknown): PollOption[] =>
	uniqueById(listOf(stored, readOption));

export const readPollMode = (stored: unknown): PollMode => oneOf(stored, POLL_MODES, 'single');
