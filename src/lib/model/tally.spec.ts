import { describe, expect, it } from 'vitest';
import { checkConsentBallot, checkPollBallot } from './ballots.ts';
import {
	consentPassed,
	percent,
	publishedTally,
	tallyConsent,
	tallyPoll,
	type CountedBallot
} from './tally.ts';
import type { ConsentBallot, PollBallot, PollOption } from './types.ts';

const options: PollOption[] = [
	{ id: 'ontmoetingsplaats', title: 'Ontmoetingsplaats', description: '' },
	{ id: 'leernetwerk', title: 'Leernetwerk', description: '' },
	{ id: 'facilitator', title: 'Facilitator', description: '' },
	{ id: 'bestuurlijk-hart', title: 'Bestuurlijk hart', description: '' }
];

const vote = (perspective: string, ballot: PollBallot): CountedBallot<PollBallot> => ({
	perspective,
	ballot
});

describe('tallying a poll', () => {
	it('counts single choices overall and per perspective', () => {
		const tally = tallyPoll('single', options, [
			vote('wethouder', { choice: 'bestuurlijk-hart' }),
			vote('wethouder', { choice: 'bestuurlijk-hart' }),
			vote('aanbieder', { choice: 'leernetwerk' }),
			vote('', { choice: 'facilitator' })
		]);
		expect(tally.voters).toBe(4);
		expect(tally.totals).toEqual({
			ontmoetingsplaats: 0,
			leernetwerk: 1,
			facilitator: 1,
			'bestuurlijk-hart': 2
		});
		expect(tally.byPerspective).toEqual({
			wethouder: {
				voters: 2,
				totals: { ontmoetingsplaats: 0, leernetwerk: 0, facilitator: 0, 'bestuurlijk-hart': 2 }
			},
			aanbieder: {
				voters: 1,
				totals: { ontmoetingsplaats: 0, leernetwerk: 1, facilitator: 0, 'bestuurlijk-hart': 0 }
			}
		});
	});

	it('adds up points per option', () => {
		const tally = tallyPoll('points', options, [
			vote('wethouder', { points: { leernetwerk: 6, facilitator: 4 } }),
			vote('onderwijs', { points: { leernetwerk: 2, 'bestuurlijk-hart': 8 } })
		]);
		expect(tally.voters).toBe(2);
		expect(tally.totals).toMatchObject({ leernetwerk: 8, facilitator: 4, 'bestuurlijk-hart': 8 });
		expect(tally.byPerspective?.onderwijs?.totals).toMatchObject({ leernetwerk: 2 });
	});

	it('counts now and desired separately, per perspective too', () => {
		const tally = tallyPoll('nowDesired', options, [
			vote('wethouder', { now: 'ontmoetingsplaats', desired: 'bestuurlijk-hart' }),
			vote('aanbieder', { now: 'ontmoetingsplaats', desired: 'facilitator' })
		]);
		expect(tally.now).toMatchObject({ ontmoetingsplaats: 2, facilitator: 0 });
		expect(tally.desired).toMatchObject({
			facilitator: 1,
			'bestuurlijk-hart': 1,
			ontmoetingsplaats: 0
		});
		expect(tally.totals).toBeUndefined();
		expect(tally.byPerspective?.wethouder?.desired).toMatchObject({ 'bestuurlijk-hart': 1 });
	});

	it('ignores a ballot for an option the poll no longer has', () => {
		const tally = tallyPoll('single', options, [vote('gi', { choice: 'gone' })]);
		expect(tally.voters).toBe(1);
		expect(Object.values(tally.totals ?? {}).every((n) => n === 0)).toBe(true);
	});

	it('publishes only the number of voters while results are hidden', () => {
		const tally = tallyPoll('single', options, [vote('gi', { choice: 'leernetwerk' })]);
		expect(publishedTally(tally, false)).toEqual({ voters: 1 });
		expect(publishedTally(tally, true)).toBe(tally);
	});

	it('rounds percentages and never divides by zero', () => {
		expect(percent(1, 3)).toBe(33);
		expect(percent(2, 3)).toBe(67);
		expect(percent(0, 0)).toBe(0);
	});
});

describe('checking a ballot against its poll', () => {
	const single = { mode: 'single' as const, options, budget: 10 };
	const points = { mode: 'points' as const, options, budget: 10 };
	const nowDesired = { mode: 'nowDesired' as const, options, budget: 10 };

	it('accepts ballots that fit', () => {
		expect(checkPollBallot(single, { choice: 'leernetwerk' })).toBeUndefined();
		expect(checkPollBallot(points, { points: { leernetwerk: 7, facilitator: 3 } })).toBeUndefined();
		expect(
			checkPollBallot(nowDesired, { now: 'leernetwerk', desired: 'facilitator' })
		).toBeUndefined();
	});

	it.each([
		['an unknown option', single, { choice: 'koning' }, 'unknown_option'],
		['the wrong shape', single, { points: { leernetwerk: 1 } }, 'wrong_ballot'],
		[
			'points over the budget',
			points,
			{ points: { leernetwerk: 7, facilitator: 4 } },
			'over_budget'
		],
		['no points at all', points, { points: { leernetwerk: 0 } }, 'no_points'],
		['an unknown option among points', points, { points: { koning: 1 } }, 'unknown_option'],
		[
			'an unknown desired option',
			nowDesired,
			{ now: 'leernetwerk', desired: 'x' },
			'unknown_option'
		]
	])('refuses %s', (_label, step, ballot, code) => {
		expect(checkPollBallot(step, ballot as PollBallot)?.code).toBe(code);
	});

	it('requires a reason for an objection only', () => {
		expect(checkConsentBallot({ answer: 'objection', reason: ' ' })?.code).toBe('reason_required');
		expect(checkConsentBallot({ answer: 'objection', reason: 'Te vaag' })).toBeUndefined();
		expect(checkConsentBallot({ answer: 'concern', reason: '' })).toBeUndefined();
	});
});

describe('tallying a consent round', () => {
	const answer = (perspective: string, ballot: ConsentBallot) => ({ perspective, ballot });

	it('counts answers overall and per perspective, and passes only without objections', () => {
		const tally = tallyConsent([
			answer('wethouder', { answer: 'consent', reason: '' }),
			answer('wethouder', { answer: 'objection', reason: 'Mandaat ontbreekt' }),
			answer('aanbieder', { answer: 'concern', reason: '' })
		]);
		expect(tally.voters).toBe(3);
		expect(tally.counts).toEqual({ consent: 1, concern: 1, objection: 1 });
		expect(tally.byPerspective.wethouder).toEqual({ consent: 1, concern: 0, objection: 1 });
		expect(consentPassed(tally)).toBe(false);
		expect(consentPassed(tallyConsent([answer('gi', { answer: 'concern', reason: '' })]))).toBe(
			true
		);
		expect(consentPassed(tallyConsent([]))).toBe(false);
	});
});
