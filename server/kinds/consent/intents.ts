import { checkConsentBallot } from '../../../src/lib/model/ballots.ts';
import { closeConsentRound, openConsentRound } from '../../../src/lib/kinds/consent/model.ts';
import { emptyConsentTally } from '../../../src/lib/model/tally.ts';
import type { ConsentBallot, ConsentStep } from '../../../src/lib/model/types.ts';
import { publishConsentRound, publishConsentRoundSoon } from './publish.ts';
import {
	conflict,
	facilitatorOnly,
	participantOnly,
	perspectiveOf,
	requireBelow,
	requireKind,
	unprocessable,
	type Handlers
} from '../../intents/context.ts';
import type { KindIntentType } from '../kind.ts';
import { setStepFields } from '../../../src/lib/model/steps.ts';
import type * as Y from 'yjs';

/** The answer to a consent intent that names a step of another kind. */
export const WRONG_KIND = {
	code: 'not_a_consent_round',
	message: 'This step is not a consent round.'
} as const;

const requireConsent = (doc: Y.Doc, stepId: string): ConsentStep =>
	requireKind(doc, stepId, 'consent', WRONG_KIND);

const openRound = (step: ConsentStep) => step.rounds.find((r) => r.status === 'open');

export const consentHandlers: Handlers<KindIntentType<'consent'>> = {
	'consent.update': {
		roles: facilitatorOnly,
		grows: true,
		apply({ doc }, { stepId, ...fields }) {
			requireConsent(doc, stepId);
			setStepFields(doc, stepId, fields);
		}
	},
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
		apply({ room, doc }, { stepId }) {
			const round = openRound(requireConsent(doc, stepId));
			if (!round) throw conflict('round_not_open', 'No round of this consent step is open.');
			closeConsentRound(doc, stepId);
			publishConsentRound(room, stepId, round.number, 'now');
		}
	},
	'consent.nextRound': {
		roles: facilitatorOnly,
		grows: true,
		apply({ room, doc, limits }, { stepId }) {
			const step = requireConsent(doc, stepId);
			requireBelow(
				step.rounds.length,
				limits.roundsPerConsent,
				'too_many_rounds',
				`A consent step holds at most ${limits.roundsPerConsent} rounds.`
			);
			const open = openRound(step);
			if (open) {
				closeConsentRound(doc, stepId);
				publishConsentRound(room, stepId, open.number, 'now');
			}
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
				ConsentBallot | undefined;
			const ballot: ConsentBallot = { answer, reason: answer === 'consent' ? '' : reason };
			const perspective = perspectiveOf(room, participantId);
			room.ballots.put(stepId, round.number, participantId, ballot, now, perspective);
			// A reason rewritten: its old words must leave the store too.
			if (earlier?.reason && earlier.reason !== ballot.reason) room.scheduleErasure();
			publishConsentRoundSoon(room, stepId, round.number, participantId);
		}
	}
};
