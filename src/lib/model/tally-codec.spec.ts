import { describe, expect, it } from 'vitest';
import { countPoll, releasePoll, tallyPoll } from './tally.ts';
import { packTally, unpackTally } from './tally-codec.ts';
import type { PollBallot, PollMode } from './types.ts';

const options = [
	{ id: 'a', title: 'A', description: '' },
	{ id: 'b', title: 'B', description: '' },
	{ id: 'c', title: 'C', description: '' }
];
const ids = options.map((o) => o.id);

function roundTrip(mode: PollMode, ballots: [string, PollBallot][]) {
	const tally = tallyPoll(
		mode,
		options,
		ballots.map(([perspective, ballot]) => ({ perspective, ballot }))
	);
	const packed = packTally(tally, mode, ids);
	// What a device decodes goes through JSON-like any encoding: arrays and numbers only.
	return { tally, packed, back: unpackTally(JSON.parse(JSON.stringify(packed)), mode, ids) };
}

describe('the packed tally in the doc', () => {
	it('reads back exactly what was counted, in every mode', () => {
		const cases: [PollMode, [string, PollBallot][]][] = [
			[
				'single',
				[
					['wethouder', { choice: 'a' }],
					['gi', { choice: 'c' }],
					['', { choice: 'a' }]
				]
			],
			[
				'points',
				[
					['wethouder', { points: { a: 3, b: 7 } }],
					['gi', { points: { c: 10 } }]
				]
			],
			[
				'nowDesired',
				[
					['wethouder', { now: 'a', desired: 'b' }],
					['gi', { now: 'c', desired: 'b' }]
				]
			]
		];
		for (const [mode, ballots] of cases) {
			const { tally, back } = roundTrip(mode, ballots);
			expect(back, mode).toEqual(tally);
			expect(JSON.stringify(back), mode).toBe(JSON.stringify(tally));
		}
	});

	it('is arrays of numbers, much smaller than the object it stands for', () => {
		const { tally, packed } = roundTrip('single', [['wethouder', { choice: 'a' }]]);
		expect(packed).toEqual([1, [1, 0, 0], ['wethouder'], [[1, 1, 0, 0]]]);
		expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(tally).length / 2);
	});

	it('packs the totals alone before the breakdown, and the merged groups after it', () => {
		const counts = countPoll(
			'single',
			options,
			[
				['wethouder', { choice: 'a' }],
				['wethouder', { choice: 'b' }],
				['wethouder', { choice: 'b' }],
				['gi', { choice: 'c' }],
				['', { choice: 'c' }],
				['aanbieder', { choice: 'a' }]
			].map(([perspective, ballot]) => ({
				perspective: perspective as string,
				ballot: ballot as PollBallot
			}))
		);
		const open = { voters: 6, ...releasePoll(counts, 3, false) };
		expect(packTally(open, 'single', ids)).toEqual([6, [2, 2, 2]]);
		expect(unpackTally([6, [2, 2, 2]], 'single', ids)).toEqual(open);
		const closed = { voters: 6, ...releasePoll(counts, 3, true) };
		const packed = packTally(closed, 'single', ids);
		expect(packed).toEqual([
			6,
			[2, 2, 2],
			['wethouder'],
			[[3, 1, 2, 0]],
			['', 'aanbieder', 'gi'],
			[3, 1, 0, 2]
		]);
		expect(unpackTally(JSON.parse(JSON.stringify(packed)), 'single', ids)).toEqual(closed);
	});

	it('keeps only the voter count while no counts are released, and reads older tallies', () => {
		expect(packTally({ voters: 4 }, 'single', ids)).toEqual([4]);
		expect(unpackTally([4], 'single', ids)).toEqual({ voters: 4 });
		// Older documents published how often ballots changed; it is read, no longer written.
		expect(packTally({ voters: 4, changes: 6 }, 'single', ids)).toEqual([4]);
		expect(unpackTally([4, 6], 'single', ids)).toEqual({ voters: 4, changes: 6 });
		expect(unpackTally({ voters: 2, totals: { a: 2 } }, 'single', ids)).toEqual({
			voters: 2,
			totals: { a: 2 }
		});
		expect(unpackTally(undefined, 'single', ids)).toEqual({ voters: 0 });
	});
});
