/**
 * A small validator for intent bodies, the server's first check of every intent. Kept here rather
 * than pulled from a schema library: the kinds' models share its limits and its reserved names
 * with the pages, and what the pages import counts toward the phone's JavaScript budget.
 */

import { cleanText } from './clean-text.ts';

export type Check<T> = (value: unknown, path: string) => Result<T>;
export type Result<T> = { ok: true; value: T } | { ok: false; path: string; problem: string };

const fail = (path: string, problem: string): { ok: false; path: string; problem: string } => ({
	ok: false,
	path,
	problem
});

/**
 * Sets a property as data, never through a setter: even a key named `__proto__` stays an own
 * property and cannot reach a prototype.
 */
export function defineOwn(target: object, key: string, value: unknown): void {
	Object.defineProperty(target, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true
	});
}

export interface TextOptions {
	min?: number;
	max: number;
	/** Allow line breaks (multi-line fields); single-line fields turn them into spaces. */
	multiline?: boolean;
}

/**
 * A string within bounds after cleaning (see `cleanText`): characters that would break an export
 * are removed, and a text of only whitespace and zero-width characters counts as empty.
 */
export function text({ min = 0, max, multiline = false }: TextOptions): Check<string> {
	return (value, path) => {
		if (typeof value !== 'string') return fail(path, 'must be a string');
		if (value.length > max * 4) return fail(path, `must be at most ${max} characters`);
		const clean = cleanText(value, { multiline });
		const length = [...clean].length;
		if (length < min)
			return fail(path, min === 1 ? 'must not be empty' : `needs ${min} characters`);
		if (length > max) return fail(path, `must be at most ${max} characters`);
		return { ok: true, value: clean };
	};
}

/**
 * Names an object already answers to (`__proto__`, `constructor`, `toString`, …) and `prototype`.
 * Ids become keys of maps on the server and in the document; refusing these is simpler and safer
 * than making every reader use `Object.hasOwn`.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set([
	...Object.getOwnPropertyNames(Object.prototype),
	'prototype'
]);

export const isReservedName = (name: string): boolean => RESERVED_NAMES.has(name);

/** An identifier as the server makes them: short, URL-safe, and not a reserved name. */
export function id(): Check<string> {
	return (value, path) => {
		if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
			return fail(path, 'must be an id (1-64 letters, digits, - or _)');
		}
		if (isReservedName(value)) return fail(path, 'must not be a reserved name');
		return { ok: true, value };
	};
}

export function optional<T>(check: Check<T>): Check<T | undefined> {
	return (value, path) =>
		value === undefined ? { ok: true, value: undefined } : check(value, path);
}

type Shape = Record<string, Check<unknown>>;
type Out<C> = C extends Check<infer T> ? T : never;
/** Fields whose check accepts undefined become optional keys. */
type Parsed<S extends Shape> = {
	[K in keyof S as undefined extends Out<S[K]> ? never : K]: Out<S[K]>;
} & {
	[K in keyof S as undefined extends Out<S[K]> ? K : never]?: Exclude<Out<S[K]>, undefined>;
};

/**
 * An object with exactly these fields (plus `allowed` ones checked elsewhere); unknown fields are
 * refused so that a typo never passes silently.
 */
export function object<S extends Shape>(
	shape: S,
	allowed: readonly string[] = []
): Check<Parsed<S>> {
	return (value, path) => {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			return fail(path, 'must be an object');
		}
		const input = value as Record<string, unknown>;
		// Own keys only: `in` would let `constructor` or `__proto__` pass as known fields.
		for (const key of Object.keys(input)) {
			if (!Object.hasOwn(shape, key) && !allowed.includes(key))
				return fail(`${path}.${key.slice(0, 64)}`, 'is not allowed');
		}
		const out: Record<string, unknown> = {};
		for (const [key, check] of Object.entries(shape)) {
			const result = check(Object.hasOwn(input, key) ? input[key] : undefined, `${path}.${key}`);
			if (!result.ok) return result;
			if (result.value !== undefined) defineOwn(out, key, result.value);
		}
		return { ok: true, value: out as Parsed<S> };
	};
}

/** One of a fixed set of strings. */
export function oneOf<const T extends string>(values: readonly T[]): Check<T> {
	return (value, path) =>
		typeof value === 'string' && (values as readonly string[]).includes(value)
			? { ok: true, value: value as T }
			: fail(path, `must be one of ${values.map((v) => `"${v}"`).join(', ')}`);
}

/** A whole number within bounds. */
export function int({ min, max }: { min: number; max: number }): Check<number> {
	return (value, path) =>
		typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
			? { ok: true, value }
			: fail(path, `must be a whole number from ${min} to ${max}`);
}

/** An id, or '' for "none". */
export function idOrEmpty(): Check<string> {
	const check = id();
	return (value, path) => (value === '' ? { ok: true, value } : check(value, path));
}

/** A list of items that each pass `item`. */
export function array<T>(
	item: Check<T>,
	{ min = 0, max }: { min?: number; max: number }
): Check<T[]> {
	return (value, path) => {
		if (!Array.isArray(value)) return fail(path, 'must be a list');
		if (value.length < min || value.length > max) {
			return fail(path, `must have ${min} to ${max} items`);
		}
		const out: T[] = [];
		for (const [index, element] of value.entries()) {
			const result = item(element, `${path}[${index}]`);
			if (!result.ok) return result;
			out.push(result.value);
		}
		return { ok: true, value: out };
	};
}

/** An object used as a map from ids to values. */
export function record<T>(
	valueCheck: Check<T>,
	{ max }: { max: number }
): Check<Record<string, T>> {
	const key = id();
	return (value, path) => {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			return fail(path, 'must be an object');
		}
		const entries = Object.entries(value as Record<string, unknown>);
		if (entries.length > max) return fail(path, `must have at most ${max} entries`);
		const out: Record<string, T> = {};
		for (const [name, element] of entries) {
			const keyResult = key(name, `${path}.${name.slice(0, 64)}`);
			if (!keyResult.ok) return keyResult;
			const result = valueCheck(element, `${path}.${name}`);
			if (!result.ok) return result;
			defineOwn(out, name, result.value);
		}
		return { ok: true, value: out };
	};
}

export function bool(): Check<boolean> {
	return (value, path) =>
		typeof value === 'boolean' ? { ok: true, value } : fail(path, 'must be true or false');
}
