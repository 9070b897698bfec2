import { describe, expect, it } from 'vitest';
import { checkConsentBallot, checkPollBallot } from './ballots.ts';
import {
	consentPassed,
	countConsent,
	countPoll,
	percent,
	releaseConsent,
	releasePoll,
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
	it('counts single choices overall and per perspective, those without one merged', () => {
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
		// Nobody without a perspective is shown apart, not even in a full tally.
		expect(tally.merged).toEqual({
			perspectives: [''],
			voters: 1,
			totals: { ontmoetingsplaats: 0, leernetwerk: 0, facilitator: 1, 'bestuurlijk-hart': 0 }
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

	it('rounds percentages and never divides by zero', () => {
		expect(percent(1, 3)).toBe(33);
		expect(percent(2, 3)).toBe(67);
		expect(percent(0, 0)).toBe(0);
	});
});

describe('releasing a poll’s counts', () => {
	const zero = { ontmoetingsplaats: 0, leernetwerk: 0, facilitator: 0, 'bestuurlijk-hart': 0 };
	const totals = (counts: Partial<typeof zero>) => ({ ...zero, ...counts });

	it('shows no counts while fewer voted than the threshold', () => {
		const counts = countPoll('single', options, [
			vote('wethouder', { choice: 'leernetwerk' }),
			vote('aanbieder', { choice: 'facilitator' })
		]);
		expect(releasePoll(counts, 3, true)).toEqual({});
		expect(releasePoll(counts, 2, false)).toEqual({
			totals: totals({ leernetwerk: 1, facilitator: 1 })
		});
	});

	it('shows the totals without a breakdown, unless asked for one', () => {
		const counts = countPoll('single', options, [
			vote('wethouder', { choice: 'leernetwerk' }),
			vote('wethouder', { choice: 'leernetwerk' }),
			vote('wethouder', { choice: 'facilitator' })
		]);
		const released = releasePoll(counts, 3, false);
		expect(released).toEqual({ totals: totals({ leernetwerk: 2, facilitator: 1 }) });
		expect(released).not.toHaveProperty('byPerspective');
		expect(releasePoll(counts, 3, true).byPerspective).toEqual({
			wethouder: { voters: 3, totals: totals({ leernetwerk: 2, facilitator: 1 }) }
		});
	});

	it('merges one alderman with the providers, so the alderman’s vote cannot be read off', () => {
		const counts = countPoll('single', options, [
			vote('wethouder', { choice: 'bestuurlijk-hart' }),
			vote('aanbieder', { choice: 'leernetwerk' }),
			vote('aanbieder', { choice: 'leernetwerk' }),
			vote('aanbieder', { choice: 'facilitator' }),
			vote('aanbieder', { choice: 'bestuurlijk-hart' })
		]);
		const released = releasePoll(counts, 3, true);
		expect(released.byPerspective).toEqual({});
		expect(released.merged).toEqual({
			perspectives: ['aanbieder', 'wethouder'],
			voters: 5,
			totals: totals({ leernetwerk: 2, facilitator: 1, 'bestuurlijk-hart': 2 })
		});
	});

	it('merges small groups and, when they stay too small together, the smallest shown one too', () => {
		const ballots = [
			...[1, 2, 3].map(() => vote('wethouder', { choice: 'leernetwerk' })),
			...[1, 2, 3].map(() => vote('onderwijs', { choice: 'facilitator' })),
			vote('gi', { choice: 'ontmoetingsplaats' })
		];
		const counts = countPoll('single', options, ballots);
		const before = structuredClone(counts);
		const released = releasePoll(counts, 3, true);
		// gi (1) alone would be below 3: onderwijs (3, before wethouder by id) joins it.
		expect(Object.keys(released.byPerspective ?? {})).toEqual(['wethouder']);
		expect(released.merged).toEqual({
			perspectives: ['gi', 'onderwijs'],
			voters: 4,
			totals: totals({ ontmoetingsplaats: 1, facilitator: 3 })
		});
		// Releasing never changes the counts it is made from.
		expect(counts).toEqual(before);
	});

	it('adds up now and desired of merged groups, and points of merged groups', () => {
		const nowDesired = releasePoll(
			countPoll('nowDesired', options, [
				vote('wethouder', { now: 'leernetwerk', desired: 'facilitator' }),
				vote('', { now: 'leernetwerk', desired: 'bestuurlijk-hart' }),
				vote('gi', { now: 'ontmoetingsplaats', desired: 'facilitator' })
			]),
			3,
			true
		);
		expect(nowDesired.merged).toEqual({
			perspectives: ['', 'gi', 'wethouder'],
			voters: 3,
			now: totals({ leernetwerk: 2, ontmoetingsplaats: 1 }),
			desired: totals({ facilitator: 2, 'bestuurlijk-hart': 1 })
		});
		expect(nowDesired.totals).toBeUndefined();
		const points = releasePoll(
			countPoll('points', options, [
				vote('wethouder', { points: { leernetwerk: 6, facilitator: 4 } }),
				vote('gi', { points: { leernetwerk: 10 } })
			]),
			2,
			true
		);
		expect(points.merged).toMatchObject({
			voters: 2,
			totals: totals({ leernetwerk: 16, facilitator: 4 })
		});
	});

	it('shows groups of one with open voting, and still merges those without a perspective', () => {
		const released = releasePoll(
			countPoll('single', options, [
				vote('wethouder', { choice: 'leernetwerk' }),
				vote('', { choice: 'facilitator' })
			]),
			1,
			true
		);
		expect(released.byPerspective).toEqual({
			wethouder: { voters: 1, totals: totals({ leernetwerk: 1 }) }
		});
		expect(released.merged).toEqual({
			perspectives: [''],
			voters: 1,
			totals: totals({ facilitator: 1 })
		});
	});
});

describe('releasing a consent round’s counts', () => {
	const answer = (perspective: string, value: ConsentBallot['answer']) => ({
		perspective,
		ballot: { answer: value, reason: value === 'consent' ? '' : 'Waarom' }
	});

	it('shows zeros while fewer answered than the threshold, and then no breakdown', () => {
		const few = countConsent([answer('wethouder', 'objection'), answer('aanbieder', 'consent')]);
		expect(releaseConsent(few, 3, true)).toEqual({
			counts: { consent: 0, concern: 0, objection: 0 },
			byPerspective: {}
		});
		const enough = countConsent([
			answer('wethouder', 'objection'),
			answer('aanbieder', 'consent'),
			answer('aanbieder', 'concern')
		]);
		expect(releaseConsent(enough, 3, false)).toEqual({
			counts: { consent: 1, concern: 1, objection: 1 },
			byPerspective: {}
		});
	});

	it('merges an alderman’s objection with the providers’ answers', () => {
		const counts = countConsent([
			answer('wethouder', 'objection'),
			answer('aanbieder', 'consent'),
			answer('aanbieder', 'consent'),
			answer('aanbieder', 'concern'),
			answer('aanbieder', 'consent')
		]);
		expect(releaseConsent(counts, 3, true)).toEqual({
			counts: { consent: 3, concern: 1, objection: 1 },
			byPerspective: {},
			merged: {
				perspectives: ['aanbieder', 'wethouder'],
				counts: { consent: 3, concern: 1, objection: 1 }
			}
		});
	});

	it('shows the groups large enough and merges the rest', () => {
		const counts = countConsent([
			...[1, 2, 3].map(() => answer('wethouder', 'consent')),
			...[1, 2, 3, 4].map(() => answer('aanbieder', 'concern')),
			answer('', 'objection'),
			answer('gi', 'objection'),
			answer('onderwijs', 'consent')
		]);
		expect(releaseConsent(counts, 3, true)).toEqual({
			counts: { consent: 4, concern: 4, objection: 2 },
			byPerspective: {
				aanbieder: { consent: 0, concern: 4, objection: 0 },
				wethouder: { consent: 3, concern: 0, objection: 0 }
			},
			merged: {
				perspectives: ['', 'gi', 'onderwijs'],
				counts: { consent: 1, concern: 0, objection: 2 }
			}
		});
	});

	it('passes a round on the released counts: nothing released is no decision', () => {
		const unreleased = {
			voters: 2,
			counts: { consent: 0, concern: 0, objection: 0 },
			byPerspective: {}
		};
		expect(consentPassed(unreleased)).toBe(false);
		expect(consentPassed({ ...unreleased, counts: { consent: 2, concern: 1, objection: 0 } })).toBe(
			true
		);
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
		expect(tally.byPerspective.aanbieder).toEqual({ consent: 0, concern: 1, objection: 0 });
		expect(consentPassed(tally)).toBe(false);
		expect(consentPassed(tallyConsent([answer('gi', { answer: 'concern', reason: '' })]))).toBe(
			true
		);
		expect(consentPassed(tallyConsent([]))).toBe(false);
	});
});
