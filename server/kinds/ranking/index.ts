import { templateOf, unprocessable } from '../../intents/context.ts';
import type { ServerKind } from '../kind.ts';
import { roundPresence } from '../rounds.ts';
import { rankingHandlers, rankingRounds, WRONG_KIND } from './intents.ts';

export const rankingServer: ServerKind<'ranking'> = {
	handlers: rankingHandlers,
	wrongKind: WRONG_KIND,
	beforeAdd({ doc }, { optionSet }) {
		if (optionSet !== undefined && !templateOf(doc).optionSets.some((s) => s.id === optionSet)) {
			throw unprocessable('unknown_option_set', 'The template has no such option set.');
		}
	},
	...roundPresence(rankingRounds),
	// What the facilitators' document kept (its results) goes with every step (step.remove).
	forget: () => undefined
};
