import { readPrivacy, smallestGroup } from '../../../src/lib/model/anonymity.ts';
import {
	readPrivateRankingTally,
	setPrivateRankingTally,
	setRankingTally
} from '../../../src/lib/kinds/ranking/model.ts';
import { groupRanking, releaseRanking } from '../../../src/lib/kinds/ranking/tally.ts';
import type { RankingTally } from '../../../src/lib/kinds/ranking/types.ts';
import { readStep } from '../../../src/lib/model/steps.ts';
import { sameJson } from '../../../src/lib/model/read-safe.ts';
import { resultsVisible } from '../../../src/lib/model/tally.ts';
import { publishSoon, roundKey, shouldRelease, type Release } from '../../release.ts';
import type { Room } from '../../room.ts';

/**
 * Publishes how many ranked, and releases the count when due (or `now`): the same rule and the
 * same audiences as a poll's (server/kinds/poll/publish.ts).
 */
export function publishRankingTally(room: Room, stepId: string, release: Release = 'due'): void {
	const step = readStep(room.doc, stepId);
	if (step?.kind !== 'ranking') return;
	const key = roundKey(stepId, step.round);
	const voters = room.ballots.count(stepId, step.round);
	const current = readPrivateRankingTally(room.privateDoc, room.doc, stepId);
	let tally: RankingTally;
	if (shouldRelease(room, key, release)) {
		const privacy = readPrivacy(room.doc);
		const counts = groupRanking(step.items, room.ballots.counted(stepId, step.round));
		tally = {
			voters,
			...releaseRanking(
				counts,
				step.items,
				smallestGroup(privacy),
				step.status === 'closed' || privacy.open
			)
		};
		room.released(key, room.ballots.signatures(stepId, step.round));
	} else {
		tally = { ...current, voters };
	}
	// Facilitators see hidden counts only once the ranking is closed: releases while it is open
	// would let one who knows the room close right after one person's order and read it.
	const own: RankingTally = resultsVisible(step) || step.status === 'closed' ? tally : { voters };
	if (!sameJson(current, own)) {
		room.privateDoc.transact(() => setPrivateRankingTally(room.privateDoc, stepId, own));
	}
	const shown: RankingTally = resultsVisible(step) ? tally : { voters };
	if (!sameJson(shown, step.tally)) setRankingTally(room.doc, stepId, shown);
}

/** Publishes soon after an order is sent (see `publishSoon`). */
export function publishRankingTallySoon(
	room: Room,
	stepId: string,
	round: number,
	by: string
): void {
	publishSoon(room, { stepId, round, by, key: `ranking:${stepId}` }, () =>
		publishRankingTally(room, stepId)
	);
}
