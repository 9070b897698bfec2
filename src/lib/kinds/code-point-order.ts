/**
 * Compares two strings by Unicode code point, for `Array.prototype.sort`.
 *
 * Not `localeCompare`: its order depends on the ICU data of the Node (or browser) that runs it,
 * and a result must list the same way on the server, in an export and on every phone. Not plain
 * `<` either: that compares UTF-16 code units, which puts a character past U+FFFF (stored as a
 * surrogate pair, U+D800–U+DFFF) before one in U+E000–U+FFFF, against its code point.
 */
export function byCodePoint(a: string, b: string): number {
	const shorter = Math.min(a.length, b.length);
	for (let i = 0; i < shorter; i++) {
		const x = a.charCodeAt(i);
		const y = b.charCodeAt(i);
		if (x === y) continue;
		// Surrogates compare among themselves in code-point order already; against any other unit,
		// the surrogate stands for a code point past U+FFFF and so comes last.
		const xSurrogate = isSurrogate(x);
		if (xSurrogate !== isSurrogate(y)) return xSurrogate ? 1 : -1;
		return x - y;
	}
	return a.length - b.length;
}

const isSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdfff;
