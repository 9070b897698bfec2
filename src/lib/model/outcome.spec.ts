import { describe, expect, it } from 'vitest';
import {
	headlineOf,
	isPositioningPoll,
	positioningOutcome,
	type PositioningPolls
} from './outcome.ts';
import { positioningPolls } from './positioning.ts';
import { newPoll } from '../kinds/poll/model.ts';
import { bornTemplate } from './templates.ts';
import type { ConsentRound, ConsentStep, PollStep, Step } from './types.ts';

/** What the BORN template's sessions count as positioning polls. */
const BORN: PositioningPolls = positioningPolls(
	'born',
	bornTemplate.options.map((o) => ({ id: o.id }))
);

/** A poll from one of the template's option sets, closed, its counts shown (or not: no totals). */
function poll(id: string, optionSet: string, totals?: Record<string, number>): PollStep {
	const made = newPoll(bornTemplate, 'nl', id, optionSet);
	return {
		...made,
		title: `${made.title} ${id}`,
		status: 'closed',
		tally: totals ? { voters: 5, totals } : { voters: 5 }
	};
}

const positioning = (id: string, leading = 'leernetwerk') =>
	poll(id, 'positioning', { [leading]: 3 });
/** "Which form of governance do we have?": its options are no positionings. */
const governance = (id: string) => poll(id, 'governance', { netwerkorganisatie: 4 });

function round(number: number, answer: 'consented' | 'objected' | 'open'): ConsentRound {
	return {
		number,
		proposal: `Voorstel ${number}`,
		status: answer === 'open' ? 'open' : 'closed',
		tally: {
			voters: 3,
			counts: { consent: 2, concern: 1, objection: answer === 'objected' ? 1 : 0 },
			byPerspective: {}
		},
		reasons: []
	};
}

const consent = (id: string, ...rounds: ConsentRound[]): ConsentStep => ({
	id,
	kind: 'consent',
	title: `Voorstel positionering ${id}`,
	proposal: rounds.at(-1)?.proposal ?? 'Voorstel',
	rounds
});

const none = { pollId: '', consentId: '' };

