/**
 * Join codes avoid characters people confuse when reading them off a projector:
 * no 0/O and no 1/I/L.
 */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/**
 * Eight characters: 31^8 ≈ 8.5 · 10^11 codes, so that guessing one at the server's limits takes
 * years (the arithmetic is in docs/architecture.md, "Join codes").
 */
export const JOIN_CODE_LENGTH = 8;
/** Sessions made before codes grew to eight characters keep their six. */
const LEGACY_JOIN_CODE_LENGTH = 6;

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

/**
 * Characters people type for ones they misread. No code has any of them, nor a twin to read them
 * as: 0 and O are both left out, and so are 1, I and L. So a typed look-alike cannot be corrected
 * without guessing; the person is told which one to read again instead.
 */
export const LOOK_ALIKES = '0O1IL';

/** The look-alikes in what someone typed, each once, in the order typed (upper case). */
export function lookAlikesIn(input: string): string[] {
	return [...new Set([...input.toUpperCase()].filter((char) => LOOK_ALIKES.includes(char)))];
}

/** Accepts what people type: lower case, spaces and dashes; returns undefined when impossible. */
export function normalizeJoinCode(input: string): string | undefined {
	const code = input.toUpperCase().replace(/[\s-]/g, '');
	if (code.length !== JOIN_CODE_LENGTH && code.length !== LEGACY_JOIN_CODE_LENGTH) return undefined;
	for (const char of code) if (!JOIN_CODE_ALPHABET.includes(char)) return undefined;
	return code;
}

/** A code as people read it off a screen: in two halves ("KB7M 4QXR"). */
export function formatJoinCode(code: string): string {
	const half = Math.ceil(code.length / 2);
	return code.length > 4 ? `${code.slice(0, half)} ${code.slice(half)}` : code;
}
