import { describe, expect, it } from 'vitest';
import { bool, id, object, optional, record, text } from './validate.ts';

const line = text({ min: 1, max: 50 });
const lines = text({ min: 1, max: 50, multiline: true });

describe('a text', () => {
	it.each([
		['U+FFFE', 'a\uFFFEb', 'ab'],
		['U+FFFF', 'a\uFFFFb', 'ab'],
		['a lone high surrogate', 'a\uD83Db', 'ab'],
		['a lone low surrogate', 'a\uDE00b', 'ab'],
		['a high surrogate at the end', 'ab\uD83D', 'ab'],
		['two high surrogates before a low one', 'a\uD83D\uD83D\uDE00', 'a😀'],
		['U+0000', 'a\u0000b', 'ab'],
		['U+0007', 'a\u0007b', 'ab'],
		['DEL', 'a\u007Fb', 'ab'],
		['a bidi override', 'a\u202Eb\u2066c', 'abc']
	])('loses %s', (_label, input, expected) => {
		expect(line(input, 'text')).toEqual({ ok: true, value: expected });
		expect(lines(input, 'text')).toEqual({ ok: true, value: expected });
	});

	it('keeps emoji, their joiners and tabs', () => {
		const family = '👩\u200D👩\u200D👧';
		expect(line(`samen ${family}\tklaar`, 'text')).toEqual({
			ok: true,
			value: `samen ${family}\tklaar`
		});
	});

	it('turns every line break into \\n in a multi-line field', () => {
		expect(lines('een\r\ntwee\rdrie\nvier', 'text')).toEqual({
			ok: true,
			value: 'een\ntwee\ndrie\nvier'
		});
	});

	it('turns line breaks into spaces in a single-line field', () => {
		expect(line('een\r\ntwee\rdrie', 'text')).toEqual({ ok: true, value: 'een twee drie' });
	});

	it('is trimmed of whitespace and zero-width characters at both ends', () => {
		expect(line('\uFEFF\u200B zin \u2060\u200C\u200D', 'text')).toEqual({ ok: true, value: 'zin' });
		expect(lines('\u200B\n zin\n\u200B', 'text')).toEqual({ ok: true, value: 'zin' });
	});

	it.each([
		['zero-width spaces', '\u200B\u200B\u200B'],
		['zero-width characters and spaces', ' \u200B \u200C\u200D \u2060\uFEFF '],
		['zero-width characters and line breaks', '\u200B\r\n\u200B\n'],
		['characters that are all stripped', '\uFFFE\u0001\uD800\u202E']
	])('made only of %s is empty', (_label, input) => {
		expect(line(input, 'text')).toEqual({ ok: false, path: 'text', problem: 'must not be empty' });
		expect(lines(input, 'text')).toEqual({ ok: false, path: 'text', problem: 'must not be empty' });
		expect(text({ max: 50 })(input, 'text')).toEqual({ ok: true, value: '' });
	});

	it('counts characters after cleaning, so an astral character counts once', () => {
		expect(text({ max: 2 })('😀😀\uFFFE', 'text')).toEqual({ ok: true, value: '😀😀' });
		expect(text({ max: 2 })('😀😀😀', 'text')).toMatchObject({ ok: false });
	});
});

describe('an id', () => {
	const check = id();

	it.each([
		'a',
		'step-1',
		'card_2',
		'V1StGXR8_Z5jdHi6B-myT',
		'proto',
		'Constructor',
		'x'.repeat(64)
	])('accepts %s', (value) => {
		expect(check(value, 'id')).toEqual({ ok: true, value });
	});

	it.each([
		'__proto__',
		'constructor',
		'prototype',
		'toString',
		'valueOf',
		'hasOwnProperty',
		'isPrototypeOf',
		'__defineGetter__'
	])('refuses the reserved name %s', (value) => {
		expect(check(value, 'id')).toEqual({
			ok: false,
			path: 'id',
			problem: 'must not be a reserved name'
		});
	});

	it.each(['', 'a b', 'a/b', 'x'.repeat(65), 5, null])('refuses %j', (value) => {
		expect(check(value, 'id')).toMatchObject({ ok: false, path: 'id' });
	});
});

describe('a record', () => {
	const regions = record(bool(), { max: 5 });

	it('accepts ids as keys and returns an object that holds only them', () => {
		const result = regions({ ijmond: false, 'regio-2': true }, 'regions');
		expect(result).toEqual({ ok: true, value: { ijmond: false, 'regio-2': true } });
		if (result.ok) expect(Object.keys(result.value)).toEqual(['ijmond', 'regio-2']);
	});

	it.each(['{"__proto__": true}', '{"constructor": true}', '{"prototype": false}'])(
		'refuses the reserved key in %s',
		(json) => {
			// Parsed from JSON, as the server does: `__proto__` is then an own key, not the prototype.
			const input: unknown = JSON.parse(json);
			const result = regions(input, 'regions');
			expect(result).toMatchObject({ ok: false, problem: 'must not be a reserved name' });
		}
	);
});

describe('an object', () => {
	const shape = object({ name: optional(line) });

	it.each(['{"__proto__": {"admin": true}}', '{"constructor": 1}', '{"toString": "x"}'])(
		'refuses the field in %s as not allowed',
		(json) => {
			expect(shape(JSON.parse(json), 'body')).toMatchObject({
				ok: false,
				problem: 'is not allowed'
			});
		}
	);

	// A plain object, not one without a prototype: Yjs stores only plain objects.
	it('returns its fields as own properties of a plain object', () => {
		const result = shape({ name: ' Anna ' }, 'body');
		expect(result).toEqual({ ok: true, value: { name: 'Anna' } });
		if (result.ok) {
			expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
			expect(Object.hasOwn(result.value, 'name')).toBe(true);
		}
	});
});
