import { describe, expect, it } from 'vitest';
import { borda, validRanking } from './borda.ts';

const items = ['preventie', 'wachtlijst', 'samenwerking', 'inkoop'];

const pointsOf = (ranked: ReturnType<typeof borda>): Record<string, number> =>
	Object.fromEntries(ranked.map((item) => [item.id, item.points]));

describe('reading a ballot', () => {
	it('keeps the known ids in order', () => {
		expect(validRanking(['inkoop', 'preventie'], new Set(items))).toEqual(['inkoop', 'preventie']);
	});

	it('leaves out unknown ids, later copies and anything that is not a string', () => {
		expect(
			validRanking(
				['weg', 'inkoop', 3, null, 'inkoop', 'preventie', { id: 'wachtlijst' }, 'preventie'],
				new Set(items)
			)
		).toEqual(['inkoop', 'preventie']);
	});

	it('reads something that is not a list as an empty ballot', () => {
		expect(validRanking('inkoop', new Set(items))).toEqual([]);
		expect(validRanking(null, new Set(items))).toEqual([]);
		expect(validRanking({ 0: 'inkoop', length: 1 }, new Set(items))).toEqual([]);
	});
});

describe('counting a ranking', () => {
	it('gives m points to the first of m ranked items, down to 1 for the last', () => {
		const ranked = borda(
			[
				['preventie', 'wachtlijst', 'samenwerking', 'inkoop'],
				['wachtlijst', 'preventie', 'inkoop', 'samenwerking'],
				['preventie', 'samenwerking', 'wachtlijst', 'inkoop']
			],
			items
		);
		expect(ranked).toEqual([
			{
				id: 'preventie',
				points: 11,
				meanRank: expect.closeTo(4 / 3),
				spread: expect.closeTo(Math.sqrt(2) / 3),
				first: 2,
				ranked: 3
			},
			{
				id: 'wachtlijst',
				points: 9,
				meanRank: 2,
				spread: expect.closeTo(Math.sqrt(2 / 3)),
				first: 1,
				ranked: 3
			},
			{
				id: 'samenwerking',
				points: 6,
				meanRank: 3,
				spread: expect.closeTo(Math.sqrt(2 / 3)),
				first: 0,
				ranked: 3
			},
			{
				id: 'inkoop',
				points: 4,
				meanRank: 11 / 3,
				spread: expect.closeTo(Math.sqrt(2) / 3),
				first: 0,
				ranked: 3
			}
		]);
	});

	it('orders full ballots as the standard n − 1 … 0 count does', () => {
		const ballots = [
			['inkoop', 'preventie', 'wachtlijst', 'samenwerking'],
			['preventie', 'inkoop', 'samenwerking', 'wachtlijst'],
			['samenwerking', 'wachtlijst', 'preventie', 'inkoop'],
			['preventie', 'samenwerking', 'inkoop', 'wachtlijst'],
			['wachtlijst', 'inkoop', 'samenwerking', 'preventie']
		];
		const standard = new Map<string, number>(items.map((id) => [id, 0]));
		for (const ballot of ballots) {
			ballot.forEach((id, i) => standard.set(id, standard.get(id)! + ballot.length - 1 - i));
		}
		const ranked = borda(ballots, items);
		// One point more per ballot for every item: the same order.
		for (const { id, points } of ranked) expect(points).toBe(standard.get(id)! + ballots.length);
		expect(ranked.map((item) => item.id)).toEqual(
			[...standard].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1)).map(([id]) => id)
		);
	});

	it('breaks ties on points by id', () => {
		const ranked = borda(
			[
				['wachtlijst', 'inkoop'],
				['inkoop', 'wachtlijst']
			],
			items
		);
		expect(ranked.map(({ id, points }) => [id, points])).toEqual([
			['inkoop', 3],
			['wachtlijst', 3],
			['preventie', 0],
			['samenwerking', 0]
		]);
	});

	it('orders ids by code point, not by locale', () => {
		const ranked = borda([], ['één', 'zorg', 'Zorg', 'aandacht']);
		expect(ranked.map((item) => item.id)).toEqual(['Zorg', 'aandacht', 'zorg', 'één']);
	});

	it('gives a partial ballot points only for the items it ranks', () => {
		const ranked = borda([['wachtlijst'], ['inkoop', 'preventie']], items);
		expect(pointsOf(ranked)).toEqual({ wachtlijst: 1, inkoop: 2, preventie: 1, samenwerking: 0 });
		expect(ranked.find((item) => item.id === 'samenwerking')).toEqual({
			id: 'samenwerking',
			points: 0,
			meanRank: 0,
			spread: 0,
			first: 0,
			ranked: 0
		});
		expect(ranked.find((item) => item.id === 'wachtlijst')).toMatchObject({
			meanRank: 1,
			spread: 0,
			first: 1,
			ranked: 1
		});
	});

	it('gives a favourite ranked alone no lead it would not have in a full ranking', () => {
		const full = ['wachtlijst', 'preventie', 'samenwerking', 'inkoop'];
		// What one ballot adds to each item's points.
		const alone = pointsOf(borda([['wachtlijst']], items));
		const inFull = pointsOf(borda([full], items));
		for (const other of full.slice(1)) {
			const leadAlone = alone.wachtlijst! - alone[other]!;
			expect(leadAlone).toBe(1);
			expect(leadAlone).toBeLessThanOrEqual(inFull.wachtlijst! - inFull[other]!);
		}
		// The standard count, with nothing for unranked items, would give it a lead of 3 over
		// every other item: more than a full ranking gives over the runner-up.
	});

	it('ignores unknown ids and copies without letting them take a place', () => {
		const clean = borda([['inkoop', 'preventie']], items);
		const messy = borda(
			[['onbekend', 'inkoop', 'inkoop', 42, 'preventie', 'inkoop']] as unknown as string[][],
			items
		);
		expect(messy).toEqual(clean);
		expect(pointsOf(messy)).toEqual({ inkoop: 2, preventie: 1, wachtlijst: 0, samenwerking: 0 });
	});

	it('counts odd ballots as empty and never throws', () => {
		const garbage = [null, 'inkoop', 7, { 0: 'inkoop' }, [], [null], ['preventie']];
		const ranked = borda(garbage as unknown as string[][], items);
		expect(pointsOf(ranked)).toEqual({ preventie: 1, inkoop: 0, samenwerking: 0, wachtlijst: 0 });
		expect(borda(undefined as unknown as string[][], items)).toHaveLength(4);
		expect(borda([['inkoop']], undefined as unknown as string[])).toEqual([]);
	});

	it('reads an item listed twice once, and skips ids that are not strings', () => {
		const ranked = borda([['inkoop']], ['inkoop', 'inkoop', 5, 'preventie'] as unknown as string[]);
		expect(ranked.map((item) => item.id)).toEqual(['inkoop', 'preventie']);
		expect(pointsOf(ranked).inkoop).toBe(1);
	});

	it('counts items whose ids are names of object properties', () => {
		const ranked = borda([['__proto__', 'constructor']], ['constructor', '__proto__']);
		expect(ranked.map(({ id, points }) => [id, points])).toEqual([
			['__proto__', 2],
			['constructor', 1]
		]);
	});

	it('gives every item zero points when nobody ranked, and nothing without items', () => {
		expect(borda([], items).map(({ id, points, ranked }) => [id, points, ranked])).toEqual([
			['inkoop', 0, 0],
			['preventie', 0, 0],
			['samenwerking', 0, 0],
			['wachtlijst', 0, 0]
		]);
		expect(borda([], [])).toEqual([]);
		expect(borda([['inkoop']], [])).toEqual([]);
	});

	it('gives the same result whatever the order of the ballots', () => {
		const ballots = [
			['inkoop', 'preventie'],
			['wachtlijst', 'inkoop', 'samenwerking'],
			['preventie'],
			['samenwerking', 'wachtlijst', 'preventie', 'inkoop']
		];
		expect(borda([...ballots].reverse(), items)).toEqual(borda(ballots, items));
	});
});
