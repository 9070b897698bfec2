import {
	countByPerspective,
	listParticipants,
	readParticipation,
	readPerspectives
} from '$lib/model/session-doc';
import type { Perspective, PerspectiveCounts } from '$lib/model/types';
import type { LiveSession } from './live-session.svelte';

export interface Presence {
	perspectives: Perspective[];
	/** How many ever joined. */
	joined: number;
	/** How many are connected now. */
	present: number;
	/** Per perspective: who is connected (facilitators), or who joined (everyone else). */
	counts: PerspectiveCounts;
}

/**
 * Who is in the room, per perspective. Reactive through `live`. Only facilitators have the
 * participants themselves (`own`, their private document): they see who is connected per
 * perspective; the projector sees how many are connected and how many joined per perspective.
 */
export function readPresence(live: LiveSession, own?: LiveSession): Presence {
	const perspectives = live.read(readPerspectives);
	const present = live.presentParticipants;
	if (own) {
		// Counted, not listed: no need to sort the whole room each time the document changes.
		const participants = own.read(listParticipants);
		const counts = countByPerspective(participants, perspectives, present);
		return { perspectives, joined: participants.length, present: counts.total, counts };
	}
	const joined = live.read(readParticipation);
	return { perspectives, joined: joined.total, present: present.size, counts: joined };
}
