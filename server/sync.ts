import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MAX_AWARENESS_STATE_BYTES, MessageType, SyncMessageType } from './protocol.ts';
import type { Peer } from './peer.ts';
import type { Room } from './room.ts';

/** Thrown for a frame that is not valid protocol; the caller closes that one connection. */
export class ProtocolError extends Error {}

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

/** Greets a new peer: the server's state vector (so it sends what we lack) and who is here. */
export function welcome(room: Room, peer: Peer): void {
	peer.socket.send(
		frame(MessageType.sync, (e) => {
			encoding.writeVarUint(e, SyncMessageType.step1);
			encoding.writeVarUint8Array(e, Y.encodeStateVector(room.doc));
		})
	);
	const clients = [...room.awareness.getStates().keys()];
	if (peer.actor.role !== 'participant' && clients.length > 0) {
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
	const ids = [...peer.clientIds].filter((id) => room.awarenessOwners.get(id) === peer);
	for (const id of ids) room.awarenessOwners.delete(id);
	if (ids.length === 0) return;
	awarenessProtocol.removeAwarenessStates(room.awareness, ids, peer);
	// y-protocols keeps a removed client's clock and ignores any state not newer than it; a phone
	// that reconnects re-sends its unchanged clock and would stay invisible until its renewal.
	for (const id of ids) room.awareness.meta.delete(id);
}

/**
 * Handles one frame from a peer. Facilitators are read-write Yjs peers; participants and screens
 * are read-only: their sync step 2 and update messages are dropped, never applied or stored.
 * @throws ProtocolError for anything that is not a well-formed y-websocket message
 */
export function handleMessage(room: Room, peer: Peer, data: Uint8Array): void {
	try {
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MessageType.sync:
				handleSync(room, peer, decoder);
				break;
			case MessageType.awareness:
				handleAwareness(room, peer, decoding.readVarUint8Array(decoder));
				break;
			case MessageType.queryAwareness:
				answerAwarenessQuery(room, peer);
				break;
			case MessageType.auth:
				break;
			default:
				throw new ProtocolError(`unknown message type ${type}`);
		}
	} catch (error) {
		if (error instanceof ProtocolError) throw error;
		// lib0 throws plain Errors on truncated input; Yjs throws on malformed updates.
		throw new ProtocolError('malformed message', { cause: error });
	}
}

function handleSync(room: Room, peer: Peer, decoder: decoding.Decoder): void {
	const syncType = decoding.readVarUint(decoder);
	const payload = decoding.readVarUint8Array(decoder);
	switch (syncType) {
		case SyncMessageType.step1:
			peer.socket.send(
				frame(MessageType.sync, (e) => {
					encoding.writeVarUint(e, SyncMessageType.step2);
					encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(room.doc, payload));
				})
			);
			return;
		case SyncMessageType.step2:
		case SyncMessageType.update:
			if (peer.actor.role !== 'facilitator') return;
			Y.applyUpdate(room.doc, payload, { source: 'peer', peer });
			return;
		default:
			throw new ProtocolError(`unknown sync message type ${syncType}`);
	}
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
function handleAwareness(room: Room, peer: Peer, update: Uint8Array): void {
	const kept: AwarenessEntry[] = [];
	for (const entry of readAwarenessEntries(update)) {
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

function claim(room: Room, peer: Peer, clientId: number): boolean {
	if (peer.clientIds.has(clientId)) return true;
	if (peer.clientIds.size > 0) return false;
	const owner = room.awarenessOwners.get(clientId);
	// A reconnecting phone reuses its client id while the server may not yet have noticed that
	// the old socket died; the same participant may take its id over, nobody else may.
	if (owner && owner !== peer && owner.actor.key !== peer.actor.key) return false;
	if (owner) owner.clientIds.delete(clientId);
	peer.clientIds.add(clientId);
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
	const clients =
		peer.actor.role === 'participant'
			? [...peer.clientIds].filter((id) => room.awareness.getStates().has(id))
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
