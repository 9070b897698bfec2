import { readSnapshot } from '../src/lib/model/session-doc.ts';
import type { SessionSnapshot } from '../src/lib/model/types.ts';
import type { Room } from './room.ts';
import { fullDotTally, fullPollTally, type StoredConsentBallot } from './tallies.ts';

/**
 * The session as the facilitator may see it: like the doc, but with every poll's full tally,
 * also while its results are hidden from the room.
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
