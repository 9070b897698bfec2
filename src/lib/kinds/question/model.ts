import * as Y from 'yjs';
import { asBoolean, asNumber, asString, oneOf, POLL_STATUSES } from '../../model/read-safe.ts';
import { stepMap } from '../../model/step-maps.ts';
import { m } from '../../paraglide/messages.js';
import type { KindModel } from '../kind.ts';
import { ensureMap, readAnswerMap, writeAnswerMap } from './answers.ts';
import { DEFAULT_MAX_ANSWERS, MAX_ANSWERS_LIMIT } from './intents.ts';
import { readReview } from './private.ts';
import { QUESTION_DISPLAYS, type QuestionAnswer, type QuestionStep } from './types.ts';

/** Keys of a question's map. `answers` holds a shared map (id → text); the rest plain values. */
const ANSWERS = 'answers';
const VOTERS = 'voters';

/** A whole number within bounds, or the fallback. */
function wholeIn(value: unknown, min: number, max: number, fallback: number): number {
	const n = asNumber(value, fallback);
	return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

/** A question as plain data; fields that are missing or odd read as a new question has them. */
function readQuestionStep(map: Y.Map<unknown>, id: string): QuestionStep {
	return {
		id,
		kind: 'question',
		title: asString(map.get('title')),
		prompt: asString(map.get('prompt')),
		maxAnswers: wholeIn(map.get('maxAnswers'), 1, MAX_ANSWERS_LIMIT, DEFAULT_MAX_ANSWERS),
		moderated: asBoolean(map.get('moderated')),
		display: oneOf(map.get('display'), QUESTION_DISPLAYS, 'cloud'),
		status: oneOf(map.get('status'), POLL_STATUSES, 'draft'),
		round: wholeIn(map.get('round'), 1, Number.MAX_SAFE_INTEGER, 1),
		voters: wholeIn(map.get(VOTERS), 0, Number.MAX_SAFE_INTEGER, 0),
		answers: readAnswerMap(map.get(ANSWERS))
	};
}

/**
 * Publishes what the room sees of a question: how many answered, and the answers on every
 * screen. Only what differs is written. Returns whether an answer was taken out (its words
 * must then leave the store too).
 */
export function setQuestionPublished(
	doc: Y.Doc,
	stepId: string,
	{ voters, answers }: { voters: number; answers: readonly QuestionAnswer[] }
): boolean {
	const map = stepMap(doc, stepId);
	if (!map) return false;
	if (map.get(VOTERS) !== voters) map.set(VOTERS, voters);
	return writeAnswerMap(ensureMap(map, ANSWERS), answers);
}

/**
 * An open question: short answers, several per person, shown as a word cloud or a wall. The
 * answers are ballots (server/ballot-box.ts); the document gets only releases of them.
 */
export const questionKind: KindModel<'question'> = {
	kind: 'question',
	read: readQuestionStep,
	create: ({ id, kind, title, prompt, display }, { locale }) => ({
		id,
		kind,
		title: title ?? m.question_default_title({}, { locale }),
		prompt: prompt ?? m.question_default_prompt({}, { locale }),
		maxAnswers: DEFAULT_MAX_ANSWERS,
		moderated: false,
		display: display ?? 'cloud',
		status: 'draft',
		round: 1
	}),
	init(map, step) {
		for (const [key, value] of Object.entries(step)) if (key !== 'id') map.set(key, value);
		map.set(VOTERS, 0);
		map.set(ANSWERS, new Y.Map<unknown>());
	},
	fromAgenda: ({ kind, title, prompt, display }, locale, id) => ({
		id,
		kind,
		title: title?.[locale],
		prompt: prompt?.[locale],
		display
	}),
	round: (step) => step.round,
	collecting: (step) => step.status === 'open',
	answered: (step) => step.voters > 0,
	forFacilitators: (step, privateDoc) => ({
		...step,
		review: readReview(privateDoc, step.id, step.moderated)
	})
};
