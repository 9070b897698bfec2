/**
 * Join codes avoid characters people confuse when reading them off a projector:
 * no 0/O and no 1/I/L.
 */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;

/** Builds a code from random bytes (passed in, so the model stays pure). */
export function joinCodeFromBytes(bytes: Uint8Array): string {
	if (bytes.length < JOIN_CODE_LENGTH) throw new RangeError('need one byte per character');
	let code = '';
	// 256 is not a multiple of 31, so bytes at or above 248 would favour the first letters;
	// callers pass extra bytes and we skip the biased ones.
	const limit = 256 - (256 % JOIN_CODE_ALPHABET.length);
	for (const byte of bytes) {
		if (byte >= limit) continue;
		code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length];
		if (code.length === JOIN_CODE_LENGTH) return code;
	}
	throw new RangeError('not enough unbiased bytes');
}

/** Accepts what people type: lower case, spaces and dashes; returns undefined when impossible. */
export function normalizeJoinCode(input: string): string | undefined {
	const code = input.toUpperCase().replace(/[\s-]/g, '');
	if (code.length !== JOIN_CODE_LENGTH) return undefined;
	for (const char of code) if (!JOIN_CODE_ALPHABET.includes(char)) return undefined;
	return code;
}
