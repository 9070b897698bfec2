import { readDilemmaStep } from '../src/lib/model/dilemmas.ts';
import { setHiddenCard } from '../src/lib/model/private-doc.ts';
import {
	addParticipant,
	DOC_KEYS,
	readMeta,
	readParticipants,
	SCHEMA_VERSION
} from '../src/lib/model/session-doc.ts';
import { readStepIds, stepMap } from '../src/lib/model/steps.ts';
import { updateCard } from '../src/lib/model/dilemmas.ts';
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
	for (const stepId of readStepIds(doc)) {
		const map = stepMap(doc, stepId);
		if (map?.get('kind') !== 'dilemmas') continue;
		for (const card of readDilemmaStep(map, stepId).cards) {
			if (!card.hidden) continue;
			const { text, poleA, poleB, author } = card;
			privateDoc.transact(() => setHiddenCard(privateDoc, card.id, { text, poleA, poleB, author }));
			updateCard(map, card.id, { text: '', poleA: '', poleB: '', author: '' });
		}
	}
	recountParticipation(room);
	meta.set('schema', SCHEMA_VERSION);
	room.scheduleErasure();
	return true;
}
