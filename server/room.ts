import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { isTransactionOrigin, LOAD_ORIGIN, SERVER_ORIGIN } from './origins.ts';
import { Publisher, type LoopBudget, type PublishPacing } from './publisher.ts';
import type { Peer } from './peer.ts';
import type { Store } from './store/types.ts';
import { BallotBox } from './ballot-box.ts';
import { MessageType } from './protocol.ts';

/** How often a room at its size cap may be compacted to measure it (see `sizeWithin`). */
const SIZE_CHECK_MS = 10_000;

export interface RoomLimits {
	/** Largest update a facilitator's socket may send, in bytes. */
	updateBytes: number;
	/** Largest the document may grow, in bytes of its encoded state. */
	documentBytes: number;
}

/**
 * How soon text taken out of a document (a hidden or edited card, an erased participant) is gone
 * from the store too: its room is compacted and the write-ahead log emptied within this time.
 */
export const ERASE_WITHIN_MS = 30_000;

export interface RoomOptions {
	/** Compact the stored log into one update once it holds more than this many. */
	compactAfter: number;
	/** How often the room may publish counts (see Publisher). */
	pacing?: PublishPacing;
	/** The event loop time the server's broadcasts may take, shared by all its rooms. */
	budget?: LoopBudget;
	/** Size caps of what facilitators send over the socket, and of the document. */
	limits: RoomLimits;
	/** Presence changes go to facilitators and screens at most this often (0: at once). */
	presenceBatchMs: number;
	/** Called when work of this room failed; the room is then unusable (see `Room.guard`). */
	onFailure: (room: Room, where: string, error: unknown) => void;
	/** How soon erased text must be gone from the store (default ERASE_WITHIN_MS). */
	eraseWithinMs?: number;
	/** Told of each publication of counts broadcast, `ms` after the first change it carries. */
	onPublished?: (ms: number) => void;
}

/**
 * One live session: its doc (loaded from the store before anyone can sync), the awareness of
 * who is connected, and the peers to broadcast to.
 */
export class Room {
	/** The shared document: every phone, projector and facilitator syncs it. */
	readonly doc = new Y.Doc();
	/** The facilitators' own document (src/lib/model/private-doc.ts). */
	readonly privateDoc = new Y.Doc();
	readonly awareness: awarenessProtocol.Awareness;
	readonly peers = new Set<Peer>();
	/** Which peer speaks for an awareness client id, so nobody can speak for another. */
	readonly awarenessOwners = new Map<number, Peer>();
	lastActive = Date.now();
	/**
	 * Bytes of the stored log: the last compacted state plus every update since. An upper bound
	 * of the document's size that costs nothing to keep; compacting makes it exact.
	 */
	storedBytes = 0;
	/** Ballots of this session (server-side only; the doc holds tallies). */
	readonly ballots: BallotBox;
	/** Timers that close polls when their countdown ends, by step id. */
	readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
	/** Publishes counts of votes, responses and dots as soon as the room can take them. */
	readonly publisher: Publisher;

	readonly limits: RoomLimits;

	readonly #store: Store;
	readonly #options: RoomOptions;
	#closed = false;
	#sizeCheckedAt = -Infinity;
	/** Presence changes not yet sent to facilitators and screens, by awareness client id. */
	readonly #presence = new Map<number, { clock: number; state: string }>();
	#presenceTimer: ReturnType<typeof setTimeout> | undefined;
	#eraseTimer: ReturnType<typeof setTimeout> | undefined;
	/** Who changed ballots since the last release, per counted round (see tallies.ts). */
	readonly #pending = new Map<string, Set<string>>();
	/** Each participant's ballot as the last release of a round counted it (signatures). */
	readonly #releasedBallots = new Map<string, ReadonlyMap<string, string>>();

