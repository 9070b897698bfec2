import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.ts';

describe('token buckets', () => {
	it('let a key burst up to the capacity, then hold it to the rate', () => {
		const buckets = new TokenBuckets({ capacity: 3, perSecond: 2 });
		for (let i = 0; i < 3; i++) expect(buckets.take('a', 0)).toBe(0);
		expect(buckets.take('a', 0)).toBe(500);
		expect(buckets.take('a', 250)).toBe(250);
		expect(buckets.take('a', 500)).toBe(0);
		// Another key has a bucket of its own.
		expect(buckets.take('b', 500)).toBe(0);
	});

	it('refill to the capacity and no further', () => {
		const buckets = new TokenBuckets({ capacity: 2, perSecond: 1 });
		buckets.take('a', 0, 2);
		expect(buckets.isFull('a', 1000)).toBe(false);
		expect(buckets.isFull('a', 2000)).toBe(true);
		expect(buckets.take('a', 60_000, 2)).toBe(0);
		expect(buckets.take('a', 60_000)).toBeGreaterThan(0);
	});

	it('charge a cost, and say when a cost can never be met', () => {
		const buckets = new TokenBuckets({ capacity: 10, perSecond: 1 });
		expect(buckets.take('a', 0, 10)).toBe(0);
		expect(buckets.wait('a', 0, 5)).toBe(5000);
		expect(buckets.wait('a', 0, 11)).toBe(Infinity);
	});

	it('keep memory bounded: full buckets go first, then the least recently used', () => {
		const buckets = new TokenBuckets({ capacity: 2, perSecond: 1 }, { maxKeys: 100 });
		for (let i = 0; i < 100; i++) buckets.take(`k${i}`, 0);
		buckets.take('k0', 0);
		// Much later every bucket is full again: all are dropped when the map grows too large.
		buckets.take('late', 10_000);
		expect(buckets.size).toBe(1);
		for (let i = 0; i < 150; i++) buckets.take(`busy${i}`, 20_000, 2);
		expect(buckets.size).toBeLessThanOrEqual(100);
		// The most recent keys are the ones kept.
		expect(buckets.wait('busy149', 20_000)).toBeGreaterThan(0);
	});
});
