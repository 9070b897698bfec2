import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seededRandom } from '../../../../tests/helpers/memory-client.ts';
import {
	addCard,
	addCluster,
	moveCard,
	rankCards,
	readDilemmaStep,
	removeCluster,
	stackCard,
	unstackCard
} from './model.ts';
import { addStep, readStep, stepMap } from '../../model/steps.ts';
import { bornTemplate } from '../../model/templates.ts';
import { UNSORTED, type DilemmaStep } from '../../model/types.ts';

function board(): { doc: Y.Doc; map: Y.Map<unknown> } {
	const doc = new Y.Doc();
	addStep(doc, {
		id: 'd',
		kind: 'dilemmas',
		title: 'Dilemma’s',
		template: bornTemplate,
		locale: 'nl'
	});
	return { doc, map: stepMap(doc, 'd')! };
}

const read = (doc: Y.Doc) => readStep(doc, 'd') as DilemmaStep;
const column = (step: DilemmaStep, cluster: string) =>
	step.cards.filter((c) => c.cluster === cluster && !c.stackedOn).map((c) => c.id);

describe('a dilemma board', () => {
	it('starts with the unsorted pile and the four paradoxes', () => {
		const step = read(board().doc);
		expect(step.clusters.map((c) => c.title)).toEqual([
			'Nog niet ingedeeld',
			'Besturingsparadox',
			'Koploperparadox',
			'Complexiteitsparadox en meerschaligheid',
			'Meerwaardecyclus'
		]);
		expect(step.dots).toMatchObject({ perParticipant: 5, perCard: 3, status: 'draft' });
	});

	it('puts new cards at the end of the unsorted pile and moves them between and within clusters', () => {
		const { doc, map } = board();
		for (const id of ['a', 'b', 'c', 'd'])
			addCard(map, { id, text: id, poleA: '', poleB: '', author: '', createdAt: 0 });
		expect(column(read(doc), UNSORTED)).toEqual(['a', 'b', 'c', 'd']);
		moveCard(map, 'c', 'besturingsparadox');
		moveCard(map, 'a', 'besturingsparadox');
		moveCard(map, 'd', 'besturingsparadox', 'c');
		moveCard(map, 'b', UNSORTED);
		expect(column(read(doc), 'besturingsparadox')).toEqual(['d', 'c', 'a']);
		expect(column(read(doc), UNSORTED)).toEqual(['b']);
	});

	it('stacks duplicates without nesting, and takes them off again', () => {
		const { doc, map } = board();
		for (const id of ['a', 'b', 'c'])
			addCard(map, { id, text: id, poleA: '', poleB: '', author: '', createdAt: 0 });
		moveCard(map, 'a', 'koploperparadox');
		stackCard(map, 'b', 'a');
		stackCard(map, 'c', 'b');
		let step = read(doc);
		expect(step.cards.find((c) => c.id === 'c')).toMatchObject({
			stackedOn: 'a',
			cluster: 'koploperparadox'
		});
		moveCard(map, 'a', 'meerwaardecyclus');
		step = read(doc);
		expect(
			step.cards
				.filter((c) => c.cluster === 'meerwaardecyclus')
				.map((c) => c.id)
				.sort()
		).toEqual(['a', 'b', 'c']);
		unstackCard(map, 'b');
		expect(column(read(doc), 'meerwaardecyclus')).toEqual(['a', 'b']);
	});

	it('returns the cards of a removed cluster to the unsorted pile', () => {
		const { doc, map } = board();
		addCluster(map, 'x', 'Extra');
		for (const id of ['a', 'b'])
			addCard(map, { id, text: id, poleA: '', poleB: '', author: '', createdAt: 0 });
		moveCard(map, 'a', 'x');
		stackCard(map, 'b', 'a');
		removeCluster(map, 'x');
		const step = read(doc);
		expect(step.clusters.some((c) => c.id === 'x')).toBe(false);
		expect(step.cards.every((c) => c.cluster === UNSORTED)).toBe(true);
	});

	it('ranks stacks by all their dots, overall and per cluster, without hidden cards', () => {
		const { doc, map } = board();
		for (const id of ['a', 'b', 'c', 'd'])
			addCard(map, { id, text: id, poleA: '', poleB: '', author: '', createdAt: 0 });
		moveCard(map, 'a', 'besturingsparadox');
		moveCard(map, 'b', 'besturingsparadox');
		stackCard(map, 'c', 'a');
		const step = read(doc);
		step.cards.find((c) => c.id === 'd')!.hidden = true;
		const ranking = rankCards(step, { a: 2, b: 3, c: 2, d: 9 });
		expect(ranking.overall.map((r) => [r.card.id, r.dots])).toEqual([
			['a', 4],
			['b', 3]
		]);
		expect(ranking.byCluster.besturingsparadox?.map((r) => r.card.id)).toEqual(['a', 'b']);
	});

	it.each([1, 2, 3, 99])(
		'converges when several replicas move and stack cards at once (seed %i)',
		(seed) => {
			const random = seededRandom(seed);
			const origin = board();
			for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) {
				addCard(origin.map, { id, text: id, poleA: '', poleB: '', author: '', createdAt: 0 });
			}
			const replicas = [0, 1, 2].map(() => {
				const doc = new Y.Doc();
				Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin.doc));
				return doc;
			});
			const clusters = read(origin.doc).clusters.map((c) => c.id);
			const cards = ['a', 'b', 'c', 'd', 'e', 'f'];
			const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
			// Each replica edits on its own for a while, then they exchange updates in random order.
			for (let round = 0; round < 5; round++) {
				for (const doc of replicas) {
					const map = stepMap(doc, 'd')!;
					for (let i = 0; i < 6; i++) {
						const action = random();
						if (action < 0.5)
							moveCard(map, pick(cards), pick(clusters), random() < 0.5 ? pick(cards) : undefined);
						else if (action < 0.75) stackCard(map, pick(cards), pick(cards));
						else if (action < 0.9) unstackCard(map, pick(cards));
						else if (action < 0.95 && round === 2) removeCluster(map, pick(clusters.slice(1)));
					}
				}
				const updates = replicas.map((doc) => Y.encodeStateAsUpdate(doc));
				for (const doc of replicas)
					for (const update of updates.sort(() => random() - 0.5)) Y.applyUpdate(doc, update);
			}
			const states = replicas.map((doc) => read(doc));
			expect(states[1]).toEqual(states[0]);
			expect(states[2]).toEqual(states[0]);
			const step = states[0]!;
			const ids = new Set(step.clusters.map((c) => c.id));
			const byId = new Map(step.cards.map((c) => [c.id, c]));
			expect(step.cards).toHaveLength(6);
			for (const card of step.cards) {
				expect(ids.has(card.cluster)).toBe(true);
				if (card.stackedOn) {
					expect(byId.get(card.stackedOn)?.stackedOn).toBe('');
					expect(byId.get(card.stackedOn)?.cluster).toBe(card.cluster);
				}
			}
		}
	);
});

describe('reading a board', () => {
	it('shows a card stacked on a stacked card as unstacked', () => {
		const { doc, map } = board();
		for (const id of ['a', 'b'])
			addCard(map, { id, text: id, poleA: '', poleB: '', author: '', createdAt: 0 });
		const cards = map.get('cards') as Y.Map<Record<string, unknown>>;
		cards.set('a', { ...cards.get('a')!, stackedOn: 'b' });
		cards.set('b', { ...cards.get('b')!, stackedOn: 'a' });
		const step = readDilemmaStep(map, 'd');
		expect(step.cards.every((c) => c.stackedOn === '')).toBe(true);
		void doc;
	});
});
