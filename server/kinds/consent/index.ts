import type { ServerKind } from '../kind.ts';
import { consentHandlers, WRONG_KIND } from './intents.ts';
import { publishConsentRound } from './publish.ts';

export const consentServer: ServerKind<'consent'> = {
	handlers: consentHandlers,
	wrongKind: WRONG_KIND,
	publish(room, step, release, round) {
		for (const { number } of step.rounds) {
			if (round === undefined || round === number) {
				publishConsentRound(room, step.id, number, release);
			}
		}
	},
	rounds: (step) => step.rounds.map((r) => r.number),
	leave(context, step) {
		if (step.rounds.at(-1)?.status === 'open') {
			consentHandlers['consent.close'].apply(context, { stepId: step.id });
		}
	},
	arrive(context, step) {
		if (step.rounds.length === 0) {
			consentHandlers['consent.open'].apply(context, { stepId: step.id });
		}
	},
	arrivalGrows: (step) => step.rounds.length === 0,
	forget: () => undefined
};
