import { readPrivacy, smallestGroup } from '../../../src/lib/model/anonymity.ts';
import { countScale, releaseScale } from '../../../src/lib/kinds/scale/count.ts';
import {
	readPrivateScaleTally,
	setPrivateScaleTally,
	setScaleTally
} from '../../../src/lib/kinds/scale/model.ts';
import type { ScaleBallot, ScaleTally } from '../../../src/lib/kinds/scale/types.ts';
import { readStep } from '../../../src/lib/model/steps.ts';
import { resultsVisible, type CountedBallot } from '../../../src/lib/model/tally.ts';
import { publishSoon, roundKey, shouldRelease, type Release } from '../../release.ts';
import type { Room } from '../../room.ts';

/**
 * Publishes a scale step's number of voters, and releases its counts when due (or `now`), as a
 * poll's are (kinds/poll/publish.ts): to the facilitators once closed or shown, to the room
 * when shown.
 */
export function publishScaleTally(room: Room, stepId: string, release: Release = 'due'): void {
	const step = readStep(room.doc, stepId);
	if (step?.kind !== 'scale') return;
	const key = roundKey(stepId, step.round);
	const voters = room.ballots.count(stepId, step.round);
	const current = readPrivateScaleTally(room.privateDoc, room.doc, stepId);
	let tally: ScaleTally;
	if (shouldRelease(room, key, release)) {
		const privacy = readPrivacy(room.doc);
		const ballots = room.ballots.counted(stepId, step.round) as CountedBallot<ScaleBallot>[];
		const counts = countScale(
			step.statements.map((s) => s.id),
			step.labels.length,
			ballots
		);
		tally = {
			voters,
			...releaseScale(counts, smallestGroup(privacy), step.status === 'closed' || privacy.open)
		};
		room.released(key, room.ballots.signatures(stepId, step.round));
	} else {
		tally = { ...current, voters };
	}
	// Facilitators see hidden counts only once the round is closed: releases while it is open
	// would let one who knows the room close right after one person's tap and read that answer.
	const own: ScaleTally = resultsVisible(step) || step.status === 'closed' ? tally : { voters };
	if (JSON.stringify(current) !== JSON.stringify(own)) {
		room.privateDoc.transact(() => setPrivateScaleTally(room.privateDoc, room.doc, stepId, own));
	}
	const shown: ScaleTally = resultsVisible(step) ? tally : { voters };
	if (JSON.stringify(shown) !== JSON.stringify(step.tally)) setScaleTally(room.doc, stepId, shown);
}

/** Publishes soon after an answer (see `publishSoon`). */
export function publishScaleTallySoon(room: Room, stepId: string, round: number, by: string): void {
	publishSoon(room, { stepId, round, by, key: `scale:${stepId}` }, () =>
		publishScaleTally(room, stepId)
	);
}
