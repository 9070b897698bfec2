import { readPrivacy, smallestGroup } from '../../../src/lib/model/anonymity.ts';
import { fillSourceDots } from '../../../src/lib/kinds/plan/model.ts';
import { readPrivateDotTally, setPrivateDotTally } from '../../../src/lib/model/private-doc.ts';
import { readStep, readStepIds, stepMap } from '../../../src/lib/model/steps.ts';
import { resultsVisible, type CountedBallot } from '../../../src/lib/model/tally.ts';
import type { DotBallot, DotTally } from '../../../src/lib/model/types.ts';
import { publishSoon, roundKey, shouldRelease, type Release } from '../../release.ts';
import type { Room } from '../../room.ts';

/** Publishes a board's number of dot voters, and releases its dots when due (or `now`). */
export function publishDotTally(room: Room, stepId: string, release: Release = 'due'): void {
	const step = readStep(room.doc, stepId);
	if (step?.kind !== 'dilemmas') return;
	const round = step.dots.round;
	const key = roundKey(stepId, round);
	const ballots = room.ballots.counted(stepId, round) as CountedBallot<DotBallot>[];
	const voters = ballots.filter(({ ballot }) => Object.values(ballot).some((n) => n > 0)).length;
	const current = readPrivateDotTally(room.privateDoc, stepId);
	let tally: DotTally;
	if (shouldRelease(room, key, release)) {
		tally = { voters };
		if (voters >= smallestGroup(readPrivacy(room.doc))) {
			const byCard = new Map<string, number>();
			for (const { ballot } of ballots) {
				for (const [cardId, n] of Object.entries(ballot)) {
					if (n > 0) byCard.set(cardId, (byCard.get(cardId) ?? 0) + n);
				}
			}
			tally.byCard = Object.fromEntries(byCard);
		}
		room.released(key, room.ballots.signatures(stepId, round));
	} else {
		tally = { ...current, voters };
	}
	const own: DotTally =
		resultsVisible(step.dots) || step.dots.status === 'closed' ? tally : { voters };
	if (JSON.stringify(current) !== JSON.stringify(own)) {
		room.privateDoc.transact(() => setPrivateDotTally(room.privateDoc, stepId, own));
	}
	const shown: DotTally = resultsVisible(step.dots) ? tally : { voters };
	if (JSON.stringify(shown) !== JSON.stringify(step.dotTally)) {
		stepMap(room.doc, stepId)?.set('dotTally', shown);
	}
	// Plan items made while these dots were hidden get theirs once they show.
	if (shown.byCard) {
		for (const id of readStepIds(room.doc)) {
			const map = stepMap(room.doc, id);
			if (map?.get('kind') === 'plan') fillSourceDots(map, step, shown.byCard);
		}
	}
}

/** Publishes soon after a dot is placed or taken off (see `publishSoon`). */
export function publishDotTallySoon(room: Room, stepId: string, round: number, by: string): void {
	publishSoon(room, { stepId, round, by, key: `dots:${stepId}` }, () =>
		publishDotTally(room, stepId)
	);
}
