import { describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET, joinCodeFromBytes, normalizeJoinCode } from './join-code.ts';

describe('join codes', () => {
	it('use no characters that are easily confused', () => {
		for (const char of '0O1IL') expect(JOIN_CODE_ALPHABET).not.toContain(char);
	});

	it('are six characters from the alphabet, skipping biased bytes', () => {
		const code = joinCodeFromBytes(new Uint8Array([255, 250, 0, 1, 2, 3, 4, 30]));
		expect(code).toBe('ABCDEZ'.slice(0, 5) + JOIN_CODE_ALPHABET[30]);
		expect(code).toHaveLength(6);
	});

	it('accept what people type: lower case, spaces and dashes', () => {
		expect(normalizeJoinCode(' abc-234 ')).toBe('ABC234');
		expect(normalizeJoinCode('ABC 2 3 4')).toBe('ABC234');
	});

	it('refuse impossible codes', () => {
		expect(normalizeJoinCode('ABC23')).toBeUndefined();
		expect(normalizeJoinCode('ABC2340')).toBeUndefined();
		expect(normalizeJoinCode('ABCO34')).toBeUndefined();
	});
});
