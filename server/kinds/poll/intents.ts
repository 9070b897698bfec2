import { checkPollBallot } from '../../../src/lib/model/ballots.ts';
import { setStepFields } from '../../../src/lib/model/steps.ts';
import type * as Y from 'yjs';
import type { PollBallot, PollStep } from '../../../src/lib/model/types.ts';
import type { IntentPayload } from '../../../src/lib/intents/types.ts';
import { publishPollTally, publishPollTallySoon } from './publish.ts';
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

function requireOpen(step: PollStep): void {
	if (step.status === 'closed') throw conflict('poll_closed', 'This poll is closed.');
	if (step.status !== 'open') throw conflict('poll_not_open', 'This poll has not been opened.');
}

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
