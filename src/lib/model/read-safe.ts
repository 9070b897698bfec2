import * as Y from 'yjs';
import { isReservedName } from '../intents/validate.ts';
import type { PollMode, PollStatus, ResultsVisibility } from './types.ts';

/**
 * Small readers for values taken out of a session's document. Intents are validated once, at
 * the edge; what is stored may still be anything (a document written by an older version, or by
 * a client before validation existed), so every selector reads through these: an odd value
 * reads as absent, never as a throw.
 *
 * @see ./readers.spec.ts for the documents they are tried on
 */

/** The values a stored poll's (or a board's dots') settings may take. */
export const POLL_MODES: readonly PollMode[] = ['single', 'points', 'nowDesired'];
export const POLL_STATUSES: readonly PollStatus[] = ['draft', 'open', 'closed'];
export const VISIBILITIES: readonly ResultsVisibility[] = ['live', 'hidden'];

/**
 * Whether a string read from the document may become a key of a plain record: not one of the
 * names the intents refuse as ids (`__proto__`, `constructor`, …), so no stored key can ever reach
 * a prototype.
 */
export const isSafeKey = (key: string): boolean => !isReservedName(key);

/** A string that may serve as an id: one that may also become a key of a record. */
export const isId = (value: unknown): value is string =>
	typeof value === 'string' && isSafeKey(value);

/**
 * An object literal as JSON and Yjs store them: not an array, a Yjs type, a subdocument or a
 * byte array, and without a prototype of its own (a decoded `__proto__` key can set one).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	const prototype: unknown = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}

export const asString = (value: unknown, fallback = ''): string =>
	typeof value === 'string' ? value : fallback;

/** A finite number (never NaN or Infinity, never a numeric string), or the fallback. */
export const asNumber = (value: unknown, fallback = 0): number =>
	typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** The furthest a `Date` reaches either side of the epoch, in ms. */
const MAX_TIME = 8.64e15;

/** A moment in ms since the epoch that a `Date` can hold (dates are formatted), or 0. */
export const asTime = (value: unknown): number => {
	const time = asNumber(value);
	return Math.abs(time) <= MAX_TIME ? time : 0;
};

export const asBoolean = (value: unknown, fallback = false): boolean =>
	typeof value === 'boolean' ? value : fallback;

/** One of the allowed strings, or the fallback. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
	return allowed.includes(value as T) ? (value as T) : fallback;
}

/** The elements `read` makes sense of; the others are left out. */
export function listOf<T>(value: unknown, read: (element: unknown) => T | undefined): T[] {
	if (!Array.isArray(value)) return [];
	const list: T[] = [];
	for (const element of value) {
		const item = read(element);
		if (item !== undefined) list.push(item);
	}
	return list;
}

/** The strings of a list, in order; anything else is left out. */
export const stringsOf = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];

/** Ids of a shared list of ids, in order, each once (a copy left by concurrent moves reads once). */
export const idsOf = (list: { toArray(): readonly unknown[] } | undefined): string[] =>
	list ? [...new Set(list.toArray().filter(isId))] : [];

/** The first of each id: a list read from the document never holds an id twice. */
export function uniqueById<T extends { id: string }>(list: T[]): T[] {
	const seen = new Set<string>();
	return list.filter((item) => {
		if (seen.has(item.id)) return false;
		seen.add(item.id);
		return true;
	});
}

/** A record of finite numbers: other values and reserved keys are left out. */
export function numberRecord(value: unknown): Record<string, number> | undefined {
	if (!isPlainObject(value)) return undefined;
	const record: Record<string, number> = {};
	for (const [key, n] of Object.entries(value)) {
		if (isSafeKey(key) && typeof n === 'number' && Number.isFinite(n)) record[key] = n;
	}
	return record;
}

/** A record of what `read` makes sense of, under keys that are safe; the rest is left out. */
export function recordOf<T>(
	value: unknown,
	read: (element: unknown) => T | undefined
): Record<string, T> | undefined {
	if (!isPlainObject(value)) return undefined;
	const record: Record<string, T> = {};
	for (const [key, element] of Object.entries(value)) {
		const item = isSafeKey(key) ? read(element) : undefined;
		if (item !== undefined) record[key] = item;
	}
	return record;
}

export const asYMap = (value: unknown): Y.Map<unknown> | undefined =>
	value instanceof Y.Map ? (value as Y.Map<unknown>) : undefined;

export const asYArray = (value: unknown): Y.Array<unknown> | undefined =>
	value instanceof Y.Array ? (value as Y.Array<unknown>) : undefined;

/** Whether two values serialise alike; a value JSON cannot hold (a BigInt) never matches. */
export function sameJson(a: unknown, b: unknown): boolean {
	try {
		return JSON.stringify(a) === JSON.stringify(b);
	} catch {
		return false;
	}
}
