import { readDilemmaStep } from '../src/lib/kinds/dilemmas/model.ts';
import { setHiddenCard } from '../src/lib/model/private-doc.ts';
import {
	addParticipant,
	DOC_KEYS,
	readMeta,
	readParticipants,
	readPrevious,
	SCHEMA_VERSION,
	setPrevious
} from '../src/lib/model/session-doc.ts';
import { readStepIds, stepMap } from '../src/lib/model/steps.ts';
import { forgetSourceDots } from '../src/lib/kinds/plan/model.ts';
import { resultsVisible } from '../src/lib/model/tally.ts';
import { followCardText } from './kinds/dilemmas/intents.ts';
import { updateCard } from '../src/lib/kinds/dilemmas/model.ts';
import { recountParticipation } from './intents/participants.ts';
import type { Room } from './room.ts';

/**
 * Brings a document of an older version to the current layout, inside the caller's transaction.
 * Version 1 kept in the shared document what only facilitators may see: participants' names and
 * perspectives, and hidden cards' texts. They move to the facilitators' own document, and the
 * room is compacted soon, so the old texts leave the store too. Returns whether anything moved
 * (the caller then releases every count again under the anonymity rule).
 */
export function migrateToPrivate(room: Room): boolean {
	const meta = room.doc.getMap<unknown>(DOC_KEYS.meta);
	if (readMeta(room.doc).schema >= SCHEMA_VERSION || meta.size === 0) return false;
	const { doc, privateDoc } = room;
	const participants = readParticipants(doc);
	privateDoc.transact(() => {
		for (const participant of participants) addParticipant(privateDoc, participant);
	});
	doc.getMap(DOC_KEYS.participants).clear();
	const perspectives = new Map(participants.map((p) => [p.id, p.perspective]));
	room.ballots.stampMissing((id) => perspectives.get(id) ?? '', Date.now());
	const hiddenDots = new Set<string>();
	for (const stepId of readStepIds(doc)) {
		const map = stepMap(doc, stepId);
		if (map?.get('kind') !== 'dilemmas') continue;
		const board = readDilemmaStep(map, stepId);
		if (!resultsVisible(board.dots)) hiddenDots.add(stepId);
		for (const card of board.cards) {
			if (!card.hidden) continue;
			const { text, poleA, poleB, author } = card;
			privateDoc.transact(() => setHiddenCard(privateDoc, card.id, { text, poleA, poleB, author }));
			updateCard(map, card.id, { text: '', poleA: '', poleB: '', author: '' });
			// Plan items made from it hold copies of its words.
			followCardText(doc, card.id, text, '');
		}
	}
	// Plan items made from boards whose dots the room has not seen carried their counts.
	for (const stepId of readStepIds(doc)) {
		const map = stepMap(doc, stepId);
		if (map?.get('kind') === 'plan') forgetSourceDots(map, hiddenDots);
	}
	// An outcome frozen from an earlier session kept its breakdown with groups of any size.
	const previous = readPrevious(doc);
	if (previous?.outcome.poll) {
		const { byPerspective: _groups, merged: _merged, ...overall } = previous.outcome.poll.tally;
		setPrevious(doc, {
			...previous,
			outcome: { ...previous.outcome, poll: { ...previous.outcome.poll, tally: overall } }
		});
	}
	recountParticipation(room);
	meta.set('schema', SCHEMA_VERSION);
	room.scheduleErasure();
	return true;
}
