import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { HttpError } from './errors.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { DEFAULT_PACING, LoopBudget, type PublishPacing } from './publisher.ts';
import { Room, type RoomLimits, type RoomOptions } from './room.ts';
import { SERVER_ORIGIN } from './origins.ts';
import { syncPollTimers } from './poll-timers.ts';
import { migrateToPrivate } from './migrate.ts';
import { assumeReleased, publishAll } from './tallies.ts';
import { farewell, welcome } from './sync.ts';
import type { Actor, Peer } from './peer.ts';
import type { Store } from './store/types.ts';

export interface RoomsOptions {
	/** Compact a session's stored log after this many updates. */
	compactAfter: number;
	/** A room with no peers is unloaded after this long without activity. */
	idleMs: number;
	/** How often a room may publish counts (see Publisher); DEFAULT_PACING by default. */
	pacing?: PublishPacing;
	/** Rooms loaded at once; beyond it idle rooms are unloaded early, or the load is refused. */
	maxRooms?: number;
	/** Presence changes go to facilitators and screens at most this often; default 100 ms. */
	presenceBatchMs?: number;
	limits?: RoomLimits;
	log?: (message: string, error?: unknown) => void;
	/** Told of every socket admitted and every publication of counts (the metrics). */
	observer?: RoomsObserver;
	/** The clock a session's mark of use (Store.touchSession) goes by; Date.now by default. */
	now?: () => number;
}

/** What the metrics learn from the rooms as it happens (see server/metrics.ts). */
export interface RoomsObserver {
	/** A sync socket was admitted to a room. */
	joined(peer: Peer): void;
	/** A publication of counts was broadcast, `ms` after the first change it carries. */
	published(ms: number): void;
}

/** A failed room stays unloaded this long at first, doubling while it keeps failing. */
const FIRST_QUARANTINE_MS = 5_000;
const LONGEST_QUARANTINE_MS = 10 * 60_000;

/** Thrown when a session cannot be served for now; the API answers 503, the socket closes with CloseCode.tryAgainLater. */
export class RoomUnavailable extends HttpError {
	constructor(retryAfterMs: number, message = 'This session cannot be opened right now.') {
		super('session_unavailable', message, {
			'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000)))
		});
	}
}

/** The live rooms of one server: loaded on first use, unloaded when idle or when they fail. */
export class Rooms {
	readonly #rooms = new Map<string, Room>();
	readonly #store: Store;
	readonly #options: RoomsOptions;
	readonly #sweeper: ReturnType<typeof setInterval>;
	readonly #roomOptions: RoomOptions;
	readonly #log: (message: string, error?: unknown) => void;
	readonly #now: () => number;
	/** Sessions whose room failed: until when they stay unloaded, and how long the last wait was. */
	readonly #quarantine = new Map<string, { until: number; ms: number }>();

