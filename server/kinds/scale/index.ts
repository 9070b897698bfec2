import { scalePreset } from '../../../src/lib/kinds/scale/presets.ts';
import { unprocessable } from '../../intents/context.ts';
import type { ServerKind } from '../kind.ts';
import { roundPresence } from '../rounds.ts';
import { scaleHandlers, scaleRounds, WRONG_KIND } from './intents.ts';

/** Statements on a scale: counted as a poll is, one round at a time. */
export const scaleServer: ServerKind<'scale'> = {
	handlers: scaleHandlers,
	wrongKind: WRONG_KIND,
	beforeAdd(_context, { optionSet }) {
		if (optionSet !== undefined && !scalePreset(optionSet)) {
			throw unprocessable('unknown_option_set', 'There is no such scale to start from.');
		}
	},
	...roundPresence(scaleRounds),
	forget: () => undefined
};