describe('the positioning that heads a plan', () => {
	it('is the consented proposal when there is one, naming its round and step', () => {
		const steps: Step[] = [
			positioning('p1'),
			consent('c1', round(1, 'objected'), round(2, 'consented'))
		];
		const outcome = positioningOutcome(steps, BORN, none);
		expect(outcome.lead).toBe('consent');
		expect(headlineOf(outcome)).toEqual({
			source: 'consent',
			stepId: 'c1',
			title: 'Voorstel positionering c1',
			round: 2,
			text: 'Voorstel 2'
		});
		// The poll's result stays beside it.
		expect(outcome.poll).toMatchObject({ stepId: 'p1', leading: ['leernetwerk'] });
	});

	it('is the latest positioning poll while no proposal has passed', () => {
		const steps: Step[] = [
			positioning('p1', 'facilitator'),
			positioning('p2', 'leernetwerk'),
			// Voted on, but its counts never showed: it cannot head anything.
			poll('p3', 'positioning'),
			consent('c1', round(1, 'objected'))
		];
		const outcome = positioningOutcome(steps, BORN, none);
		expect(outcome.consent).toMatchObject({ stepId: 'c1', consented: false });
		expect(headlineOf(outcome)).toEqual({
			source: 'poll',
			stepId: 'p2',
			title: 'Positionering p2',
			options: ['Leernetwerk']
		});
	});

	it('never is a governance poll by default, even the latest one with counts', () => {
		const afterConsent = positioningOutcome(
			[positioning('p1'), consent('c1', round(1, 'consented')), governance('g1')],
			BORN,
			none
		);
		expect(afterConsent.poll?.stepId).toBe('p1');
		expect(headlineOf(afterConsent)).toMatchObject({ source: 'consent', stepId: 'c1' });

		const withoutConsent = positioningOutcome([positioning('p1'), governance('g1')], BORN, none);
		expect(headlineOf(withoutConsent)).toMatchObject({ source: 'poll', stepId: 'p1' });

		const onlyGovernance = positioningOutcome([governance('g1')], BORN, none);
		expect(onlyGovernance.poll).toBeUndefined();
		expect(headlineOf(onlyGovernance)).toBeUndefined();
	});

	it('prefers a consent step whose proposal passed over a later one still open or objected to', () => {
		const steps: Step[] = [
			consent('c1', round(1, 'consented')),
			consent('c2', round(1, 'objected')),
			consent('c3', round(1, 'open'))
		];
		expect(headlineOf(positioningOutcome(steps, BORN, none))).toMatchObject({ stepId: 'c1' });
		// A passed round followed by a new round on an amended proposal: that round decides now.
		const reopened = [consent('c1', round(1, 'consented'), round(2, 'open'))];
		const outcome = positioningOutcome(reopened, BORN, none);
		expect(outcome.consent).toMatchObject({ stepId: 'c1', round: 2, status: 'open' });
		expect(headlineOf(outcome)).toBeUndefined();
	});

	it('is what the facilitator picked: a named poll wins over a passed proposal, even a governance poll', () => {
		const steps: Step[] = [
			positioning('p1'),
			consent('c1', round(1, 'consented')),
			governance('g1'),
			consent('c2', round(1, 'objected'))
		];
		const poll = positioningOutcome(steps, BORN, { pollId: 'p1', consentId: '' });
		expect(headlineOf(poll)).toMatchObject({ source: 'poll', stepId: 'p1' });
		const chosenGovernance = positioningOutcome(steps, BORN, { pollId: 'g1', consentId: '' });
		expect(headlineOf(chosenGovernance)).toEqual({
			source: 'poll',
			stepId: 'g1',
			title: 'Netwerksturing g1',
			options: ['Netwerkorganisatie']
		});
		// Both named: the named proposal leads when it passed, else the named poll.
		expect(
			headlineOf(positioningOutcome(steps, BORN, { pollId: 'g1', consentId: 'c1' }))
		).toMatchObject({ source: 'consent', stepId: 'c1' });
		expect(
			headlineOf(positioningOutcome(steps, BORN, { pollId: 'g1', consentId: 'c2' }))
		).toMatchObject({ source: 'poll', stepId: 'g1' });
		// A named proposal that did not pass: the positioning poll leads, the verdict stays beside it.
		const objected = positioningOutcome(steps, BORN, { pollId: '', consentId: 'c2' });
		expect(objected.consent).toMatchObject({ stepId: 'c2', consented: false });
		expect(headlineOf(objected)).toMatchObject({ source: 'poll', stepId: 'p1' });
	});

	it('falls back to the default when a pick names a step that is gone or of another kind', () => {
		const steps: Step[] = [positioning('p1'), consent('c1', round(1, 'consented'))];
		for (const plan of [
			{ pollId: 'weg', consentId: 'weg' },
			{ pollId: 'c1', consentId: 'p1' },
			{ pollId: '__proto__', consentId: 'constructor' }
		]) {
			expect(headlineOf(positioningOutcome(steps, BORN, plan))).toMatchObject({
				source: 'consent',
				stepId: 'c1'
			});
		}
		expect(headlineOf(positioningOutcome(steps, BORN))).toMatchObject({ stepId: 'c1' });
	});

	it('has no headline without a passed proposal or counts that show', () => {
		const outcome = positioningOutcome(
			[poll('p1', 'positioning'), positioning('p2', 'x'), consent('c1', round(1, 'open'))],
			BORN,
			none
		);
		// p2 counted only an option it does not have: no option leads.
		expect(outcome.poll?.leading).toEqual([]);
		expect(outcome.lead).toBeUndefined();
		expect(headlineOf(outcome)).toBeUndefined();
		expect(headlineOf({ poll: undefined, consent: undefined })).toBeUndefined();
	});

	it('names every option of a tie, in the options’ order', () => {
		const tie = poll('p1', 'positioning', { facilitator: 2, leernetwerk: 2 });
		expect(headlineOf(positioningOutcome([tie], BORN, none))).toMatchObject({
			options: ['Leernetwerk', 'Facilitator']
		});
	});
});

describe('telling a positioning poll from another', () => {
	it('goes by the option set a poll was made from', () => {
		expect(isPositioningPoll(positioning('p'), BORN)).toBe(true);
		expect(isPositioningPoll(governance('g'), BORN)).toBe(false);
		// The facilitator replaced its options: it is still the poll made for the positioning.
		const edited = {
			...positioning('p'),
			options: [{ id: 'eigen', title: 'Eigen optie', description: '' }]
		};
		expect(isPositioningPoll(edited, BORN)).toBe(true);
	});

	it('knows a poll of an older version, which recorded no set, by its options', () => {
		const old = { ...positioning('p'), optionSet: '' };
		expect(isPositioningPoll(old, BORN)).toBe(true);
		expect(isPositioningPoll({ ...governance('g'), optionSet: '' }, BORN)).toBe(false);
		// One option of its own among the positionings: not the positioning vote any more.
		const mixed = {
			...old,
			options: [...old.options, { id: 'anders', title: 'Anders', description: '' }]
		};
		expect(isPositioningPoll(mixed, BORN)).toBe(false);
		expect(isPositioningPoll({ ...old, options: [] }, BORN)).toBe(false);
	});

	it('goes by options alone in a session whose template this version does not know', () => {
		const unknown = positioningPolls('verdwenen', [{ id: 'leernetwerk' }, { id: 'facilitator' }]);
		expect(unknown.optionSet).toBe('');
		const recorded = poll('p', 'positioning', { leernetwerk: 1 });
		recorded.options = recorded.options.filter((o) => o.id !== 'ontmoetingsplaats');
		recorded.options = recorded.options.filter((o) => o.id !== 'bestuurlijk-hart');
		expect(isPositioningPoll(recorded, unknown)).toBe(true);
		expect(isPositioningPoll(governance('g'), unknown)).toBe(false);
	});
});
