import { readSnapshot } from '../src/lib/model/session-doc.ts';
import type { SessionSnapshot } from '../src/lib/model/types.ts';
import type { Room } from './room.ts';
import {
	consentReasons,
	consentTally,
	fullDotTally,
	fullPollTally,
	type StoredConsentBallot
} from './tallies.ts';

/**
 * The session as the facilitator may see it: like the doc, but with every count recounted from
 * the ballots: full tallies also while results are hidden from the room, and nothing behind
 * the doc's published counts (which trail by up to one publishing interval).
 */
export function facilitatorSnapshot(room: Room): SessionSnapshot {
	const snapshot = readSnapshot(room.doc, room.id);
	return {
		...snapshot,
		steps: snapshot.steps.map((step) =>
			step.kind === 'poll'
				? { ...step, tally: fullPollTally(room, step) }
				: step.kind === 'dilemmas'
					? { ...step, dotTally: fullDotTally(room, step.id, step.dots.round) }
					: step.kind === 'consent'
						? {
								...step,
								rounds: step.rounds.map((round) => ({
									...round,
									tally: consentTally(room, step.id, round.number),
									reasons: consentReasons(room, step.id, round.number)
								}))
							}
						: step
		)
	};
}

/** One participant's ballots in the current round of every step, without server-only fields. */
export function participantBallots(room: Room, participantId: string): Record<string, unknown> {
	const rounds = new Map<string, number>();
	for (const step of readSnapshot(room.doc, room.id).steps) {
		if (step.kind === 'poll') rounds.set(step.id, step.round);
		else if (step.kind === 'dilemmas') rounds.set(step.id, step.dots.round);
		else if (step.kind === 'consent' && step.rounds.length > 0) {
			rounds.set(step.id, step.rounds.length);
		}
	}
	const ballots = room.ballots.forParticipant(participantId, rounds);
	return Object.fromEntries(
		Object.entries(ballots).map(([stepId, ballot]) => {
			if (typeof ballot === 'object' && ballot !== null && 'key' in ballot) {
				const { key: _key, ...visible } = ballot as StoredConsentBallot;
				return [stepId, visible];
			}
			return [stepId, ballot];
		})
	);
}
