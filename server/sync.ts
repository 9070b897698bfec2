import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { MAX_AWARENESS_STATE_BYTES, MessageType, SyncMessageType } from './protocol.ts';
import type { Peer } from './peer.ts';
import type { Room } from './room.ts';
import { checkFacilitatorUpdate } from './update-guard.ts';

/** Thrown for a frame the server refuses; the caller closes that one connection with `code`. */
export class SyncRefusal extends Error {
	constructor(
		readonly code: CloseCode,
		message: string
	) {
		super(message);
	}
}

/** A frame that is not valid protocol. */
export class ProtocolError extends SyncRefusal {
	constructor(message: string, options?: ErrorOptions) {
		super(CloseCode.malformedMessage, message);
		if (options?.cause !== undefined) this.cause = options.cause;
	}
}

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

/** The document a peer syncs: the shared one, or the facilitators' own. */
const docOf = (room: Room, peer: Peer): Y.Doc =>
	peer.channel === 'private' ? room.privateDoc : room.doc;

/** Greets a new peer: the server's state vector (so it sends what we lack) and who is here. */
export function welcome(room: Room, peer: Peer): void {
	peer.socket.send(
		frame(MessageType.sync, (e) => {
			encoding.writeVarUint(e, SyncMessageType.step1);
			encoding.writeVarUint8Array(e, Y.encodeStateVector(docOf(room, peer)));
		})
	);
	const clients = [...room.awareness.getStates().keys()];
	if (peer.actor.role !== 'participant' && peer.channel === 'shared' && clients.length > 0) {
		peer.socket.send(
			frame(MessageType.awareness, (e) =>
				encoding.writeVarUint8Array(
					e,
					awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients)
				)
			)
		);
	}
}

/** Forgets a departed peer's presence and tells the others. */
export function farewell(room: Room, peer: Peer): void {
	const id = peer.clientId;
	if (peer.channel === 'private' || id === undefined) return;
	if (room.awarenessOwners.get(id) !== peer) return;
	room.awarenessOwners.delete(id);
	awarenessProtocol.removeAwarenessStates(room.awareness, [id], peer);
	// y-protocols keeps a removed client's clock and ignores any state not newer than it; a phone
	// that reconnects re-sends its unchanged clock and would stay invisible until its renewal.
	room.awareness.meta.delete(id);
}

/**
 * Handles one frame from a peer. Facilitators are read-write Yjs peers, but only for the texts
 * they co-edit; participants and screens are read-only: their sync step 2 and update messages
 * are dropped, never applied or stored.
 * @throws SyncRefusal for anything that is not a well-formed y-websocket message, and for a
 *   facilitator's update that the server refuses (see update-guard.ts)
 */
export function handleMessage(room: Room, peer: Peer, data: Uint8Array): void {
	const message = decodeMessage(data);
	switch (message.type) {
		case 'step1':
			peer.socket.send(
				frame(MessageType.sync, (e) => {
					encoding.writeVarUint(e, SyncMessageType.step2);
					encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(docOf(room, peer), message.payload));
				})
			);
			return;
		case 'update': {
			// The facilitators' own document is the server's to write.
			if (peer.actor.role !== 'facilitator' || peer.channel === 'private') return;
			const refusal =
				checkFacilitatorUpdate(room.doc, message.payload, room.limits.updateBytes) ??
				checkDocumentSize(room, message.payload);
			if (refusal) throw new SyncRefusal(refusal.code, refusal.reason);
			Y.applyUpdate(room.doc, message.payload, { source: 'peer', peer });
			// The guard lets nothing through that Yjs would keep for later; if something slipped
			// by anyway, it must not be applied later unchecked.
			const { store } = room.doc;
			if (store.pendingStructs || store.pendingDs) {
				store.pendingStructs = null;
				store.pendingDs = null;
				throw new SyncRefusal(CloseCode.updateRefused, 'update left parts pending');
			}
			return;
		}
		case 'awareness':
			if (peer.channel === 'private') echoAwareness(peer, message.entries);
			else handleAwareness(room, peer, message.entries);
			return;
		case 'queryAwareness':
			if (peer.channel === 'shared') answerAwarenessQuery(room, peer);
			return;
		case 'auth':
			return;
	}
}

type Message =
	| { type: 'step1' | 'update'; payload: Uint8Array }
	| { type: 'awareness'; entries: AwarenessEntry[] }
	| { type: 'queryAwareness' | 'auth' };

/**
 * Reads a whole frame before anything acts on it, so that an error here is always the client's
 * (a malformed frame) and an error after it always the server's.
 * @throws ProtocolError
 */
