import { checkPollBallot } from '../../../src/lib/model/ballots.ts';
import { setStepFields } from '../../../src/lib/model/steps.ts';
import type * as Y from 'yjs';
import type { PollBallot, PollStep } from '../../../src/lib/model/types.ts';
import type { IntentPayload } from '../../../src/lib/intents/types.ts';
import { publishPollTally, publishPollTallySoon } from './publish.ts';
import { requireAnswerable, roundHandlers, type RoundRules } from '../rounds.ts';
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

/** Builds the ballot a vote.cast describes, or undefined if its fields do not form one. */
function ballotOf(vote: IntentPayload<'vote.cast'>): PollBallot | undefined {
	const { choice, points, now, desired } = vote;
	if (choice !== undefined && points === undefined && now === undefined && desired === undefined) {
		return { choice };
	}
	if (points !== undefined && choice === undefined && now === undefined && desired === undefined) {
		return { points };
	}
	if (now !== undefined && desired !== undefined && choice === undefined && points === undefined) {
		return { now, desired };
	}
	return undefined;
}

/** The answer to a poll intent that names a step of another kind. */
export const WRONG_KIND = { code: 'not_a_poll', message: 'This step is not a poll.' } as const;

const requirePoll = (doc: Y.Doc, stepId: string): PollStep =>
	requireKind(doc, stepId, 'poll', WRONG_KIND);

/** Fields that change what a ballot means; they stay fixed while a round has ballots. */
const BALLOT_SHAPING_FIELDS = ['options', 'mode', 'budget'];

export const pollRounds: RoundRules<'poll'> = {
	require: requirePoll,
	publish: publishPollTally,
	refusals: {
		alreadyOpen: { code: 'poll_open', message: 'This poll is already open.' },
		notOpen: { code: 'poll_not_open', message: 'This poll is not open.' },
		closed: { code: 'poll_closed', message: 'This poll is closed.' }
	},
	// A timer set when opening ends the round then (poll-timers.ts); any other status has none.
	withStatus: {
		open: ({ durationSec }, now) => ({ endsAt: durationSec ? now + durationSec * 1000 : 0 }),
		other: { endsAt: 0 }
	}
};

const rounds = roundHandlers(pollRounds);

export const pollHandlers: Handlers<KindIntentType<'poll'>> = {
	'poll.update': {
		roles: facilitatorOnly,
		grows: true,
		apply({ room, doc }, { stepId, ...fields }) {
			const step = requirePoll(doc, stepId);
			const given = Object.keys(fields).filter(
				(k) => fields[k as keyof typeof fields] !== undefined
			);
			const shaped = given.some((k) => BALLOT_SHAPING_FIELDS.includes(k));
			if (shaped && room.ballots.count(step.id, step.round) > 0) {
				throw conflict('poll_has_votes', 'Reset the poll before changing its options or mode.');
			}
			const ids = fields.options?.map((o) => o.id) ?? [];
			if (new Set(ids).size !== ids.length) {
				throw unprocessable('duplicate_option', 'Two options have the same id.');
			}
			setStepFields(doc, stepId, {
				...fields,
				options: fields.options?.map((o) => ({ ...o, description: o.description ?? '' }))
			});
			// New options or a new mode are counted at once (there are no ballots yet, or they
			// were refused above); any other edit must not release votes early.
			publishPollTally(room, stepId, shaped ? 'now' : 'due');
		}
	},
	'poll.open': rounds.open,
	'poll.close': rounds.close,
	'poll.reveal': rounds.reveal,
	'poll.reset': rounds.reset,
	'vote.cast': {
		roles: participantOnly,
		apply({ room, doc, actor, now }, vote) {
			const step = requirePoll(doc, vote.stepId);
			requireAnswerable(pollRounds, step);
			const ballot = ballotOf(vote);
			if (!ballot) {
				throw unprocessable('wrong_ballot', 'Send a choice, points, or now and desired.');
			}
			const problem = checkPollBallot(step, ballot);
			if (problem) throw unprocessable(problem.code, problem.message);
			const participantId = actor.participantId ?? '';
			const perspective = perspectiveOf(room, participantId);
			room.ballots.put(step.id, step.round, participantId, ballot, now, perspective);
			publishPollTallySoon(room, step.id, step.round, participantId);
		}
	}
};
