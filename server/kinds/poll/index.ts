import { templateOf, unprocessable } from '../../intents/context.ts';
import type { ServerKind } from '../kind.ts';
import { roundPresence } from '../rounds.ts';
import { pollHandlers, pollRounds, WRONG_KIND } from './intents.ts';

export const pollServer: ServerKind<'poll'> = {
	handlers: pollHandlers,
	wrongKind: WRONG_KIND,
	beforeAdd({ doc }, { optionSet }) {
		if (optionSet !== undefined && !templateOf(doc).optionSets.some((s) => s.id === optionSet)) {
			throw unprocessable('unknown_option_set', 'The template has no such option set.');
		}
	},
	...roundPresence(pollRounds),
	forget: () => undefined
};
