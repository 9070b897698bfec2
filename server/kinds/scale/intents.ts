import type * as Y from 'yjs';
import type { ScaleBallot, ScaleStep } from '../../../src/lib/kinds/scale/types.ts';
import { sameJson } from '../../../src/lib/model/read-safe.ts';
import { setStepFields } from '../../../src/lib/model/steps.ts';
import {
	conflict,
	facilitatorOnly,
	participantOnly,
	perspectiveOf,
	requireKind,
	unprocessable,
	type Handlers
} from '../../intents/context.ts';
import type { KindIntentType } from '../kind.ts';
import { publishScaleTally, publishScaleTallySoon } from './publish.ts';
import { requireAnswerable, roundHandlers, type RoundRules } from '../rounds.ts';

/** The answer to a scale intent that names a step of another kind. */
export const WRONG_KIND = {
	code: 'not_a_scale',
	message: 'This step is not a list of statements on a scale.'
} as const;

const requireScale = (doc: Y.Doc, stepId: string): ScaleStep =>
	requireKind(doc, stepId, 'scale', WRONG_KIND);

export const scaleRounds: RoundRules<'scale'> = {
	require: requireScale,
	publish: publishScaleTally,
	refusals: {
		alreadyOpen: { code: 'scale_open', message: 'These statements are open.' },
		notOpen: { code: 'scale_not_open', message: 'These statements are not open.' },
		closed: { code: 'scale_closed', message: 'These statements are closed.' }
	}
};

const rounds = roundHandlers(scaleRounds);

export const scaleHandlers: Handlers<KindIntentType<'scale'>> = {
	'scale.update': {
		roles: facilitatorOnly,
		grows: true,
		apply({ room, doc }, { stepId, title, statements, labels, visibility }) {
			const step = requireScale(doc, stepId);
			// Statements and labels say what an answer means: fixed while the round has answers.
			// Sent again as they are (an editor sends its whole form), they change nothing.
			const reshaped =
				(statements !== undefined && !sameJson(statements, step.statements)) ||
				(labels !== undefined && !sameJson(labels, step.labels));
			if (reshaped && room.ballots.count(step.id, step.round) > 0) {
				throw conflict(
					'scale_answered',
					'Reset the statements before changing them or their scale: answers were given.'
				);
			}
			const ids = statements?.map((s) => s.id) ?? [];
			if (new Set(ids).size !== ids.length) {
				throw unprocessable('duplicate_statement', 'Two statements have the same id.');
			}
			setStepFields(doc, stepId, {
				title,
				visibility,
				...(reshaped ? { statements, labels } : {})
			});
			// New statements or a new scale are counted at once (there are no answers, or they were
			// refused above); any other edit must not release answers early.
			publishScaleTally(room, stepId, reshaped ? 'now' : 'due');
		}
	},
	'scale.open': rounds.open,
	'scale.close': rounds.close,
	'scale.reveal': rounds.reveal,
	'scale.reset': rounds.reset,
	'scale.answer': {
		roles: participantOnly,
		apply({ room, doc, actor, now }, { stepId, statementId, point }) {
			const step = requireScale(doc, stepId);
			requireAnswerable(scaleRounds, step);
			if (!step.statements.some((s) => s.id === statementId)) {
				throw unprocessable('unknown_statement', 'This step has no such statement.');
			}
			if (point >= step.labels.length) {
				throw unprocessable(
					'unknown_point',
					`The scale has ${step.labels.length} points: 0 to ${step.labels.length - 1}.`
				);
			}
			const participantId = actor.participantId ?? '';
			const earlier = room.ballots.get(step.id, step.round, participantId) as
				ScaleBallot | undefined;
			// One statement at a time, into the answers given before; only statements the step
			// has now are kept (statements cannot change while a round has answers).
			const ballot: ScaleBallot = {};
			for (const statement of step.statements) {
				const value =
					statement.id === statementId
						? point
						: earlier && Object.hasOwn(earlier, statement.id)
							? earlier[statement.id]
							: undefined;
				if (value !== undefined) ballot[statement.id] = value;
			}
			const perspective = perspectiveOf(room, participantId);
			room.ballots.put(step.id, step.round, participantId, ballot, now, perspective);
			publishScaleTallySoon(room, step.id, step.round, participantId);
		}
	}
};
