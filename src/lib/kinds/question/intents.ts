import { bool, id, int, object, oneOf, optional, text } from '../../intents/validate.ts';
import { PROMPT_MAX, TITLE_MAX } from '../../intents/limits.ts';
import { QUESTION_DISPLAYS } from './types.ts';

/** Longest one answer may be: a few words, a short sentence; one line. */
export const ANSWER_MAX = 140;
/** The most answers a facilitator may allow one person. */
export const MAX_ANSWERS_LIMIT = 10;
/** What a new question allows one person. */
export const DEFAULT_MAX_ANSWERS = 3;
/**
 * The most answers one question holds in all (a room of 600 at three each): every released
 * answer is in the document every phone syncs, and in the facilitators' own.
 */
export const ANSWERS_PER_QUESTION = 2000;

const stepRef = { stepId: id() };
const answerRef = { ...stepRef, answerId: id() };

/** What `step.add` may say of a new question: shown as a cloud (the default) or a wall. */
export const questionAddFields = {
	display: optional(oneOf(QUESTION_DISPLAYS))
};

/** What `question.update` may change. */
export const questionUpdateFields = {
	title: optional(text({ min: 1, max: TITLE_MAX })),
	prompt: optional(text({ max: PROMPT_MAX })),
	maxAnswers: optional(int({ min: 1, max: MAX_ANSWERS_LIMIT })),
	moderated: optional(bool()),
	display: optional(oneOf(QUESTION_DISPLAYS))
};

/**
 * An open question's intents: the facilitator's settings, opening and closing, and moderation;
 * a participant's answers (each under an id the server makes).
 */
export const questionIntents = {
	'question.update': object({ ...stepRef, ...questionUpdateFields }),
	'question.open': object(stepRef),
	'question.close': object(stepRef),
	/** Erases every answer and starts the question again (a new round). */
	'question.reset': object(stepRef),
	'question.answer': object({ ...stepRef, text: text({ min: 1, max: ANSWER_MAX }) }),
	'question.retract': object(answerRef),
	'question.hide': object(answerRef),
	'question.show': object(answerRef),
	'question.approve': object(answerRef)
};
