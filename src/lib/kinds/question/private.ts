import type * as Y from 'yjs';
import { PRIVATE_KEYS } from '../../model/private-doc.ts';
import { asYMap, isId } from '../../model/read-safe.ts';
import { ensureMap, readAnswerMap, writeAnswerMap } from './answers.ts';
import type { AnswerState, QuestionAnswer, ReviewedAnswer } from './types.ts';

/*
 * What facilitators keep of an open question in their own document (model/private-doc.ts), at
 * its step's id under `results`: a map with
 *
 * - `answers`: every answer of the last release (id → text), also those the room does not see;
 * - `moderation`: what a facilitator decided about an answer (id → `hidden` | `approved`),
 *   kept apart from the release so that a hidden answer stays hidden when it is released again.
 *
 * The server writes it; facilitators only read it.
 */

const ANSWERS = 'answers';
const MODERATION = 'moderation';

/** A facilitator's decision about one answer. */
export type Moderation = 'hidden' | 'approved';

const entryOf = (privateDoc: Y.Doc, stepId: string): Y.Map<unknown> | undefined =>
	asYMap(privateDoc.getMap<unknown>(PRIVATE_KEYS.results).get(stepId));

function ensureEntry(privateDoc: Y.Doc, stepId: string): Y.Map<unknown> {
	return ensureMap(privateDoc.getMap<unknown>(PRIVATE_KEYS.results), stepId);
}

/** The answers of the last release, sorted; none before the first. */
export const readReleased = (privateDoc: Y.Doc, stepId: string): QuestionAnswer[] =>
	readAnswerMap(entryOf(privateDoc, stepId)?.get(ANSWERS));

/** The facilitators' decisions by answer id; odd entries are left out. */
export function readModeration(privateDoc: Y.Doc, stepId: string): Map<string, Moderation> {
	const decisions = new Map<string, Moderation>();
	asYMap(entryOf(privateDoc, stepId)?.get(MODERATION))?.forEach((value, id) => {
		if (isId(id) && (value === 'hidden' || value === 'approved')) decisions.set(id, value);
	});
	return decisions;
}

/**
 * Where an answer stands: hidden by a facilitator; else, on a moderated question, waiting until
 * it is approved; else on every screen.
 */
export function answerState(decision: Moderation | undefined, moderated: boolean): AnswerState {
	if (decision === 'hidden') return 'hidden';
	return moderated && decision !== 'approved' ? 'pending' : 'shown';
}

/** Every released answer with where it stands, sorted as the room's list. */
export function readReview(
	privateDoc: Y.Doc,
	stepId: string,
	moderated: boolean
): ReviewedAnswer[] {
	const decisions = readModeration(privateDoc, stepId);
	return readReleased(privateDoc, stepId).map((answer) => ({
		...answer,
		state: answerState(decisions.get(answer.id), moderated)
	}));
}

/** Replaces the released answers (only what changed is written). Returns whether any went. */
export function setReleased(
	privateDoc: Y.Doc,
	stepId: string,
	answers: readonly QuestionAnswer[]
): boolean {
	return writeAnswerMap(ensureMap(ensureEntry(privateDoc, stepId), ANSWERS), answers);
}

/** Records a facilitator's decision about an answer (undefined: none). */
export function setModeration(
	privateDoc: Y.Doc,
	stepId: string,
	answerId: string,
	decision: Moderation | undefined
): void {
	const map = ensureMap(ensureEntry(privateDoc, stepId), MODERATION);
	if (decision === undefined) {
		if (map.has(answerId)) map.delete(answerId);
	} else if (map.get(answerId) !== decision) map.set(answerId, decision);
}

/** Forgets decisions about answers that no longer exist (taken back, or their author erased). */
export function pruneModeration(
	privateDoc: Y.Doc,
	stepId: string,
	existing: ReadonlySet<string>
): void {
	const map = asYMap(entryOf(privateDoc, stepId)?.get(MODERATION));
	if (!map) return;
	for (const id of [...map.keys()]) if (!existing.has(id)) map.delete(id);
}
