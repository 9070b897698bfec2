import { scalePreset } from '../../../src/lib/kinds/scale/presets.ts';
import { unprocessable } from '../../intents/context.ts';
import type { ServerKind } from '../kind.ts';
import { scaleHandlers, WRONG_KIND } from './intents.ts';
import { publishScaleTally } from './publish.ts';

/** Statements on a scale: counted as a poll is, one round at a time. */
export const scaleServer: ServerKind<'scale'> = {
	handlers: scaleHandlers,
	wrongKind: WRONG_KIND,
	beforeAdd(_context, { optionSet }) {
		if (optionSet !== undefined && !scalePreset(optionSet)) {
			throw unprocessable('unknown_option_set', 'There is no such scale to start from.');
		}
	},
	publish(room, step, release, round) {
		if (round === undefined || round === step.round) publishScaleTally(room, step.id, release);
	},
	rounds: (step) => [step.round],
	leave(context, step) {
		if (step.status === 'open') scaleHandlers['scale.close'].apply(context, { stepId: step.id });
	},
	arrive(context, step) {
		if (step.status === 'draft') scaleHandlers['scale.open'].apply(context, { stepId: step.id });
	},
	arrivalGrows: () => false,
	forget: () => undefined
};
