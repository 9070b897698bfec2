import { describe, expect, it } from 'vitest';
import {
	answered,
	distribution,
	distributions,
	division,
	mean,
	perspectiveGap,
	rankDividing,
	spread
} from './stats.ts';

describe('counting answers per point', () => {
	it('counts how many chose each point', () => {
		expect(distribution([0, 4, 4, 2, 4], 5)).toEqual([1, 0, 1, 0, 3]);
		expect(distribution([], 3)).toEqual([0, 0, 0]);
	});

	it('leaves out answers that are not a point of the scale', () => {
		const odd = [-1, 5, 1.5, NaN, Infinity, '2', null, undefined, 2] as unknown as number[];
		expect(distribution(odd, 5)).toEqual([0, 0, 1, 0, 0]);
	});

	it('gives no counts for a number of points that is no scale', () => {
		expect(distribution([0], 0)).toEqual([]);
		expect(distribution([0], -3)).toEqual([]);
		expect(distribution([0], 2.5)).toEqual([]);
		expect(distribution([0], NaN)).toEqual([]);
		expect(distribution([0], 1e12)).toEqual([]);
		expect(distribution(undefined as unknown as number[], 2)).toEqual([0, 0]);
	});

	it('counts each statement from the ballots', () => {
		const ballots: Record<string, number>[] = [{ a: 0, b: 4 }, { a: 1 }, { b: 3, onbekend: 2 }];
		const counts = distributions(ballots, ['a', 'b', 'c'], 5);
		expect(counts).toEqual(
			new Map([
				['a', [1, 1, 0, 0, 0]],
				['b', [0, 0, 0, 1, 1]],
				['c', [0, 0, 0, 0, 0]]
			])
		);
	});

	it('reads odd ballots and inherited keys as no answer', () => {
		const ballots = [
			null,
			'a',
			[1, 2],
			{ a: 9 },
			{ a: '1' },
			JSON.parse('{"__proto__": {"a": 2}, "b": 1}'),
			Object.create({ a: 3 })
		] as unknown as Record<string, number>[];
		expect(distributions(ballots, ['a', 'b', 'constructor', 'toString'], 4)).toEqual(
			new Map([
				['a', [0, 0, 0, 0]],
				['b', [0, 1, 0, 0]],
				['constructor', [0, 0, 0, 0]],
				['toString', [0, 0, 0, 0]]
			])
		);
	});
});

describe('the mean and spread of a distribution', () => {
	it('gives the mean point and the population standard deviation', () => {
		expect(answered([1, 0, 1, 0, 3])).toBe(5);
		expect(mean([1, 0, 1, 0, 3])).toBeCloseTo(2.8);
		// Points 0, 2, 4, 4, 4 around 2.8: squares 7.84 + 0.64 + 3 × 1.44, over 5.
		expect(spread([1, 0, 1, 0, 3])).toBeCloseTo(Math.sqrt(12.8 / 5));
		expect(spread([0, 4, 0])).toBe(0);
	});

	it('gives no mean or spread when nobody answered', () => {
		expect(mean([0, 0, 0])).toBeUndefined();
		expect(spread([0, 0, 0])).toBeUndefined();
		expect(mean([])).toBeUndefined();
		expect(answered(undefined as unknown as number[])).toBe(0);
	});

	it('counts odd counts as nobody', () => {
		expect(mean([NaN, -2, 2, Infinity] as number[])).toBe(2);
		expect(answered(['3', null, 1] as unknown as number[])).toBe(1);
	});
});

describe('how much a statement divides the room', () => {
	it('is 0 when everyone gives the same answer', () => {
		expect(division([0, 0, 7, 0, 0])).toBe(0);
		expect(division([3, 0, 0, 0, 0])).toBe(0);
		expect(division([0, 0, 0, 0, 1])).toBe(0);
	});

	it('is 1 when the room splits evenly between the extremes', () => {
		expect(division([5, 0, 0, 0, 5])).toBe(1);
		expect(division([1, 0, 0, 0, 0, 0, 1])).toBe(1);
		expect(division([2, 2])).toBe(1);
	});

	it('gives a uniform spread √((p + 1) / (3(p − 1))) of the way', () => {
		expect(division([1, 1, 1, 1, 1])).toBeCloseTo(Math.sqrt(0.5));
		expect(division([4, 4, 4])).toBeCloseTo(Math.sqrt(4 / 6));
		expect(division([2, 2, 2, 2, 2, 2, 2])).toBeCloseTo(Math.sqrt(8 / 18));
	});

	it('lies between for a room leaning one way', () => {
		const leaning = division([0, 1, 2, 6, 3]);
		expect(leaning).toBeGreaterThan(0);
		expect(leaning).toBeLessThan(division([1, 1, 1, 1, 1]));
	});

	it('does not depend on the size of the room', () => {
		expect(division([30, 10, 0, 20, 40])).toBeCloseTo(division([3, 1, 0, 2, 4]));
	});

	it('falls just short of 1 for an odd room at the extremes', () => {
		expect(division([2, 0, 0, 0, 1])).toBeCloseTo(Math.sqrt(32 / 9) / 2);
	});

	it('is 0 when nobody answered, on a one-point scale, or for odd input', () => {
		expect(division([0, 0, 0, 0, 0])).toBe(0);
		expect(division([4])).toBe(0);
		expect(division([])).toBe(0);
		expect(division(undefined as unknown as number[])).toBe(0);
		expect(division([NaN, 3, -1] as number[])).toBe(0);
	});
});

