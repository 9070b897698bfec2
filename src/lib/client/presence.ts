import { countByPerspective, readParticipants, readPerspectives } from '$lib/model/session-doc';
import type { Perspective, PerspectiveCounts } from '$lib/model/types';
import type { LiveSession } from './live-session.svelte';

export interface Presence {
	perspectives: Perspective[];
	joined: number;
	present: PerspectiveCounts;
}

/** Who is in the room now, per perspective, and how many ever joined. Reactive through `live`. */
export function readPresence(live: LiveSession): Presence {
	const perspectives = live.read(readPerspectives);
	const participants = live.read(readParticipants);
	return {
		perspectives,
		joined: participants.length,
		present: countByPerspective(participants, perspectives, live.presentParticipants)
	};
}
