import { readPrivacy, smallestGroup } from '../../../src/lib/model/anonymity.ts';
import { setConsentRound } from '../../../src/lib/kinds/consent/model.ts';
import { readStep } from '../../../src/lib/model/steps.ts';
import { countConsent, releaseConsent, type CountedBallot } from '../../../src/lib/model/tally.ts';
import type { ConsentBallot, ConsentReason } from '../../../src/lib/model/types.ts';
import { publishSoon, roundKey, shouldRelease, type Release } from '../../release.ts';
import type { Room } from '../../room.ts';

/**
 * Publishes a consent round's number of answers, and when due (or `now`) its counts and its
 * reasons: one list sorted by content, so neither its order nor any key points at an author.
 */
export function publishConsentRound(
	room: Room,
	stepId: string,
	number: number,
	release: Release = 'due'
): void {
	const step = readStep(room.doc, stepId);
	const round = step?.kind === 'consent' ? step.rounds[number - 1] : undefined;
	if (!round) return;
	const key = roundKey(stepId, number);
	const ballots = room.ballots.counted(stepId, number) as CountedBallot<ConsentBallot>[];
	const voters = ballots.length;
	if (!shouldRelease(room, key, release)) {
		setConsentRound(room.doc, stepId, number, { ...round.tally, voters });
		return;
	}
	const privacy = readPrivacy(room.doc);
	const threshold = smallestGroup(privacy);
	const released = releaseConsent(
		countConsent(ballots),
		threshold,
		round.status === 'closed' || privacy.open
	);
	// Reasons are shown with the counts, and like them only once enough people answered.
	const reasons: ConsentReason[] =
		voters >= threshold
			? ballots.flatMap(({ ballot }) =>
					ballot.reason && ballot.answer !== 'consent'
						? [{ answer: ballot.answer, text: ballot.reason }]
						: []
				)
			: [];
	setConsentRound(room.doc, stepId, number, { voters, ...released }, reasons);
	room.released(key, room.ballots.signatures(stepId, number));
}

/** Publishes soon after an answer (see `publishSoon`). */
export function publishConsentRoundSoon(
	room: Room,
	stepId: string,
	number: number,
	by: string
): void {
	publishSoon(room, { stepId, round: number, by, key: `consent:${stepId}:${number}` }, () =>
		publishConsentRound(room, stepId, number)
	);
}
