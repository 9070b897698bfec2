import { describe, expect, it } from 'vitest';
import {
	JOIN_CODE_ALPHABET,
	formatJoinCode,
	joinCodeFromBytes,
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

	it('read in two halves', () => {
		expect(formatJoinCode('KB7M4QXR')).toBe('KB7M 4QXR');
	});
});
