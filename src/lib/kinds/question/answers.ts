import * as Y from 'yjs';
import { asYMap, isId } from '../../model/read-safe.ts';
import { byCodePoint } from '../code-point-order.ts';
import type { QuestionAnswer } from './types.ts';

/*
 * A list of answers as the documents hold it: a map from answer id to text. A release adds only
 * the answers that are new and deletes those that went, so a room of hundreds does not receive
 * every answer again with every release. Entries of one release are written in text order, so
 * their Yjs clocks tell no more than the release they came with, which the room saw happen.
 */

/** Answers in the order every view lists them: by text in code-point order, then by id. */
export function sortAnswers<T extends QuestionAnswer>(answers: T[]): T[] {
	return answers.sort((a, b) => byCodePoint(a.text, b.text) || byCodePoint(a.id, b.id));
}

/** The answers of a stored map, sorted; anything else reads as none, odd entries are left out. */
export function readAnswerMap(stored: unknown): QuestionAnswer[] {
	const map = asYMap(stored);
	if (!map) return [];
	const answers: QuestionAnswer[] = [];
	map.forEach((text, id) => {
		if (isId(id) && typeof text === 'string') answers.push({ id, text });
	});
	return sortAnswers(answers);
}

/**
 * Makes a stored map hold exactly `answers`: removes the others, adds the new ones (in text
 * order) and rewrites only a text that changed. Returns whether any answer was taken out, so
 * the caller can have its words erased from the store too.
 */
export function writeAnswerMap(map: Y.Map<unknown>, answers: readonly QuestionAnswer[]): boolean {
	const wanted = new Map(answers.map((a) => [a.id, a.text]));
	let removed = false;
	for (const id of [...map.keys()]) {
		if (!wanted.has(id)) {
			map.delete(id);
			removed = true;
		}
	}
	for (const answer of sortAnswers([...answers])) {
		const stored = map.get(answer.id);
		if (stored === answer.text) continue;
		if (stored !== undefined) removed = true;
		map.set(answer.id, answer.text);
	}
	return removed;
}

/** The map under `key` in `parent`, made (or made anew over an odd value) if need be. */
export function ensureMap(parent: Y.Map<unknown>, key: string): Y.Map<unknown> {
	const existing = asYMap(parent.get(key));
	if (existing) return existing;
	const map = new Y.Map<unknown>();
	parent.set(key, map);
	return map;
}

/**
 * The answers of a participant's ballot as stored (JSON the server wrote, perhaps by an older
 * version): well-formed ones only, each id once. Anything else reads as no answers.
 */
export function ballotAnswers(ballot: unknown): QuestionAnswer[] {
	if (typeof ballot !== 'object' || ballot === null) return [];
	const list: unknown = (ballot as { answers?: unknown }).answers;
	if (!Array.isArray(list)) return [];
	const seen = new Set<string>();
	const answers: QuestionAnswer[] = [];
	for (const item of list) {
		if (typeof item !== 'object' || item === null) continue;
		const { id, text } = item as { id?: unknown; text?: unknown };
		if (!isId(id) || typeof text !== 'string' || seen.has(id)) continue;
		seen.add(id);
		answers.push({ id, text });
	}
	return answers;
}