	constructor(store: Store, options: RoomsOptions) {
		this.#store = store;
		this.#options = options;
		this.#log = options.log ?? (() => {});
		this.#now = options.now ?? Date.now;
		this.#roomOptions = {
			compactAfter: options.compactAfter,
			pacing: options.pacing ?? DEFAULT_PACING,
			// One budget for all rooms: their broadcasts share the one event loop.
			budget: new LoopBudget(),
			limits: options.limits ?? {
				updateBytes: DEFAULT_LIMITS.updateBytes,
				documentBytes: DEFAULT_LIMITS.documentBytes
			},
			presenceBatchMs: options.presenceBatchMs ?? 100,
			onFailure: (room, where, error) => this.fail(room, where, error),
			onPublished: (ms) => options.observer?.published(ms)
		};
		this.#sweeper = setInterval(
			() => {
				try {
					this.#sweep();
				} catch (error) {
					this.#log('sweeping idle rooms failed', error);
				}
			},
			Math.max(1000, options.idleMs / 2)
		);
		this.#sweeper.unref();
	}

	/**
	 * The room of an existing session, loading it from the store if it is not live.
	 * @throws RoomUnavailable while the session's room is failing, or when the server holds as
	 *   many rooms as it may and none of them is idle
	 */
	get(sessionId: string): Room {
		let room = this.#rooms.get(sessionId);
		if (!room) room = this.#load(sessionId);
		room.lastActive = Date.now();
		return room;
	}

	#load(sessionId: string): Room {
		const now = Date.now();
		const quarantined = this.#quarantine.get(sessionId);
		if (quarantined && quarantined.until > now) throw new RoomUnavailable(quarantined.until - now);
		this.#makeSpace();
		let room: Room | undefined;
		try {
			room = new Room(sessionId, this.#store, this.#roomOptions);
			const loaded = room;
			loaded.doc.transact(() => {
				// Documents of older versions held what only facilitators may see.
				if (migrateToPrivate(loaded)) publishAll(loaded, 'now');
				// A crash can cut off a publication that was due: bring the numbers of voters up to
				// date from the stored ballots (releases stay as they were).
				else publishAll(loaded);
				assumeReleased(loaded);
			}, SERVER_ORIGIN);
			// An erasure that was due when the process stopped (or the room failed) is done now.
			room.scheduleErasure();
			syncPollTimers(room);
		} catch (error) {
			room?.destroy();
			const wait = this.#quarantineFor(sessionId, now);
			this.#log('room failed to load; its session is quarantined', error);
			throw new RoomUnavailable(wait);
		}
		// Loading is no use of the session: a phone, a projector or a results link loads it too.
		this.#rooms.set(sessionId, room);
		return room;
	}

	/** Unloads idle rooms when the server holds as many as it may; refuses when none is idle. */
	#makeSpace(): void {
		const max = this.#options.maxRooms ?? Infinity;
		if (this.#rooms.size < max) return;
		const idle = [...this.#rooms].filter(([, room]) => room.peers.size === 0);
		idle.sort(([, a], [, b]) => a.lastActive - b.lastActive);
		for (const [id, room] of idle) {
			if (this.#rooms.size < max) break;
			this.#unload(id, room);
		}
		if (this.#rooms.size >= max) {
			throw new RoomUnavailable(30_000, 'The server is full; try again in a moment.');
		}
	}

	#quarantineFor(sessionId: string, now: number): number {
		const previous = this.#quarantine.get(sessionId);
		const ms = previous ? Math.min(LONGEST_QUARANTINE_MS, previous.ms * 2) : FIRST_QUARANTINE_MS;
		this.#quarantine.set(sessionId, { until: now + ms, ms });
		return ms;
	}

	/**
	 * Takes a room down after its work failed: its peers are closed with `roomFailed` (they
	 * reconnect by themselves), and it is dropped without saving, because a change that failed
	 * halfway may be in memory but not in the store; the store is the truth. The session stays
	 * unloaded for a while, so a room that fails on every load cannot keep the server busy.
	 */
	fail(room: Room, where: string, error: unknown): void {
		this.#log(`room failed in ${where}; its peers are disconnected`, error);
		if (this.#rooms.get(room.id) === room) this.#rooms.delete(room.id);
		this.#quarantineFor(room.id, Date.now());
		this.#closePeers(room, CloseCode.roomFailed, 'room failed');
		room.destroy();
	}

	/** The room if it is live; never loads. */
	peek(sessionId: string): Room | undefined {
		return this.#rooms.get(sessionId);
	}

	/**
	 * Whether a facilitator's socket (a console) is connected to the session now: the one kind
	 * of socket that counts as using it. Projectors and phones left open do not, or a screen on
	 * a meeting-room PC would keep a session's names and texts, and its join code, forever.
	 */
	facilitatorPresent(sessionId: string): boolean {
		const room = this.#rooms.get(sessionId);
		if (!room) return false;
		for (const peer of room.peers) if (peer.actor.role === 'facilitator') return true;
		return false;
	}

	get size(): number {
		return this.#rooms.size;
	}

	/** Every connected peer, over all rooms. */
	*allPeers(): IterableIterator<Peer> {
		for (const room of this.#rooms.values()) yield* room.peers;
	}

	join(room: Room, peer: Peer): void {
		room.peers.add(peer);
		room.lastActive = Date.now();
		this.#markUse(room.id, peer);
		welcome(room, peer);
		this.#options.observer?.joined(peer);
	}

	leave(room: Room, peer: Peer): void {
		if (!room.peers.delete(peer)) return;
		room.lastActive = Date.now();
		if (!room.closed) {
			this.#markUse(room.id, peer);
			farewell(room, peer);
		}
	}

	/** A facilitator's socket coming or going is a use of the session (see facilitatorPresent). */
	#markUse(sessionId: string, peer: Peer): void {
		if (peer.actor.role === 'facilitator') this.#store.touchSession(sessionId, this.#now());
	}

	/** Closes every socket of a session and drops its room without saving (it is being erased). */
	discard(sessionId: string, code: CloseCode, reason: string): void {
		const room = this.#rooms.get(sessionId);
		this.#quarantine.delete(sessionId);
		if (!room) return;
		this.#rooms.delete(sessionId);
		this.#closePeers(room, code, reason);
		room.destroy();
	}

	/**
	 * Closes the sockets of a live session whose actor `which` picks: their credential no longer
	 * opens the session (an organizer removed from it), though it did when they connected.
	 */
	closePeersWhere(
		sessionId: string,
		which: (actor: Actor) => boolean,
		code: CloseCode,
		reason: string
	): void {
		const room = this.#rooms.get(sessionId);
		if (!room) return;
		for (const peer of [...room.peers]) {
			if (!which(peer.actor)) continue;
			try {
				peer.socket.close(code, reason);
			} catch (error) {
				this.#log('closing a socket failed', error);
			}
		}
	}

	/** Saves and unloads every room, closing its sockets with `code`. */
	closeAll(code: CloseCode, reason: string): void {
		clearInterval(this.#sweeper);
		for (const [id, room] of this.#rooms) {
			this.#closePeers(room, code, reason);
			this.#unload(id, room);
		}
	}

	#closePeers(room: Room, code: CloseCode, reason: string): void {
		for (const peer of [...room.peers]) {
			try {
				peer.socket.close(code, reason);
			} catch (error) {
				this.#log('closing a socket failed', error);
			}
		}
		room.peers.clear();
	}

	#sweep(): void {
		const now = Date.now();
		const cutoff = now - this.#options.idleMs;
		for (const [id, room] of this.#rooms) {
			// A console kept open is in use all along; the mark follows it, in case of a crash.
			if (this.facilitatorPresent(id)) this.#store.touchSession(id, this.#now());
			else if (room.peers.size === 0 && room.lastActive < cutoff) this.#unload(id, room);
		}
		for (const [id, { until }] of this.#quarantine) {
			if (until + LONGEST_QUARANTINE_MS < now) this.#quarantine.delete(id);
		}
	}

	/** Publishes what is pending, compacts and drops a room; a failure fails just that room. */
	#unload(id: string, room: Room): void {
		this.#rooms.delete(id);
		try {
			room.publisher.flushAll();
			// A publication that failed has failed the room already, and nothing may be saved.
			if (room.closed) return;
			if (room.erasurePending) room.eraseNow();
			else {
				room.compact();
				room.compactPrivate();
			}
			room.destroy();
		} catch (error) {
			this.fail(room, 'unload', error);
		}
	}
}