function decodeMessage(data: Uint8Array): Message {
	try {
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MessageType.sync: {
				const syncType = decoding.readVarUint(decoder);
				const payload = decoding.readVarUint8Array(decoder);
				if (syncType === SyncMessageType.step1) {
					Y.decodeStateVector(payload);
					return { type: 'step1', payload };
				}
				if (syncType === SyncMessageType.step2 || syncType === SyncMessageType.update) {
					return { type: 'update', payload };
				}
				throw new ProtocolError(`unknown sync message type ${syncType}`);
			}
			case MessageType.awareness:
				return {
					type: 'awareness',
					entries: readAwarenessEntries(decoding.readVarUint8Array(decoder))
				};
			case MessageType.queryAwareness:
				return { type: 'queryAwareness' };
			case MessageType.auth:
				return { type: 'auth' };
			default:
				throw new ProtocolError(`unknown message type ${type}`);
		}
	} catch (error) {
		if (error instanceof SyncRefusal) throw error;
		// lib0 throws plain Errors on truncated input, JSON.parse on a bad awareness state.
		throw new ProtocolError('malformed message', { cause: error });
	}
}

/** An update may not grow the document past its cap (texts are capped too, this bounds the rest). */
function checkDocumentSize(room: Room, update: Uint8Array) {
	const limit = room.limits.documentBytes;
	return room.sizeWithin(limit) + update.length > limit
		? { code: CloseCode.tooLarge, reason: `document over ${limit} bytes` }
		: undefined;
}

interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: Record<string, unknown> | null;
}

function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const json = decoding.readVarString(decoder);
		if (json.length > MAX_AWARENESS_STATE_BYTES) throw new ProtocolError('awareness state too big');
		const state: unknown = JSON.parse(json);
		if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
			throw new ProtocolError('awareness state must be an object or null');
		}
		entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
	}
	return entries;
}

/**
 * A peer may speak only for the client id it claimed first. The y-websocket client re-sends
 * every state it has heard of, so foreign ids are dropped silently rather than treated as an
 * attack. What a peer says about itself is stamped with its server-known role, so nobody can
 * pose as a facilitator or as another participant.
 */
function handleAwareness(room: Room, peer: Peer, entries: AwarenessEntry[]): void {
	const kept: AwarenessEntry[] = [];
	for (const entry of entries) {
		if (!claim(room, peer, entry.clientId)) continue;
		kept.push({ ...entry, state: entry.state && stamp(peer, entry.state) });
	}
	if (kept.length === 0) return;
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, kept.length);
	for (const { clientId, clock, state } of kept) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(state));
	}
	awarenessProtocol.applyAwarenessUpdate(room.awareness, encoding.toUint8Array(encoder), peer);
}

/**
 * A socket of the facilitators' document shows no presence, but its client drops a socket that
 * hears nothing for 30 seconds; its own awareness renewal (every 15) comes back to it alone.
 */
function echoAwareness(peer: Peer, entries: AwarenessEntry[]): void {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const { clientId, clock, state } of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(state && { role: peer.actor.role }));
	}
	peer.socket.send(
		frame(MessageType.awareness, (e) =>
			encoding.writeVarUint8Array(e, encoding.toUint8Array(encoder))
		)
	);
}

function claim(room: Room, peer: Peer, clientId: number): boolean {
	if (peer.clientId !== undefined) return peer.clientId === clientId;
	const owner = room.awarenessOwners.get(clientId);
	// A reconnecting phone reuses its client id while the server may not yet have noticed that
	// the old socket died; the same participant may take its id over, nobody else may.
	if (owner && owner !== peer && owner.actor.key !== peer.actor.key) return false;
	if (owner) owner.clientId = undefined;
	peer.clientId = clientId;
	room.awarenessOwners.set(clientId, peer);
	return true;
}

function stamp(peer: Peer, state: Record<string, unknown>): Record<string, unknown> {
	const { role, participantId } = peer.actor;
	if (role === 'participant') return { role, participant: participantId };
	if (role === 'screen') return { role };
	return { ...state, role };
}

function answerAwarenessQuery(room: Room, peer: Peer): void {
	const own = peer.clientId;
	const clients =
		peer.actor.role === 'participant'
			? own !== undefined && room.awareness.getStates().has(own)
				? [own]
				: []
			: [...room.awareness.getStates().keys()];
	peer.socket.send(
		frame(MessageType.awareness, (e) =>
			encoding.writeVarUint8Array(
				e,
				awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients)
			)
		)
	);
}
