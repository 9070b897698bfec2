import type { Role } from '../src/lib/intents/types.ts';
import type { CloseCode } from '../src/lib/sync/close-codes.ts';
import type { DocChannel } from './store/types.ts';

/** The little the sync layer needs from a socket; tests pass plain objects. */
export interface SocketLike {
	send(data: Uint8Array): void;
	close(code: CloseCode, reason: string): void;
}

/** Who is at the other end of a sync socket, as the server established at connect. */
export interface Actor {
	role: Role;
	/**
	 * Stable key for idempotency records and per-credential limits: `facilitator`, `screen`,
	 * `p:<participantId>`, or `f:<organizerId>` and `s:<organizerId>` for an organizer's own
	 * console and projector keys.
	 */
	key: string;
	participantId?: string;
	/** The signed-in organizer whose console key (or projector key derived from it) this is. */
	organizerId?: string;
}

/** One sync connection in a room. */
export interface Peer {
	readonly socket: SocketLike;
	readonly actor: Actor;
	/** Which of the session's documents this connection syncs (`private`: facilitators only). */
	readonly channel: DocChannel;
	/**
	 * The awareness client id this connection speaks for: the first its awareness messages name
	 * (see sync.ts, `claim`). One at most, so a number rather than a set.
	 */
	clientId: number | undefined;
}

export function createPeer(socket: SocketLike, actor: Actor, channel: DocChannel = 'shared'): Peer {
	return { socket, actor, channel, clientId: undefined };
}
