import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { forgetClocksOfRemovedClients } from '../../src/lib/client/awareness.ts';
import { createPeer, type Actor, type Peer } from '../../server/peer.ts';
import { MessageType } from '../../server/protocol.ts';
import type { Room } from '../../server/room.ts';
import type { Rooms } from '../../server/rooms.ts';
import type { DocChannel } from '../../server/store/types.ts';
import { handleMessage } from '../../server/sync.ts';

/**
 * A y-websocket client without a socket: it speaks the same protocol as the browser's
 * WebsocketProvider, but its messages wait in queues until the test delivers them, so a test
 * can reorder deliveries, drop them and reconnect.
 */
export class MemoryClient {
	readonly doc = new Y.Doc();
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	/** Frames from the server, not yet read by this client. */
	inbox: Uint8Array[] = [];
	/** Frames from this client, not yet handled by the server. */
	outbox: Uint8Array[] = [];
	/** Every frame this client ever received, for assertions. */
	received: Uint8Array[] = [];
	peer: Peer | undefined;
	closedWith: number | undefined;

	/** `channel` picks the document it syncs: the shared one, or the facilitators' own. */
	constructor(
		readonly rooms: Rooms,
		readonly room: Room,
		readonly actor: Actor,
		readonly channel: DocChannel = 'shared'
	) {
		// As LiveSession does: a state with clock 0 would be ignored by the server.
		this.awareness.setLocalState({ online: true });
		forgetClocksOfRemovedClients(this.awareness);
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === this || !this.peer) return;
			this.#send(MessageType.sync, (e) => syncProtocol.writeUpdate(e, update));
		});
		this.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
			if (!this.peer) return;
			const changed = [...added!, ...updated!, ...removed!];
			this.#send(MessageType.awareness, (e) =>
				encoding.writeVarUint8Array(
					e,
					awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)
				)
			);
		});
	}

	connect(): void {
		this.closedWith = undefined;
		this.peer = createPeer(
			{
				send: (data) => {
					this.inbox.push(data);
					this.received.push(data);
				},
				close: (code) => {
					this.closedWith = code;
					this.disconnect();
				}
			},
			this.actor,
			this.channel
		);
		this.rooms.join(this.room, this.peer);
		this.#send(MessageType.sync, (e) => syncProtocol.writeSyncStep1(e, this.doc));
		if (this.awareness.getLocalState() !== null) {
			this.#send(MessageType.awareness, (e) =>
				encoding.writeVarUint8Array(
					e,
					awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID])
				)
			);
		}
	}

	/** Drops the connection; whatever was in flight is lost, as on a real network. */
	disconnect(): void {
		if (!this.peer) return;
		const peer = this.peer;
		this.peer = undefined;
		this.inbox = [];
		this.outbox = [];
		this.rooms.leave(this.room, peer);
	}

	/** Sends a raw frame as if this client wrote it on its socket. */
	sendRaw(frame: Uint8Array): void {
		this.outbox.push(frame);
	}

	/** The server handles this client's oldest frame. */
	deliverOutgoing(): void {
		const frame = this.outbox.shift();
		if (frame && this.peer) handleMessage(this.room, this.peer, frame);
	}

	/** This client reads the oldest frame from the server, answering as the provider would. */
	deliverIncoming(): void {
		const frame = this.inbox.shift();
		if (!frame) return;
		const decoder = decoding.createDecoder(frame);
		const type = decoding.readVarUint(decoder);
		if (type === MessageType.sync) {
			const reply = encoding.createEncoder();
			encoding.writeVarUint(reply, MessageType.sync);
			syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
			if (encoding.length(reply) > 1) this.outbox.push(encoding.toUint8Array(reply));
		} else if (type === MessageType.awareness) {
			awarenessProtocol.applyAwarenessUpdate(
				this.awareness,
				decoding.readVarUint8Array(decoder),
				this
			);
		}
	}

	/** Delivers everything both ways until nothing is left in flight. */
	flush(): void {
		while (this.outbox.length > 0 || this.inbox.length > 0) {
			this.deliverOutgoing();
			this.deliverIncoming();
		}
	}

	#send(type: number, write: (encoder: encoding.Encoder) => void): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, type);
		write(encoder);
		this.outbox.push(encoding.toUint8Array(encoder));
	}

	destroy(): void {
		this.disconnect();
		this.awareness.destroy();
		this.doc.destroy();
	}
}

/** A small seeded PRNG (mulberry32), so a failing interleaving can be replayed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
