import { forFacilitators } from '../src/lib/kinds/index.ts';
import { readParticipant, readSnapshot } from '../src/lib/model/session-doc.ts';
import type { Participant, SessionSnapshot } from '../src/lib/model/types.ts';
import type { Room } from './room.ts';
import { currentRound } from './tallies.ts';

/**
 * The session as facilitators see it: the shared document with the facilitators' own on top
 * (participants, hidden card texts, counts released while hidden from the room). Counts are
 * releases, never a recount: what the console, the exports and a next session see is what the
 * anonymity rule allows (see tallies.ts).
 */
export function facilitatorSnapshot(room: Room): SessionSnapshot {
	const snapshot = readSnapshot(room.doc, room.id, room.privateDoc);
	return {
		...snapshot,
		steps: snapshot.steps.map((step) => forFacilitators(step, room.privateDoc, room.doc))
	};
}

/** What a participant may read about themselves: their profile and their own ballots. */
export function participantView(
	room: Room,
	participantId: string
): { participant: Participant | undefined; ballots: Record<string, unknown> } {
	return {
		participant: readParticipant(room.privateDoc, participantId),
		ballots: participantBallots(room, participantId)
	};
}

/** One participant's ballots in the current round of every step, without server-only fields. */
export function participantBallots(room: Room, participantId: string): Record<string, unknown> {
	const rounds = new Map<string, number>();
	for (const step of readSnapshot(room.doc, room.id).steps) {
		const round = currentRound(step);
		if (round !== undefined) rounds.set(step.id, round);
	}
	const ballots = room.ballots.forParticipant(participantId, rounds);
	return Object.fromEntries(
		Object.entries(ballots).map(([stepId, ballot]) => {
			// Consent ballots of older versions carry the key their reason was published under.
			if (typeof ballot === 'object' && ballot !== null && 'key' in ballot) {
				const { key: _key, ...visible } = ballot as Record<string, unknown>;
				return [stepId, visible];
			}
			return [stepId, ballot];
		})
	);
}
