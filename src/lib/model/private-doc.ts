import type * as Y from 'yjs';
import { asString, isId, isPlainObject } from './read-safe.ts';
import { stepMap } from './step-maps.ts';
import { readPollMode, readPollOptions } from '../kinds/poll/read.ts';
import { packTally, readDotTally, unpackTally } from './tally-codec.ts';
import type { DilemmaCard, DotTally, PollTally } from './types.ts';

/**
 * The facilitators' own document: one per session, synced only to facilitator sockets
 * (`/sync/<id>/private`), never to phones or the projector. It holds what only facilitators may
 * see (see docs/architecture.md, "Who receives what"):
 *
 * - `participants`: names and perspectives, by participant id (the layout `session-doc.ts`
 *   reads and writes, so the same selectors serve);
 * - `results`: the released counts of polls and boards, also while hidden from the room;
 * - `hiddenCards`: the texts of moderated cards, which the shared document no longer holds.
 *
 * The server writes it; facilitators only read it.
 */
export const PRIVATE_KEYS = {
	participants: 'participants',
	results: 'results',
	hiddenCards: 'hiddenCards'
} as const;

/** What a hidden card keeps out of the shared document. */
export type HiddenCardText = Pick<DilemmaCard, 'text' | 'poleA' | 'poleB' | 'author'>;

const resultsMap = (doc: Y.Doc) => doc.getMap<unknown>(PRIVATE_KEYS.results);
const hiddenMap = (doc: Y.Doc) => doc.getMap<unknown>(PRIVATE_KEYS.hiddenCards);

/**
 * A poll's released tally as the facilitator sees it. `shared` is the session's document, whose
 * step says how the tally is packed (mode and options).
 */
export function readPrivatePollTally(
	privateDoc: Y.Doc,
	shared: Y.Doc,
	stepId: string
): PollTally | undefined {
	const map = stepMap(shared, stepId);
	const stored = resultsMap(privateDoc).get(stepId);
	if (!map || stored === undefined) return undefined;
	const options = readPollOptions(map.get('options')).map((o) => o.id);
	return unpackTally(stored, readPollMode(map.get('mode')), options);
}

export function setPrivatePollTally(
	privateDoc: Y.Doc,
	shared: Y.Doc,
	stepId: string,
	tally: PollTally
): void {
	const map = stepMap(shared, stepId);
	if (!map) return;
	const options = readPollOptions(map.get('options')).map((o) => o.id);
	resultsMap(privateDoc).set(stepId, packTally(tally, readPollMode(map.get('mode')), options));
}

export function readPrivateDotTally(privateDoc: Y.Doc, stepId: string): DotTally | undefined {
	const stored = resultsMap(privateDoc).get(stepId);
	return stored === undefined ? undefined : readDotTally(stored);
}

export function setPrivateDotTally(privateDoc: Y.Doc, stepId: string, tally: DotTally): void {
	resultsMap(privateDoc).set(stepId, tally);
}

export function forgetResults(privateDoc: Y.Doc, stepId: string): void {
	if (resultsMap(privateDoc).has(stepId)) resultsMap(privateDoc).delete(stepId);
}

/** A moderated card's texts; odd fields read as empty. */
export function readHiddenCard(privateDoc: Y.Doc, cardId: string): HiddenCardText | undefined {
	const stored = isId(cardId) ? hiddenMap(privateDoc).get(cardId) : undefined;
	if (!isPlainObject(stored)) return undefined;
	return {
		text: asString(stored.text),
		poleA: asString(stored.poleA),
		poleB: asString(stored.poleB),
		author: asString(stored.author)
	};
}

/** Every moderated card's texts, by card id. */
export function readHiddenCards(privateDoc: Y.Doc): Map<string, HiddenCardText> {
	const cards = new Map<string, HiddenCardText>();
	hiddenMap(privateDoc).forEach((_, id) => {
		const card = readHiddenCard(privateDoc, id);
		if (card) cards.set(id, card);
	});
	return cards;
}

export function setHiddenCard(privateDoc: Y.Doc, cardId: string, card: HiddenCardText): void {
	hiddenMap(privateDoc).set(cardId, { ...card });
}

export function forgetHiddenCard(privateDoc: Y.Doc, cardId: string): void {
	if (hiddenMap(privateDoc).has(cardId)) hiddenMap(privateDoc).delete(cardId);
}

/** Cards with their texts back in place where the facilitator's document has them. */
export function withHiddenTexts(cards: DilemmaCard[], privateDoc: Y.Doc): DilemmaCard[] {
	return cards.map((card) => {
		if (!card.hidden) return card;
		const texts = readHiddenCard(privateDoc, card.id);
		return texts ? { ...card, ...texts } : card;
	});
}