	constructor(
		readonly id: string,
		store: Store,
		options: RoomOptions
	) {
		this.#store = store;
		this.#options = options;
		this.limits = options.limits;
		const updates = store.loadUpdates(id);
		for (const update of updates) this.storedBytes += update.length;
		if (updates.length > 0) Y.applyUpdate(this.doc, Y.mergeUpdates(updates), LOAD_ORIGIN);
		const privateUpdates = store.loadUpdates(id, 'private');
		if (privateUpdates.length > 0) {
			Y.applyUpdate(this.privateDoc, Y.mergeUpdates(privateUpdates), LOAD_ORIGIN);
		}
		this.ballots = new BallotBox(store, id);
		this.publisher = new Publisher({
			run: (publish) => this.guard('publication', () => this.transact(publish)),
			// A publication that failed the room was never broadcast.
			observe: (ms) => {
				if (!this.#closed) options.onPublished?.(ms);
			},
			pacing: options.pacing,
			budget: options.budget
		});
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		// The server is not a participant: it holds others' presence but has none of its own.
		this.awareness.setLocalState(null);
		this.doc.on('update', this.#onUpdate);
		this.privateDoc.on('update', this.#onPrivateUpdate);
		this.awareness.on('update', this.#onAwarenessUpdate);
	}

	/**
	 * Persists, then broadcasts. Runs synchronously inside the transaction's commit. The time it
	 * takes (mostly one socket write per device) tells the publisher how long to hold back the
	 * next publication of counts.
	 */
	#onUpdate = (update: Uint8Array, origin: unknown): void => {
		if (isTransactionOrigin(origin) && origin.source === 'load') return;
		const start = performance.now();
		this.lastActive = Date.now();
		const length = this.#store.appendUpdate(this.id, update);
		this.storedBytes += update.length;
		const message = syncUpdateFrame(update);
		const from = isTransactionOrigin(origin) && origin.source === 'peer' ? origin.peer : undefined;
		for (const peer of this.peers) {
			if (peer !== from && peer.channel === 'shared') peer.socket.send(message);
		}
		if (length > this.#options.compactAfter) this.compact();
		this.publisher.delivered(performance.now() - start);
	};

	/** The facilitators' document: persisted the same way, sent to its own sockets only. */
	#onPrivateUpdate = (update: Uint8Array, origin: unknown): void => {
		if (isTransactionOrigin(origin) && origin.source === 'load') return;
		const start = performance.now();
		const length = this.#store.appendUpdate(this.id, update, 'private');
		const message = syncUpdateFrame(update);
		for (const peer of this.peers) if (peer.channel === 'private') peer.socket.send(message);
		if (length > this.#options.compactAfter) this.compactPrivate();
		this.publisher.delivered(performance.now() - start);
	};

	/**
	 * Presence goes to facilitators and screens, who show it. Phones get only their own entry
	 * back: they need nothing of the others, and that echo is what keeps a quiet phone's
	 * connection from timing out (the client drops a socket that hears nothing for 30 s).
	 *
	 * Facilitators and screens get changes together, at most every `presenceBatchMs`: phones that
	 * connected together renew their presence together, and the y-websocket client sends every
	 * awareness update it hears back to the server, so one frame per change would come back as a
	 * flood from every projector in a room of a thousand.
	 */
	#onAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		const changed = added.concat(updated, removed);
		const states = this.awareness.getStates();
		for (const id of changed) {
			// Taken now: a departed client's clock is forgotten right after this event.
			this.#presence.set(id, {
				clock: this.awareness.meta.get(id)?.clock ?? 0,
				state: JSON.stringify(states.get(id) ?? null)
			});
		}
		if (origin && typeof origin === 'object' && this.peers.has(origin as Peer)) {
			const sender = origin as Peer;
			if (sender.actor.role === 'participant') sender.socket.send(this.#presenceFrame(changed));
		}
		if (this.#options.presenceBatchMs <= 0) this.#sendPresence();
		else if (!this.#presenceTimer) {
			this.#presenceTimer = setTimeout(
				() => this.guard('presence', () => this.#sendPresence()),
				this.#options.presenceBatchMs
			);
		}
	};

	#sendPresence(): void {
		this.#presenceTimer = undefined;
		if (this.#presence.size === 0) return;
		const message = this.#presenceFrame([...this.#presence.keys()]);
		this.#presence.clear();
		for (const peer of this.peers) {
			if (peer.actor.role !== 'participant' && peer.channel === 'shared') peer.socket.send(message);
		}
	}

	/** An awareness frame with the pending (or just taken) entries of `ids`. */
	#presenceFrame(ids: number[]): Uint8Array {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.awareness);
		const update = encoding.createEncoder();
		encoding.writeVarUint(update, ids.length);
		for (const id of ids) {
			const entry = this.#presence.get(id) ?? { clock: 0, state: 'null' };
			encoding.writeVarUint(update, id);
			encoding.writeVarUint(update, entry.clock);
			encoding.writeVarString(update, entry.state);
		}
		encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
		return encoding.toUint8Array(encoder);
	}

	/**
	 * Runs a change of the server's own (a publication, a countdown's end) in one SQLite
	 * transaction, so both documents' updates are stored together or not at all.
	 */
	transact(change: () => void): void {
		this.#store.transaction(() => this.doc.transact(change, SERVER_ORIGIN));
	}

	/**
	 * Notes a participant's ballot of a counted round as it is now (`signature`, undefined when
	 * they have none). It is a change only if it differs from what the last release counted: a
	 * ballot sent again unchanged, or changed back, must not make a release due, or two people
	 * re-sending theirs would release a third person's lone vote.
	 */
	noteChange(roundKey: string, participantId: string, signature: string | undefined): void {
		let changed = this.#pending.get(roundKey);
		if (!changed) this.#pending.set(roundKey, (changed = new Set()));
		if (this.#releasedBallots.get(roundKey)?.get(participantId) === signature) {
			changed.delete(participantId);
		} else changed.add(participantId);
	}

	/** How many people changed ballots of a round since its last release. */
	pendingChanges(roundKey: string): number {
		return this.#pending.get(roundKey)?.size ?? 0;
	}

	/** The ballots (signatures by participant) the last release under this key counted. */
	releasedAt(roundKey: string): ReadonlyMap<string, string> | undefined {
		return this.#releasedBallots.get(roundKey);
	}

	/** A round's counts were released, counting these ballots (signatures by participant). */
	released(roundKey: string, ballots: ReadonlyMap<string, string>): void {
		this.#pending.delete(roundKey);
		this.#releasedBallots.set(roundKey, ballots);
	}

	/** Replaces the stored log with the doc's current state, in one transaction. */
	compact(): void {
		const state = Y.encodeStateAsUpdate(this.doc);
		this.#store.compact(this.id, state);
		this.storedBytes = state.length;
	}

	compactPrivate(): void {
		this.#store.compact(this.id, Y.encodeStateAsUpdate(this.privateDoc), 'private');
	}

	/**
	 * Text was taken out of a document (a card hidden or edited, a participant erased). Yjs drops
	 * deleted content from the document at once (garbage collection), but the stored log still
	 * holds the update that brought it, and the write-ahead log the pages it was on. Within
	 * `eraseWithinMs` both documents are compacted and the write-ahead log emptied; later
	 * erasures in that time ride along.
	 */
	scheduleErasure(): void {
		if (this.#eraseTimer || this.#closed) return;
		this.#eraseTimer = setTimeout(
			() => this.guard('erasure', () => this.eraseNow()),
			this.#options.eraseWithinMs ?? ERASE_WITHIN_MS
		);
	}

	get erasurePending(): boolean {
		return this.#eraseTimer !== undefined;
	}

	/** Compacts both documents and empties the write-ahead log now. */
	eraseNow(): void {
		clearTimeout(this.#eraseTimer);
		this.#eraseTimer = undefined;
		this.compact();
		this.compactPrivate();
		this.#store.checkpoint();
	}

	/**
	 * The document's size in bytes, as far as a check against `limit` needs it: the stored log's
	 * size is an upper bound, and only when that passes the limit is the log compacted to know
	 * exactly. At most once per SIZE_CHECK_MS, though: a room at its cap would otherwise compact
	 * on every refused request, which is work a hostile client could ask for at will.
	 */
	sizeWithin(limit: number, now = Date.now()): number {
		if (this.storedBytes > limit && now - this.#sizeCheckedAt >= SIZE_CHECK_MS) {
			this.#sizeCheckedAt = now;
			this.compact();
		}
		return this.storedBytes;
	}

	/**
	 * Runs work that belongs to this room from a timer or an event. If it throws, the room is
	 * failed (its peers are closed and it is unloaded) and the error goes no further: one bad
	 * room must never take the process, and every other session, down with it.
	 */
	guard(where: string, work: () => void): void {
		try {
			work();
		} catch (error) {
			this.#options.onFailure(this, where, error);
		}
	}

	/** True once the room is unloaded: late events for it must do nothing. */
	get closed(): boolean {
		return this.#closed;
	}

	destroy(): void {
		if (this.#closed) return;
		this.#closed = true;
		clearTimeout(this.#presenceTimer);
		clearTimeout(this.#eraseTimer);
		this.publisher.dispose();
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
		this.doc.off('update', this.#onUpdate);
		this.privateDoc.off('update', this.#onPrivateUpdate);
		this.awareness.off('update', this.#onAwarenessUpdate);
		this.awareness.destroy();
		this.doc.destroy();
		this.privateDoc.destroy();
	}
}

/** A sync "update" frame carrying one Yjs update. */
function syncUpdateFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	encoding.writeVarUint(encoder, 2 /* messageYjsUpdate */);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}
