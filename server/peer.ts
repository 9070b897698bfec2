import type { Role } from '../src/lib/intents/types.ts';

/** The little the sync layer needs from a socket; tests pass plain objects. */
export interface SocketLike {
	send(data: Uint8Array): void;
	close(code: number, reason: string): void;
}

/** Who is at the other end of a sync socket, as the server established at connect. */
export interface Actor {
	role: Role;
	/** Stable key for idempotency records: `facilitator`, `screen` or `p:<participantId>`. */
	key: string;
	participantId?: string;
}

/** One sync connection in a room. */
export interface Peer {
	readonly socket: SocketLike;
	readonly actor: Actor;
	/** Awareness client ids this connection speaks for (claimed by its first awareness message). */
	readonly clientIds: Set<number>;
}

export function createPeer(socket: SocketLike, actor: Actor): Peer {
	return { socket, actor, clientIds: new Set() };
}
