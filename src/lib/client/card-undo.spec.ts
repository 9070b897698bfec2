import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addCard,
	moveCard,
	readDilemmaStep,
	removeCluster,
	stackCard,
	unstackCard
} from '../kinds/dilemmas/model.ts';
import { addStep, stepMap } from '../model/steps.ts';
import { bornTemplate } from '../model/templates.ts';
import { UNSORTED, type DilemmaStep } from '../model/types.ts';
import { describeMove, undoIntents, type SortIntent, type SortMove } from './card-undo.ts';

const GOVERNANCE = 'besturingsparadox';
const PIONEER = 'koploperparadox';

function board(cards: string[]): { map: Y.Map<unknown>; read: () => DilemmaStep } {
	const doc = new Y.Doc();
	addStep(doc, { id: 'd', kind: 'dilemmas', title: 'D', template: bornTemplate, locale: 'nl' });
	const map = stepMap(doc, 'd')!;
	for (const id of cards)
		addCard(map, { id, text: id, poleA: '', poleB: '', author: '', createdAt: 0 });
	return { map, read: () => readDilemmaStep(map, 'd') };
}

/** Applies a sorting intent as the server's handlers do. */
function apply(map: Y.Map<unknown>, intent: SortIntent): void {
	if (intent.type === 'card.move')
		moveCard(map, intent.cardId, intent.clusterId, intent.beforeCardId);
	else if (intent.type === 'card.stack') stackCard(map, intent.cardId, intent.ontoCardId);
	else unstackCard(map, intent.cardId);
}

/** Sends a move as the console does: described first, then applied. */
function sort(map: Y.Map<unknown>, read: () => DilemmaStep, intent: SortIntent): SortMove {
	const move = describeMove(read(), intent)!;
	apply(map, intent);
	return move;
}

function undo(map: Y.Map<unknown>, read: () => DilemmaStep, move: SortMove): void {
	const result = undoIntents(read(), move);
	if ('refused' in result) throw new Error(result.refused);
	for (const intent of result.intents) apply(map, intent);
}

const column = (step: DilemmaStep, cluster: string) =>
	step.cards.filter((c) => c.cluster === cluster && !c.stackedOn).map((c) => c.id);
const stackOf = (step: DilemmaStep, top: string) =>
	step.cards.filter((c) => c.stackedOn === top).map((c) => c.id);
const card = (cardId: string, clusterId: string, beforeCardId?: string): SortIntent => ({
	type: 'card.move',
	stepId: 'd',
	cardId,
	clusterId,
	...(beforeCardId ? { beforeCardId } : {})
});

describe('taking back a sorting move', () => {
	it('puts a card moved to another cluster back between the same cards', () => {
		const { map, read } = board(['a', 'b', 'c']);
		const move = sort(map, read, card('b', PIONEER));
		expect(column(read(), UNSORTED)).toEqual(['a', 'c']);
		expect(undoIntents(read(), move)).toEqual({
			intents: [
				{ type: 'card.move', stepId: 'd', cardId: 'b', clusterId: UNSORTED, beforeCardId: 'c' }
			],
			at: { cluster: UNSORTED, top: 'b' }
		});
		undo(map, read, move);
		expect(column(read(), UNSORTED)).toEqual(['a', 'b', 'c']);
		expect(column(read(), PIONEER)).toEqual([]);
	});

	it('takes back a move within a cluster, and a move of the last card', () => {
		const { map, read } = board(['a', 'b', 'c', 'd']);
		const down = sort(map, read, card('a', UNSORTED, 'd'));
		expect(column(read(), UNSORTED)).toEqual(['b', 'c', 'a', 'd']);
		undo(map, read, down);
		expect(column(read(), UNSORTED)).toEqual(['a', 'b', 'c', 'd']);
		const last = sort(map, read, card('d', GOVERNANCE));
		undo(map, read, last);
		expect(column(read(), UNSORTED)).toEqual(['a', 'b', 'c', 'd']);
	});

	it('goes before the next card still there when its neighbour was moved meanwhile', () => {
		const { map, read } = board(['a', 'b', 'c', 'd']);
		const move = sort(map, read, card('b', GOVERNANCE));
		moveCard(map, 'c', PIONEER);
		undo(map, read, move);
		expect(column(read(), UNSORTED)).toEqual(['a', 'b', 'd']);
		const again = sort(map, read, card('d', GOVERNANCE));
		moveCard(map, 'a', PIONEER);
		moveCard(map, 'b', PIONEER, 'a');
		undo(map, read, again);
		expect(column(read(), UNSORTED)).toEqual(['d']);
	});

	it('takes a card off a stack back to its place, with the cards that were stacked on it', () => {
		const { map, read } = board(['a', 'b', 'c', 'x', 'y']);
		stackCard(map, 'x', 'b');
		stackCard(map, 'y', 'b');
		const move = sort(map, read, { type: 'card.stack', stepId: 'd', cardId: 'b', ontoCardId: 'c' });
		expect(stackOf(read(), 'c')).toEqual(expect.arrayContaining(['b', 'x', 'y']));
		expect(move.carried.sort()).toEqual(['x', 'y']);
		undo(map, read, move);
		expect(column(read(), UNSORTED)).toEqual(['a', 'b', 'c']);
		expect(stackOf(read(), 'b').sort()).toEqual(['x', 'y']);
		expect(stackOf(read(), 'c')).toEqual([]);
	});

	it('puts a card taken off a stack back onto it', () => {
		const { map, read } = board(['a', 'b']);
		moveCard(map, 'a', GOVERNANCE);
		stackCard(map, 'b', 'a');
		const move = sort(map, read, { type: 'card.unstack', stepId: 'd', cardId: 'b' });
		expect(column(read(), GOVERNANCE)).toEqual(['a', 'b']);
		expect(undoIntents(read(), move)).toMatchObject({ at: { cluster: GOVERNANCE, top: 'a' } });
		undo(map, read, move);
		expect(stackOf(read(), 'a')).toEqual(['b']);
	});

	it('refuses when someone else sorted the card since, or its old place is gone', () => {
		const { map, read } = board(['a', 'b']);
		const moved = sort(map, read, card('a', GOVERNANCE));
		moveCard(map, 'a', PIONEER);
		expect(undoIntents(read(), moved)).toEqual({ refused: 'moved' });
		stackCard(map, 'b', 'a');
		const stacked = sort(map, read, { type: 'card.unstack', stepId: 'd', cardId: 'b' });
		stackCard(map, 'b', 'a');
		expect(undoIntents(read(), stacked)).toEqual({ refused: 'moved' });

		const fromCluster = sort(map, read, card('a', UNSORTED));
		removeCluster(map, PIONEER);
		// Moved out of a cluster that was removed since: nowhere to go back to.
		expect(undoIntents(read(), fromCluster)).toEqual({ refused: 'gone' });
	});
});
