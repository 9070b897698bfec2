import { RANKING_ITEMS_MIN } from '../../../src/lib/kinds/ranking/intents.ts';
import { templateOf, unprocessable } from '../../intents/context.ts';
import type { ServerKind } from '../kind.ts';
import { rankingHandlers, WRONG_KIND } from './intents.ts';
import { publishRankingTally } from './publish.ts';

export const rankingServer: ServerKind<'ranking'> = {
	handlers: rankingHandlers,
	wrongKind: WRONG_KIND,
	beforeAdd({ doc }, { optionSet }) {
		if (optionSet !== undefined && !templateOf(doc).optionSets.some((s) => s.id === optionSet)) {
			throw unprocessable('unknown_option_set', 'The template has no such option set.');
		}
	},
	publish(room, step, release, round) {
		if (round === undefined || round === step.round) publishRankingTally(room, step.id, release);
	},
	rounds: (step) => [step.round],
	leave(context, step) {
		if (step.status === 'open') {
			rankingHandlers['ranking.close'].apply(context, { stepId: step.id });
		}
	},
	// A ranking without its items yet stays a draft: the presenter's next still moves on.
	arrive(context, step) {
		if (step.status === 'draft' && step.items.length >= RANKING_ITEMS_MIN) {
			rankingHandlers['ranking.open'].apply(context, { stepId: step.id });
		}
	},
	arrivalGrows: () => false,
	// What the facilitators' document kept (its results) goes with every step (step.remove).
	forget: () => undefined
};
