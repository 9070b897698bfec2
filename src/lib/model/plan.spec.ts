import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { positioningOutcome } from './outcome.ts';
import { addPlanItem, defaultPlanYear, planItemText, updatePlanItem } from './plan.ts';
import { addStep, readStep, stepMap } from './steps.ts';
import type { ConsentStep, PlanStep, PollStep } from './types.ts';

function planDoc(): Y.Doc {
	const doc = new Y.Doc();
	addStep(doc, {
		id: 'plan',
		kind: 'plan',
		title: 'Jaarplan',
		year: 2027,
		regions: [
			{ id: 'ijmond', label: 'IJmond' },
			{ id: 'haarlemmermeer', label: 'Haarlemmermeer' }
		]
	});
	addPlanItem(stepMap(doc, 'plan')!, { id: 'x', createdAt: 1, theme: 'Samen leren' });
	return doc;
}

const plan = (doc: Y.Doc) => readStep(doc, 'plan') as PlanStep;

/** Two replicas, each receiving the other's updates only when `exchange` is called. */
function replicas(): [Y.Doc, Y.Doc, () => void] {
	const a = planDoc();
	const b = new Y.Doc();
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	const exchange = () => {
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	};
	return [a, b, exchange];
}

describe('a year-plan item', () => {
	it('keeps both people’s words when two type in the same field at once', () => {
		const [a, b, exchange] = replicas();
		const goal = (doc: Y.Doc) => planItemText(stepMap(doc, 'plan')!, 'x', 'goal')!;
		goal(a).insert(0, 'Minder wachttijd');
		exchange();
		// Both type at the same moment, at the end and at the start of the goal.
		goal(a).insert(goal(a).length, ' voor jeugdigen');
		goal(b).insert(0, 'Samen: ');
		exchange();
		expect(plan(a).items[0]?.goal).toBe('Samen: Minder wachttijd voor jeugdigen');
		expect(plan(b)).toEqual(plan(a));
	});

	it('reads its structured fields in a fixed order, whatever order they were set in', () => {
		const doc = planDoc();
		const map = stepMap(doc, 'plan')!;
		updatePlanItem(map, 'x', { quarters: { q4: true, q2: true } });
		updatePlanItem(map, 'x', { regions: { ijmond: false }, intensity: 2, scale: 'regio' });
		expect(plan(doc).items[0]).toMatchObject({
			theme: 'Samen leren',
			quarters: ['q2', 'q4'],
			optedOut: ['ijmond'],
			intensity: 2,
			scale: 'regio',
			status: 'plan'
		});
	});

	it('defaults to next year when made in the second half of a year', () => {
		expect(defaultPlanYear(Date.UTC(2026, 10, 22))).toBe(2027);
		expect(defaultPlanYear(Date.UTC(2026, 2, 1))).toBe(2026);
	});
});

describe('the positioning outcome at the top of a plan', () => {
	const poll = (id: string, voters: number, totals: Record<string, number>): PollStep => ({
		id,
		kind: 'poll',
		title: `Poll ${id}`,
		question: 'Welke positionering?',
		nowQuestion: '',
		desiredQuestion: '',
		options: [
			{ id: 'a', title: 'Leernetwerk', description: '' },
			{ id: 'b', title: 'Facilitator', description: '' }
		],
		mode: 'single',
		budget: 10,
		visibility: 'live',
		status: 'closed',
		revealed: false,
		round: 1,
		endsAt: 0,
		tally: { voters, totals }
	});
	const consent: ConsentStep = {
		id: 'c',
		kind: 'consent',
		title: 'Consent',
		proposal: 'Voorstel 2',
		rounds: [
			{
				number: 1,
				proposal: 'Voorstel 1',
				status: 'closed',
				tally: { voters: 2, counts: { consent: 1, concern: 0, objection: 1 }, byPerspective: {} },
				reasons: []
			},
			{
				number: 2,
				proposal: 'Voorstel 2',
				status: 'closed',
				tally: { voters: 2, counts: { consent: 1, concern: 1, objection: 0 }, byPerspective: {} },
				reasons: []
			}
		]
	};

	it('takes the latest poll with votes and the last consent round, unless the plan names them', () => {
		const steps = [
			poll('p1', 3, { a: 2, b: 1 }),
			poll('p2', 4, { a: 2, b: 2 }),
			poll('p3', 0, {}),
			consent
		];
		const latest = positioningOutcome(steps);
		expect(latest.poll).toMatchObject({ stepId: 'p2', leading: ['a', 'b'] });
		expect(latest.consent).toMatchObject({ round: 2, proposal: 'Voorstel 2', consented: true });
		const named = positioningOutcome(steps, { pollId: 'p1', consentId: '' });
		expect(named.poll).toMatchObject({ stepId: 'p1', leading: ['a'] });
	});

	it('has no outcome without votes or rounds', () => {
		expect(positioningOutcome([poll('p', 0, {})])).toEqual({
			poll: undefined,
			consent: undefined
		});
	});
});
