import { describe, expect, it } from 'vitest';
import { keyBetween } from './order-key.ts';
import { seededRandom } from '../../../tests/helpers/memory-client.ts';

describe('order keys', () => {
	it('fall strictly between their neighbours, at the ends too', () => {
		const first = keyBetween(undefined, undefined);
		const after = keyBetween(first, undefined);
		const before = keyBetween(undefined, first);
		const middle = keyBetween(first, after);
		expect([before, first, middle, after]).toEqual([before, first, middle, after].sort());
		expect(new Set([before, first, middle, after]).size).toBe(4);
	});

	it('keep finding room after many insertions at random places', () => {
		const random = seededRandom(7);
		const keys: string[] = [keyBetween(undefined, undefined)];
		for (let i = 0; i < 500; i++) {
			const at = Math.floor(random() * (keys.length + 1));
			const key = keyBetween(keys[at - 1], keys[at]);
			if (at > 0) expect(key > keys[at - 1]!).toBe(true);
			if (at < keys.length) expect(key < keys[at]!).toBe(true);
			keys.splice(at, 0, key);
		}
		expect([...keys].sort()).toEqual(keys);
		expect(Math.max(...keys.map((k) => k.length))).toBeLessThan(40);
	});

	it('refuse neighbours in the wrong order', () => {
		expect(() => keyBetween('b', 'a')).toThrow(RangeError);
	});
});
