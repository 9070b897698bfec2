import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { isTransactionOrigin, LOAD_ORIGIN, SERVER_ORIGIN } from './origins.ts';
import { Publisher } from './publisher.ts';
import type { Peer } from './peer.ts';
import type { Store } from './store/types.ts';
import { BallotBox } from './ballot-box.ts';
import { MessageType } from './protocol.ts';

export interface RoomOptions {
	/** Compact the stored log into one update once it holds more than this many. */
	compactAfter: number;
	/** How long to wait between publications of a step's counts, now (see Publisher). */
	publishIntervalMs: () => number;
}

/**
 * One live session: its doc (loaded from the store before anyone can sync), the awareness of
 * who is connected, and the peers to broadcast to.
 */
export class Room {
	readonly doc = new Y.Doc();
	readonly awareness: awarenessProtocol.Awareness;
	readonly peers = new Set<Peer>();
	/** Which peer speaks for an awareness client id, so nobody can speak for another. */
	readonly awarenessOwners = new Map<number, Peer>();
	lastActive = Date.now();
	/** Ballots of this session (server-side only; the doc holds tallies). */
	readonly ballots: BallotBox;
	/** Timers that close polls when their countdown ends, by step id. */
	readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
	/** Publishes counts of votes, responses and dots, at most once per interval each. */
	readonly publisher: Publisher;

	readonly #store: Store;
	readonly #options: RoomOptions;

	constructor(
		readonly id: string,
		store: Store,
		options: RoomOptions
	) {
		this.#store = store;
		this.#options = options;
		const updates = store.loadUpdates(id);
		if (updates.length > 0) Y.applyUpdate(this.doc, Y.mergeUpdates(updates), LOAD_ORIGIN);
		this.ballots = new BallotBox(store, id);
		this.publisher = new Publisher(options.publishIntervalMs, (publish) =>
			this.doc.transact(publish, SERVER_ORIGIN)
		);
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		// The server is not a participant: it holds others' presence but has none of its own.
		this.awareness.setLocalState(null);
		this.doc.on('update', this.#onUpdate);
		this.awareness.on('update', this.#onAwarenessUpdate);
	}

	/** Persists, then broadcasts. Runs synchronously inside the transaction's commit. */
	#onUpdate = (update: Uint8Array, origin: unknown): void => {
		if (isTransactionOrigin(origin) && origin.source === 'load') return;
		this.lastActive = Date.now();
		const length = this.#store.appendUpdate(this.id, update);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.sync);
		encoding.writeVarUint(encoder, 2 /* messageYjsUpdate */);
		encoding.writeVarUint8Array(encoder, update);
		const message = encoding.toUint8Array(encoder);
		const from = isTransactionOrigin(origin) && origin.source === 'peer' ? origin.peer : undefined;
		for (const peer of this.peers) if (peer !== from) peer.socket.send(message);
		if (length > this.#options.compactAfter) this.compact();
	};

	/**
	 * Presence goes to facilitators and screens, who show it. Phones get only their own entry
	 * back: they need nothing of the others, and that echo is what keeps a quiet phone's
	 * connection from timing out (the client drops a socket that hears nothing for 30 s).
	 */
	#onAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		const changed = added.concat(updated, removed);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.awareness);
		encoding.writeVarUint8Array(
			encoder,
			awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)
		);
		const message = encoding.toUint8Array(encoder);
		for (const peer of this.peers) {
			if (peer.actor.role !== 'participant' || peer === origin) peer.socket.send(message);
		}
	};

	/** Replaces the stored log with the doc's current state, in one transaction. */
	compact(): void {
		this.#store.compact(this.id, Y.encodeStateAsUpdate(this.doc));
	}

	destroy(): void {
		this.publisher.dispose();
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
		this.doc.off('update', this.#onUpdate);
		this.awareness.off('update', this.#onAwarenessUpdate);
		this.awareness.destroy();
		this.doc.destroy();
	}
}
