import { randomBytes } from 'node:crypto';
import type * as Y from 'yjs';
import { HttpError } from '../../errors.ts';
import { ballotAnswers } from '../../../src/lib/kinds/question/answers.ts';
import { ANSWERS_PER_QUESTION } from '../../../src/lib/kinds/question/intents.ts';
import {
	answerState,
	readModeration,
	readReleased,
	setModeration,
	type Moderation
} from '../../../src/lib/kinds/question/private.ts';
import type { QuestionBallot, QuestionStep } from '../../../src/lib/kinds/question/types.ts';
import { setStepFields } from '../../../src/lib/model/steps.ts';
import {
	conflict,
	facilitatorOnly,
	participantOnly,
	perspectiveOf,
	requireBelow,
	requireKind,
	type Handlers,
	type IntentContext
} from '../../intents/context.ts';
import type { Room } from '../../room.ts';
import type { KindIntentType } from '../kind.ts';
import { publishQuestion, publishQuestionSoon } from './publish.ts';
import { requireAnswerable, roundHandlers, type RoundRules } from '../rounds.ts';

/** The answer to a question's intent that names a step of another kind. */
export const WRONG_KIND = {
	code: 'not_a_question',
	message: 'This step is not an open question.'
} as const;

const requireQuestion = (doc: Y.Doc, stepId: string): QuestionStep =>
	requireKind(doc, stepId, 'question', WRONG_KIND);

/**
 * A new answer's id: random, made here. Not the intent's id, which its sender chose: intent ids
 * are unique per sender only, and an id in the room's document must say nothing of its author.
 */
function newAnswerId(taken: ReadonlySet<string>): string {
	for (;;) {
		const id = randomBytes(9).toString('base64url');
		if (!taken.has(id)) return id;
	}
}

/** A question opens and closes as counted kinds do; it has no reveal and no reset. */
export const questionRounds: RoundRules<'question'> = {
	require: requireQuestion,
	publish: publishQuestion,
	refusals: {
		alreadyOpen: { code: 'question_open', message: 'This question is open.' },
		notOpen: { code: 'question_not_open', message: 'This question is not open.' },
		closed: { code: 'question_closed', message: 'This question is closed.' }
	}
};

const rounds = roundHandlers(questionRounds);

/** Answers are given and taken back only while the question is open. */
const requireOpen = (step: QuestionStep): void => requireAnswerable(questionRounds, step);

/** The sender's own answers in the question's round. */
function ownAnswers({ room, actor }: IntentContext, step: QuestionStep) {
	return ballotAnswers(room.ballots.get(step.id, step.round, actor.participantId ?? ''));
}

/** Stores the sender's answers as their ballot, and publishes soon (under the release rule). */
function putAnswers(context: IntentContext, step: QuestionStep, ballot: QuestionBallot): void {
	const { room, actor, now } = context;
	const participantId = actor.participantId ?? '';
	const perspective = perspectiveOf(room, participantId);
	room.ballots.put(step.id, step.round, participantId, ballot, now, perspective);
	publishQuestionSoon(room, step.id, step.round, participantId);
}

/** A released answer the facilitators can see: they can decide only about what they see. */
function requireReleased(room: Room, step: QuestionStep, answerId: string): void {
	if (!readReleased(room.privateDoc, step.id).some((answer) => answer.id === answerId)) {
		throw new HttpError('answer_not_found', 'This question has no such answer (yet).');
	}
}

/** Records a facilitator's decision and shows the room what it changes; never a release. */
function moderate(room: Room, step: QuestionStep, answerId: string, decision: Moderation): void {
	room.privateDoc.transact(() => setModeration(room.privateDoc, step.id, answerId, decision));
	publishQuestion(room, step.id);
}

export const questionHandlers: Handlers<KindIntentType<'question'>> = {
	'question.update': {
		roles: facilitatorOnly,
		grows: true,
		apply({ room, doc }, { stepId, ...fields }) {
			const step = requireQuestion(doc, stepId);
			// Answers already on the screens stay there when moderation is switched on: they are
			// approved as they stand, and only new ones wait.
			if (fields.moderated === true && !step.moderated) {
				const decisions = readModeration(room.privateDoc, stepId);
				const shown = readReleased(room.privateDoc, stepId).filter(
					(answer) => answerState(decisions.get(answer.id), false) === 'shown'
				);
				room.privateDoc.transact(() => {
					for (const answer of shown) setModeration(room.privateDoc, stepId, answer.id, 'approved');
				});
			}
			setStepFields(doc, stepId, fields);
			if (fields.moderated !== undefined && fields.moderated !== step.moderated) {
				publishQuestion(room, stepId);
			}
		}
	},
	'question.open': rounds.open,
	'question.close': rounds.close,
	'question.reset': rounds.reset,
	'question.answer': {
		roles: participantOnly,
		grows: true,
		apply(context, { stepId, text }) {
			const { room, doc } = context;
			const step = requireQuestion(doc, stepId);
			requireOpen(step);
			const mine = ownAnswers(context, step);
			requireBelow(
				mine.length,
				step.maxAnswers,
				'answer_limit',
				`One person gives at most ${step.maxAnswers} answers here.`
			);
			const everyone = room.ballots
				.counted(stepId, step.round)
				.flatMap(({ ballot }) => ballotAnswers(ballot));
			requireBelow(
				everyone.length,
				ANSWERS_PER_QUESTION,
				'question_full',
				`A question holds at most ${ANSWERS_PER_QUESTION} answers.`
			);
			const id = newAnswerId(new Set(everyone.map((answer) => answer.id)));
			putAnswers(context, step, { answers: [...mine, { id, text }] });
		}
	},
	'question.retract': {
		roles: participantOnly,
		apply(context, { stepId, answerId }) {
			const step = requireQuestion(context.doc, stepId);
			requireOpen(step);
			const mine = ownAnswers(context, step);
			if (!mine.some((answer) => answer.id === answerId)) {
				throw new HttpError('answer_not_found', 'You gave no such answer here.');
			}
			putAnswers(context, step, { answers: mine.filter((answer) => answer.id !== answerId) });
		}
	},
	'question.hide': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId, answerId }) {
			const step = requireQuestion(doc, stepId);
			requireReleased(room, step, answerId);
			moderate(room, step, answerId, 'hidden');
		}
	},
	'question.show': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId, answerId }) {
			const step = requireQuestion(doc, stepId);
			requireReleased(room, step, answerId);
			// Shown means on the screens: on a moderated question that is approved as well.
			moderate(room, step, answerId, 'approved');
		}
	},
	'question.approve': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId, answerId }) {
			const step = requireQuestion(doc, stepId);
			if (!step.moderated) {
				throw conflict('question_not_moderated', 'Answers to this question need no approval.');
			}
			requireReleased(room, step, answerId);
			// A hidden answer stays hidden: approving is for those still waiting.
			if (readModeration(room.privateDoc, stepId).get(answerId) === 'hidden') return;
			moderate(room, step, answerId, 'approved');
		}
	}
};
