import { randomBytes } from 'node:crypto';
import { checkConsentBallot } from '../../src/lib/model/ballots.ts';
import { closeConsentRound, openConsentRound } from '../../src/lib/model/steps.ts';
import { emptyConsentTally } from '../../src/lib/model/tally.ts';
import type { ConsentStep } from '../../src/lib/model/types.ts';
import { publishConsentRoundSoon, type StoredConsentBallot } from '../tallies.ts';
import {
	conflict,
	facilitatorOnly,
	participantOnly,
	requireBelow,
	requireConsent,
	unprocessable,
	type Handlers
} from './context.ts';

const openRound = (step: ConsentStep) => step.rounds.find((r) => r.status === 'open');

export const consentHandlers: Handlers<
	'consent.open' | 'consent.close' | 'consent.respond' | 'consent.nextRound'
> = {
	'consent.open': {
		roles: facilitatorOnly,
		grows: true,
		apply({ doc }, { stepId }) {
			const step = requireConsent(doc, stepId);
			if (step.rounds.length > 0) {
				throw conflict('consent_started', 'This consent round has started; use the next round.');
			}
			openConsentRound(doc, stepId, emptyConsentTally());
		}
	},
	'consent.close': {
		roles: facilitatorOnly,
		apply({ doc }, { stepId }) {
			if (!openRound(requireConsent(doc, stepId))) {
				throw conflict('round_not_open', 'No round of this consent step is open.');
			}
			closeConsentRound(doc, stepId);
		}
	},
	'consent.nextRound': {
		roles: facilitatorOnly,
		grows: true,
		apply({ doc, limits }, { stepId }) {
			const step = requireConsent(doc, stepId);
			requireBelow(
				step.rounds.length,
				limits.roundsPerConsent,
				'too_many_rounds',
				`A consent step holds at most ${limits.roundsPerConsent} rounds.`
			);
			if (openRound(step)) closeConsentRound(doc, stepId);
			openConsentRound(doc, stepId, emptyConsentTally());
		}
	},
	'consent.respond': {
		roles: participantOnly,
		apply({ room, doc, actor, now }, { stepId, answer, reason = '' }) {
			const step = requireConsent(doc, stepId);
			const round = openRound(step);
			if (!round) throw conflict('round_closed', 'This consent round is not open.');
			const problem = checkConsentBallot({ answer, reason });
			if (problem) throw unprocessable(problem.code, problem.message);
			const participantId = actor.participantId ?? '';
			const earlier = room.ballots.get(stepId, round.number, participantId) as
				StoredConsentBallot | undefined;
			// The key a reason is published under: random, so it says nothing about its author.
			const key = earlier?.key ?? randomBytes(9).toString('base64url');
			const ballot: StoredConsentBallot = {
				answer,
				reason: answer === 'consent' ? '' : reason,
				key
			};
			room.ballots.put(stepId, round.number, participantId, ballot, now);
			publishConsentRoundSoon(room, stepId, round.number);
		}
	}
};