describe('how far the perspectives lie apart', () => {
	it('is 1 when one perspective is at each end', () => {
		expect(
			perspectiveGap([
				[3, 0, 0, 0, 0],
				[0, 0, 0, 0, 4]
			])
		).toBe(1);
	});

	it('is 0 when the perspectives share their mean', () => {
		expect(
			perspectiveGap([
				[1, 0, 1],
				[0, 2, 0],
				[0, 5, 0]
			])
		).toBe(0);
	});

	it('takes the highest mean less the lowest, over the scale', () => {
		// Means 1, 2 and 3 on a five-point scale: 2 of 4 points apart.
		expect(
			perspectiveGap([
				[0, 2, 0, 0, 0],
				[0, 0, 2, 0, 0],
				[0, 0, 0, 3, 0]
			])
		).toBe(0.5);
	});

	it('leaves out perspectives nobody in answered', () => {
		expect(
			perspectiveGap([
				[0, 0, 0, 0],
				[0, 3, 0, 0],
				[0, 0, 0, 0]
			])
		).toBe(0);
		expect(
			perspectiveGap([
				[0, 0, 0, 0],
				[2, 0, 0, 0],
				[0, 0, 0, 1]
			])
		).toBe(1);
	});

	it('is 0 for fewer than two perspectives or odd input', () => {
		expect(perspectiveGap([])).toBe(0);
		expect(perspectiveGap([[0, 4, 0]])).toBe(0);
		expect(perspectiveGap([[1], [1]])).toBe(0);
		expect(perspectiveGap(undefined as unknown as number[][])).toBe(0);
		expect(perspectiveGap([null, 'x', [1, 0]] as unknown as number[][])).toBe(0);
	});
});

describe('ranking statements by how much they divide', () => {
	it('puts the most dividing first, by the larger of division and gap', () => {
		const ranked = rankDividing([
			{ id: 'eens', counts: [0, 0, 0, 0, 6] },
			{ id: 'verdeeld', counts: [3, 0, 0, 0, 3] },
			{
				id: 'kloof',
				counts: [0, 0, 3, 3, 0],
				// Within the room the answers lie close; between the perspectives they do not.
				byPerspective: [
					[0, 0, 3, 0, 0],
					[0, 0, 0, 3, 0]
				]
			},
			{ id: 'gemengd', counts: [1, 1, 1, 1, 1] }
		]);
		expect(ranked.map((s) => s.id)).toEqual(['verdeeld', 'gemengd', 'kloof', 'eens']);
		expect(ranked[2]).toEqual({ id: 'kloof', division: 0.25, gap: 0.25 });
		expect(ranked[3]).toEqual({ id: 'eens', division: 0, gap: 0 });
	});

	it('ranks a statement on its gap when the gap is the larger', () => {
		const ranked = rankDividing([
			{ id: 'binnen', counts: [0, 1, 0, 1, 0] },
			{
				id: 'tussen',
				counts: [2, 0, 0, 0, 1],
				byPerspective: [
					[2, 0, 0, 0, 0],
					[0, 0, 0, 0, 1]
				]
			}
		]);
		expect(ranked.map((s) => s.id)).toEqual(['tussen', 'binnen']);
		expect(ranked[0]!.gap).toBe(1);
		expect(ranked[0]!.division).toBeLessThan(1);
	});

	it('orders ties by id, mirrored distributions included', () => {
		// Mirror images divide equally, though their computed spreads differ in the last bit.
		expect(division([1, 0, 2, 2, 2])).not.toBe(division([2, 2, 2, 0, 1]));
		const ranked = rankDividing([
			{ id: 'c', counts: [1, 0, 2, 2, 2] },
			{ id: 'b', counts: [2, 2, 2, 0, 1] },
			{ id: 'a', counts: [1, 0, 2, 2, 2] }
		]);
		expect(ranked.map((s) => s.id)).toEqual(['a', 'b', 'c']);
	});

	it('orders ids by code point', () => {
		const same = [0, 1, 1];
		expect(
			rankDividing([
				{ id: 'één', counts: same },
				{ id: 'zes', counts: same },
				{ id: 'Z', counts: same }
			]).map((s) => s.id)
		).toEqual(['Z', 'zes', 'één']);
	});

	it('reads a statement given twice once, and skips odd entries', () => {
		const ranked = rankDividing([
			{ id: 'a', counts: [1, 1] },
			{ id: 'a', counts: [0, 2] },
			null,
			{ counts: [1, 1] },
			{ id: 'b', counts: 'veel' }
		] as unknown as Parameters<typeof rankDividing>[0]);
		expect(ranked).toEqual([
			{ id: 'a', division: 1, gap: 0 },
			{ id: 'b', division: 0, gap: 0 }
		]);
	});

	it('gives nothing for no statements', () => {
		expect(rankDividing([])).toEqual([]);
		expect(rankDividing(undefined as unknown as [])).toEqual([]);
	});
});
