import { publishInterval } from './publisher.ts';
import { Room, type RoomOptions } from './room.ts';
import { SERVER_ORIGIN } from './origins.ts';
import { syncPollTimers } from './poll-timers.ts';
import { republishAll } from './tallies.ts';
import { farewell, welcome } from './sync.ts';
import type { Peer } from './peer.ts';
import type { Store } from './store/types.ts';

export interface RoomsOptions extends Omit<RoomOptions, 'publishIntervalMs'> {
	/** A room with no peers is unloaded after this long without activity. */
	idleMs: number;
	/** The shortest interval between publications of a step's counts (see Publisher). */
	publishIntervalMs: number;
}

/** The live rooms of one server: loaded on first use, unloaded when idle. */
export class Rooms {
	readonly #rooms = new Map<string, Room>();
	readonly #store: Store;
	readonly #options: RoomsOptions;
	readonly #sweeper: ReturnType<typeof setInterval>;
	readonly #roomOptions: RoomOptions;

	constructor(store: Store, options: RoomsOptions) {
		this.#store = store;
		this.#options = options;
		this.#roomOptions = {
			compactAfter: options.compactAfter,
			publishIntervalMs: () => publishInterval(this.peerCount, options.publishIntervalMs)
		};
		this.#sweeper = setInterval(() => this.#sweep(), Math.max(1000, options.idleMs / 2));
		this.#sweeper.unref();
	}

	/** The room of an existing session, loading it from the store if it is not live. */
	get(sessionId: string): Room {
		let room = this.#rooms.get(sessionId);
		if (!room) {
			room = new Room(sessionId, this.#store, this.#roomOptions);
			this.#rooms.set(sessionId, room);
			// A crash can cut off a publication that was due: recount from the stored ballots.
			const loaded = room;
			loaded.doc.transact(() => republishAll(loaded), SERVER_ORIGIN);
			syncPollTimers(room);
		}
		room.lastActive = Date.now();
		return room;
	}

	/** The room if it is live; never loads. */
	peek(sessionId: string): Room | undefined {
		return this.#rooms.get(sessionId);
	}

	get size(): number {
		return this.#rooms.size;
	}

	/** Connected peers over all rooms: the publishing interval grows with them. */
	get peerCount(): number {
		let count = 0;
		for (const room of this.#rooms.values()) count += room.peers.size;
		return count;
	}

	join(room: Room, peer: Peer): void {
		room.peers.add(peer);
		room.lastActive = Date.now();
		welcome(room, peer);
	}

	leave(room: Room, peer: Peer): void {
		if (!room.peers.delete(peer)) return;
		farewell(room, peer);
		room.lastActive = Date.now();
	}

	/** Closes every socket of a session and drops its room without saving (it is being erased). */
	discard(sessionId: string, code: number, reason: string): void {
		const room = this.#rooms.get(sessionId);
		if (!room) return;
		this.#rooms.delete(sessionId);
		for (const peer of room.peers) peer.socket.close(code, reason);
		room.peers.clear();
		room.destroy();
	}

	/** Saves and unloads every room, closing its sockets with `code`. */
	closeAll(code: number, reason: string): void {
		clearInterval(this.#sweeper);
		for (const [id, room] of this.#rooms) {
			for (const peer of room.peers) peer.socket.close(code, reason);
			this.#unload(id, room);
		}
	}

	#sweep(): void {
		const cutoff = Date.now() - this.#options.idleMs;
		for (const [id, room] of this.#rooms) {
			if (room.peers.size === 0 && room.lastActive < cutoff) this.#unload(id, room);
		}
	}

	#unload(id: string, room: Room): void {
		this.#rooms.delete(id);
		room.publisher.flushAll();
		room.compact();
		room.destroy();
	}
}
