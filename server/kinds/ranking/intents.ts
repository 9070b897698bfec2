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
import { requireAnswerable, roundHandlers, type RoundRules } from '../rounds.ts';

/** The answer to a ranking intent that names a step of another kind. */
export const WRONG_KIND = {
	code: 'not_a_ranking',
	message: 'This step is not a ranking.'
} as const;

const requireRanking = (doc: Y.Doc, stepId: string): RankingStep =>
	requireKind(doc, stepId, 'ranking', WRONG_KIND);

export const rankingRounds: RoundRules<'ranking'> = {
	require: requireRanking,
	publish: publishRankingTally,
	refusals: {
		alreadyOpen: { code: 'ranking_open', message: 'This ranking is already open.' },
		notOpen: { code: 'ranking_not_open', message: 'This ranking is not open.' },
		closed: { code: 'ranking_closed', message: 'This ranking is closed.' }
	},
	cannotOpen: (step) =>
		step.items.length < RANKING_ITEMS_MIN
			? {
					code: 'ranking_needs_items',
					message: `A ranking needs at least ${RANKING_ITEMS_MIN} items to be opened.`
				}
			: undefined
};

const rounds = roundHandlers(rankingRounds);

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
	'ranking.open': rounds.open,
	'ranking.close': rounds.close,
	'ranking.reveal': rounds.reveal,
	'ranking.reset': rounds.reset,
	'ranking.submit': {
		roles: participantOnly,
		apply({ room, doc, actor, now }, { stepId, order }) {
			const step = requireRanking(doc, stepId);
			requireAnswerable(rankingRounds, step);
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
