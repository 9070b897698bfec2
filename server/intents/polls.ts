import { checkPollBallot } from '../../src/lib/model/ballots.ts';
import { setStepFields } from '../../src/lib/model/steps.ts';
import type { PollBallot, PollStep } from '../../src/lib/model/types.ts';
import type { IntentPayload } from '../../src/lib/intents/types.ts';
import { publishPollTally, publishPollTallySoon } from '../tallies.ts';
import {
	conflict,
	facilitatorOnly,
	participantOnly,
	perspectiveOf,
	requirePoll,
	unprocessable,
	type Handlers
} from './context.ts';

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

function requireOpen(step: PollStep): void {
	if (step.status === 'closed') throw conflict('poll_closed', 'This poll is closed.');
	if (step.status !== 'open') throw conflict('poll_not_open', 'This poll has not been opened.');
}

export const pollHandlers: Handlers<
	'poll.open' | 'poll.close' | 'poll.reveal' | 'poll.reset' | 'vote.cast'
> = {
	'poll.open': {
		roles: facilitatorOnly,
		apply({ doc, now }, { stepId, durationSec }) {
			const step = requirePoll(doc, stepId);
			if (step.status === 'open') throw conflict('poll_open', 'This poll is already open.');
			setStepFields(doc, stepId, {
				status: 'open',
				endsAt: durationSec ? now + durationSec * 1000 : 0
			});
		}
	},
	'poll.close': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId }) {
			const step = requirePoll(doc, stepId);
			if (step.status !== 'open') throw conflict('poll_not_open', 'This poll is not open.');
			setStepFields(doc, stepId, { status: 'closed', endsAt: 0 });
			publishPollTally(room, stepId, 'now');
		}
	},
	'poll.reveal': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId }) {
			requirePoll(doc, stepId);
			setStepFields(doc, stepId, { revealed: true });
			publishPollTally(room, stepId, 'now');
		}
	},
	'poll.reset': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId }) {
			const step = requirePoll(doc, stepId);
			room.ballots.clear(stepId);
			setStepFields(doc, stepId, {
				status: 'draft',
				revealed: false,
				endsAt: 0,
				round: step.round + 1
			});
			publishPollTally(room, stepId, 'now');
		}
	},
	'vote.cast': {
		roles: participantOnly,
		apply({ room, doc, actor, now }, vote) {
			const step = requirePoll(doc, vote.stepId);
			requireOpen(step);
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
