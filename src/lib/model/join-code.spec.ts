import { describe, expect, it } from 'vitest';
import {
	JOIN_CODE_ALPHABET,
	LOOK_ALIKES,
	formatJoinCode,
	joinCodeFromBytes,
	lookAlikesIn,
	normalizeJoinCode
} from './join-code.ts';

describe('join codes', () => {
	it('use no characters that are easily confused', () => {
		for (const char of '0O1IL') expect(JOIN_CODE_ALPHABET).not.toContain(char);
	});

	it('are eight characters from the alphabet, skipping biased bytes', () => {
		const code = joinCodeFromBytes(new Uint8Array([255, 250, 0, 1, 2, 3, 4, 5, 6, 30]));
		expect(code).toBe('ABCDEFG' + JOIN_CODE_ALPHABET[30]);
		expect(code).toHaveLength(8);
	});

	it('accept what people type: lower case, spaces and dashes', () => {
		expect(normalizeJoinCode(' abcd-2345 ')).toBe('ABCD2345');
		expect(normalizeJoinCode('ABCD 2 3 4 5')).toBe('ABCD2345');
		expect(normalizeJoinCode(formatJoinCode('KB7M4QXR'))).toBe('KB7M4QXR');
	});

	it('still accept the six-character codes of older sessions', () => {
		expect(normalizeJoinCode('abc-234')).toBe('ABC234');
	});

	it('refuse impossible codes', () => {
		expect(normalizeJoinCode('ABCD234')).toBeUndefined();
		expect(normalizeJoinCode('ABCD23456')).toBeUndefined();
		expect(normalizeJoinCode('ABCDO345')).toBeUndefined();
	});

	it('have no twin for a look-alike to be read as, so a typed look-alike is named, not corrected', () => {
		// 0/O and 1/I/L: were one of each group in the alphabet, the other could be mapped onto it.
		for (const char of LOOK_ALIKES) expect(JOIN_CODE_ALPHABET).not.toContain(char);
		expect(normalizeJoinCode('KB7M 4QX0')).toBeUndefined();
		expect(lookAlikesIn('kb7m 4qx0')).toEqual(['0']);
		expect(lookAlikesIn('o1-il-0o')).toEqual(['O', '1', 'I', 'L', '0']);
		expect(lookAlikesIn('KB7M 4QXR')).toEqual([]);
	});

	it('read in two halves', () => {
		expect(formatJoinCode('KB7M4QXR')).toBe('KB7M 4QXR');
	});
});
