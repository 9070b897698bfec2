import { readPrivacy, smallestGroup } from '../src/lib/model/anonymity.ts';
import type { Room } from './room.ts';

/*
 * Counts leave the server only as releases (see docs/architecture.md, "Anonymity"):
 *
 * - How many have voted is published soon after every ballot (at once in a quiet room, with
 *   others in a busy one): it tells that someone voted, which the room sees anyway, never how.
 * - The counts themselves are released only when at least the session's smallest group of
 *   people (3 by default) have changed their ballots since the last release, or when the
 *   facilitator closes, resets or starts a round. So no change in a count can be timed to one
 *   person's tap. With open voting every change is released.
 * - A breakdown by perspective is released only for a closed round (with open voting, always),
 *   and only with groups of at least that size (`splitGroups`).
 *
 * A release goes to the facilitators' own document when results show or the round is closed,
 * and to the shared one when results show. A reveal counts afresh: the first counts a hidden
 * round shows are all its ballots at once.
 */

/** Which counted round a ballot belongs to: the key of its pending changes. */
export const roundKey = (stepId: string, round: number): string => `${stepId}#${round}`;

/** How a publication treats the counts: keep the last release, or release if enough changed. */
export type Release = 'due' | 'now';

export function shouldRelease(room: Room, key: string, release: Release): boolean {
	if (release === 'now') return true;
	return room.pendingChanges(key) >= smallestGroup(readPrivacy(room.doc));
}

/** Notes a participant's ballot of a round as it is now, for the release rule. */
export function noteChange(room: Room, stepId: string, round: number, participantId: string): void {
	room.noteChange(
		roundKey(stepId, round),
		participantId,
		room.ballots.signature(stepId, round, participantId)
	);
}

/**
 * Publishes counts as soon as the room can take them (see Publisher): for the changes that come
 * by the hundred, as votes, responses and dots do. Each is a change by `participantId` to a
 * round, published under `key` (a burst under one key goes out as one publication).
 */
export function publishSoon(
	room: Room,
	{ stepId, round, by, key }: { stepId: string; round: number; by: string; key: string },
	publish: () => void
): void {
	noteChange(room, stepId, round, by);
	room.publisher.schedule(key, publish);
}
