import { readPrivacy, smallestGroup } from '../../../src/lib/model/anonymity.ts';
import { setPollTally } from '../../../src/lib/kinds/poll/model.ts';
import { readPrivatePollTally, setPrivatePollTally } from '../../../src/lib/model/private-doc.ts';
import { readStep } from '../../../src/lib/model/steps.ts';
import {
	countPoll,
	releasePoll,
	resultsVisible,
	type CountedBallot
} from '../../../src/lib/model/tally.ts';
import type { PollBallot, PollTally } from '../../../src/lib/model/types.ts';
import { publishSoon, roundKey, shouldRelease, type Release } from '../../release.ts';
import type { Room } from '../../room.ts';

/** Publishes a poll's number of voters, and releases its counts when due (or `now`). */
export function publishPollTally(room: Room, stepId: string, release: Release = 'due'): void {
	const step = readStep(room.doc, stepId);
	if (step?.kind !== 'poll') return;
	const key = roundKey(stepId, step.round);
	const voters = room.ballots.count(stepId, step.round);
	const current = readPrivatePollTally(room.privateDoc, room.doc, stepId);
	let tally: PollTally;
	if (shouldRelease(room, key, release)) {
		const privacy = readPrivacy(room.doc);
		const ballots = room.ballots.counted(stepId, step.round) as CountedBallot<PollBallot>[];
		const counts = countPoll(step.mode, step.options, ballots);
		tally = {
			voters,
			...releasePoll(counts, smallestGroup(privacy), step.status === 'closed' || privacy.open)
		};
		room.released(key, room.ballots.signatures(stepId, step.round));
	} else {
		tally = { ...current, voters };
	}
	// Facilitators see hidden counts only once the poll is closed: releases while it is open
	// would let one who knows the room close right after one person's tap and read that vote.
	const own: PollTally = resultsVisible(step) || step.status === 'closed' ? tally : { voters };
	if (JSON.stringify(current) !== JSON.stringify(own)) {
		room.privateDoc.transact(() => setPrivatePollTally(room.privateDoc, room.doc, stepId, own));
	}
	const shown: PollTally = resultsVisible(step) ? tally : { voters };
	if (JSON.stringify(shown) !== JSON.stringify(step.tally)) setPollTally(room.doc, stepId, shown);
}

/** Publishes soon after a vote (see `publishSoon`). */
export function publishPollTallySoon(room: Room, stepId: string, round: number, by: string): void {
	publishSoon(room, { stepId, round, by, key: `poll:${stepId}` }, () =>
		publishPollTally(room, stepId)
	);
}
