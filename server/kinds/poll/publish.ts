import { setPollTally } from '../../../src/lib/kinds/poll/model.ts';
import { readPrivatePollTally, setPrivatePollTally } from '../../../src/lib/model/private-doc.ts';
import { countPoll, releasePoll, type CountedBallot } from '../../../src/lib/model/tally.ts';
import type { PollBallot, PollTally } from '../../../src/lib/model/types.ts';
import { countedPublication } from '../rounds.ts';

/** A poll's publication (server/kinds/rounds.ts): votes or points per option, per perspective. */
export const { publish: publishPollTally, publishAfterBallot: publishPollTallySoon } =
	countedPublication<'poll', PollTally>({
		kind: 'poll',
		count(room, step, smallest, split) {
			const ballots = room.ballots.counted(step.id, step.round) as CountedBallot<PollBallot>[];
			return releasePoll(countPoll(step.mode, step.options, ballots), smallest, split);
		},
		readOwn: (room, step) => readPrivatePollTally(room.privateDoc, room.doc, step.id),
		writeOwn: (room, step, tally) => setPrivatePollTally(room.privateDoc, room.doc, step.id, tally),
		shown: (step) => step.tally,
		writeShown: (room, step, tally) => setPollTally(room.doc, step.id, tally)
	});
