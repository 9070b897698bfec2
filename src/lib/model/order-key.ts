/**
 * Fractional order keys: strings that sort between their neighbours, so putting a card between
 * two others rewrites only that card. Keys are base-36 fractions ("0.xyz") that never end in '0',
 * so there is always room for another key between any two.
 */
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A key strictly between `before` and `after` (either may be absent: the start or the end). */
export function keyBetween(before: string | undefined, after: string | undefined): string {
	if (before !== undefined && after !== undefined && before >= after) {
		throw new RangeError(`no key between "${before}" and "${after}"`);
	}
	let key = '';
	let bounded = after !== undefined;
	for (let i = 0; ; i++) {
		const low = before !== undefined && i < before.length ? DIGITS.indexOf(before[i]!) : 0;
		const high =
			bounded && after !== undefined && i < after.length
				? DIGITS.indexOf(after[i]!)
				: DIGITS.length;
		if (high - low > 1) return key + DIGITS[(low + high) >> 1];
		key += DIGITS[low];
		// Once the key is below `after` at this digit, later digits cannot break that.
		if (high - low === 1) bounded = false;
	}
}

/** Orders by key, and by id where two keys are equal, so every replica sorts the same. */
export function byOrderKey<T extends { order: string; id: string }>(a: T, b: T): number {
	return a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
