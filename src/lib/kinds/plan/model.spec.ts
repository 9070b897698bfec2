import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { positioningOutcome } from '../../model/outcome.ts';
import {
	addPlanItem,
	defaultPlanYear,
	fillSourceDots,
	planItemText,
	updatePlanItem
} from './model.ts';
import { addStep, readStep, stepMap } from '../../model/steps.ts';
import type { ConsentStep, DilemmaCard, PlanStep, PollStep } from '../../model/types.ts';

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

	it('gets the dots of its source once the board’s dots show, if it was made while they were hidden', () => {
		const doc = planDoc();
		const map = stepMap(doc, 'plan')!;
		const source = {
			stepId: 'board',
			clusterId: 'besturingsparadox',
			cluster: 'Besturingsparadox',
			cardIds: ['c1', 'c2'],
			dilemmas: ['Kaart 1', 'Kaart 2']
		};
		addPlanItem(map, { id: 'hidden', createdAt: 2, theme: 'Zonder stippen', source });
		addPlanItem(map, { id: 'shown', createdAt: 3, source: { ...source, dots: 9 } });
		addPlanItem(map, { id: 'other', createdAt: 4, source: { ...source, stepId: 'board2' } });
		expect(plan(doc).items.find((i) => i.id === 'hidden')?.source).toEqual(source);
		const card = (id: string, stackedOn = '', hidden = false): DilemmaCard => ({
			id,
			text: `Kaart ${id}`,
			poleA: '',
			poleB: '',
			author: '',
			hidden,
			cluster: 'besturingsparadox',
			order: '',
			stackedOn,
			createdAt: 0
		});
		// c3 was stacked on c1 as a duplicate; c4, on c2, was hidden by the facilitator.
		const board = {
			id: 'board',
			cards: [card('c1'), card('c2'), card('c3', 'c1'), card('c4', 'c2', true), card('c5')]
		};
		fillSourceDots(map, board, { c1: 2, c2: 5, c3: 1, c4: 7, c5: 4 });
		const items = plan(doc).items;
		// As an item made while the dots show would have: a card with its visible stack.
		expect(items.find((i) => i.id === 'hidden')?.source).toEqual({ ...source, dots: 8 });
		// Dots an item was made with stay as they were; another board's items wait for theirs.
		expect(items.find((i) => i.id === 'shown')?.source?.dots).toBe(9);
		expect(items.find((i) => i.id === 'other')?.source?.dots).toBeUndefined();
	});

	it('defaults to next year when made in the second half of a year', () => {
		expect(defaultPlanYear(Date.UTC(2026, 10, 22))).toBe(2027);
		expect(defaultPlanYear(Date.UTC(2026, 2, 1))).toBe(2026);
	});
});

describe('the positioning outcome at the top of a plan', () => {
	/** A poll as published: without `totals` when its counts do not show (hidden, or too few). */
	const poll = (id: string, voters: number, totals?: Record<string, number>): PollStep => ({
		id,
		kind: 'poll',
		title: `Poll ${id}`,
		optionSet: '',
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
		tally: totals ? { voters, totals } : { voters }
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

	/** Polls of an older version, which recorded no option set: known by their options. */
	const positioning = { optionSet: '', optionIds: ['a', 'b'] };

	it('takes the latest poll whose counts show and the last consent round, unless the plan names them', () => {
		const steps = [
			poll('p1', 3, { a: 2, b: 1 }),
			poll('p2', 4, { a: 2, b: 2 }),
			// Voted on, but its counts never showed (hidden, or fewer than the smallest group).
			poll('p3', 5),
			poll('p4', 0),
			consent
		];
		const latest = positioningOutcome(steps, positioning);
		expect(latest.poll).toMatchObject({ stepId: 'p2', leading: ['a', 'b'] });
		expect(latest.consent).toMatchObject({ round: 2, proposal: 'Voorstel 2', consented: true });
		const named = positioningOutcome(steps, positioning, { pollId: 'p1', consentId: '' });
		expect(named.poll).toMatchObject({ stepId: 'p1', leading: ['a'] });
	});

	it('has no outcome without counts that show or rounds', () => {
		expect(positioningOutcome([poll('p', 0), poll('q', 2)], positioning)).toEqual({
			poll: undefined,
			consent: undefined
		});
	});
});
