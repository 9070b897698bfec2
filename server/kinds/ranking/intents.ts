import type * as Y from 'yjs';
import { RANKING_ITEMS_MIN } from '../../../src/lib/kinds/ranking/intents.ts';
import { checkRankingBallot } from '../../../src/lib/kinds/ranking/tally.ts';
import type { RankingBallot, RankingStep } from '../../../src/lib/kinds/ranking/types.ts';
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
import { publishRankingTally, publishRankingTallySoon } from './publish.ts';

/** The answer to a ranking intent that names a step of another kind. */
export const WRONG_KIND = {
	code: 'not_a_ranking',
	message: 'This step is not a ranking.'
} as const;

const requireRanking = (doc: Y.Doc, stepId: string): RankingStep =>
	requireKind(doc, stepId, 'ranking', WRONG_KIND);

export const rankingHandlers: Handlers<KindIntentType<'ranking'>> = {
	'ranking.update': {
		roles: facilitatorOnly,
		grows: true,
		apply({ room, doc }, { stepId, ...fields }) {
			const step = requireRanking(doc, stepId);
			const { items } = fields;
			// The items are what a ballot orders: fixed while the round has ballots (an unchanged
			// list, as an editor sends it with every other edit, is no change).
			const reshaped = items !== undefined && !sameJson(items, step.items);
			if (items) {
				const ids = items.map((item) => item.id);
				if (new Set(ids).size !== ids.length) {
					throw unprocessable('duplicate_item', 'Two items have the same id.');
				}
			}
			if (reshaped && room.ballots.count(step.id, step.round) > 0) {
				throw conflict(
					'ranking_has_answers',
					'Reset the ranking before changing its items: people have ranked them.'
				);
			}
			setStepFields(doc, stepId, fields);
			// New items are counted at once (there are no ballots to count); any other edit must
			// not release orders early.
			publishRankingTally(room, stepId, reshaped ? 'now' : 'due');
		}
	},
	'ranking.open': {
		roles: facilitatorOnly,
		apply({ doc }, { stepId }) {
			const step = requireRanking(doc, stepId);
			if (step.status === 'open') throw conflict('ranking_open', 'This ranking is already open.');
			if (step.items.length < RANKING_ITEMS_MIN) {
				throw conflict(
					'ranking_needs_items',
					`A ranking needs at least ${RANKING_ITEMS_MIN} items to be opened.`
				);
			}
			setStepFields(doc, stepId, { status: 'open' });
		}
	},
	'ranking.close': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId }) {
			const step = requireRanking(doc, stepId);
			if (step.status !== 'open') throw conflict('ranking_not_open', 'This ranking is not open.');
			setStepFields(doc, stepId, { status: 'closed' });
			publishRankingTally(room, stepId, 'now');
		}
	},
	'ranking.reveal': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId }) {
			requireRanking(doc, stepId);
			setStepFields(doc, stepId, { revealed: true });
			publishRankingTally(room, stepId, 'now');
		}
	},
	'ranking.reset': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId }) {
			const step = requireRanking(doc, stepId);
			room.ballots.clear(stepId);
			setStepFields(doc, stepId, { status: 'draft', revealed: false, round: step.round + 1 });
			publishRankingTally(room, stepId, 'now');
		}
	},
	'ranking.submit': {
		roles: participantOnly,
		apply({ room, doc, actor, now }, { stepId, order }) {
			const step = requireRanking(doc, stepId);
			if (step.status === 'closed') throw conflict('ranking_closed', 'This ranking is closed.');
			if (step.status !== 'open') {
				throw conflict('ranking_not_open', 'This ranking has not been opened.');
			}
			const problem = checkRankingBallot(step.items, order);
			if (problem) throw unprocessable(problem.code, problem.message);
			const participantId = actor.participantId ?? '';
			const ballot: RankingBallot = order;
			room.ballots.put(
				step.id,
				step.round,
				participantId,
				ballot,
				now,
				perspectiveOf(room, participantId)
			);
			publishRankingTallySoon(room, step.id, step.round, participantId);
		}
	}
};
