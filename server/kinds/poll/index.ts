import { templateOf, unprocessable } from '../../intents/context.ts';
import type { ServerKind } from '../kind.ts';
import { pollHandlers, WRONG_KIND } from './intents.ts';
import { publishPollTally } from './publish.ts';

export const pollServer: ServerKind<'poll'> = {
	handlers: pollHandlers,
	wrongKind: WRONG_KIND,
	beforeAdd({ doc }, { optionSet }) {
		if (optionSet !== undefined && !templateOf(doc).optionSets.some((s) => s.id === optionSet)) {
			throw unprocessable('unknown_option_set', 'The template has no such option set.');
		}
	},
	publish(room, step, release, round) {
		if (round === undefined || round === step.round) publishPollTally(room, step.id, release);
	},
	rounds: (step) => [step.round],
	leave(context, step) {
		if (step.status === 'open') pollHandlers['poll.close'].apply(context, { stepId: step.id });
	},
	arrive(context, step) {
		if (step.status === 'draft') pollHandlers['poll.open'].apply(context, { stepId: step.id });
	},
	arrivalGrows: () => false,
	forget: () => undefined
};
