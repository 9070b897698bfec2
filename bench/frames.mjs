// The y-websocket wire protocol as the simulated devices speak it, and the two ways a device
// learns which votes arrived: from its Y.Doc (a full device) or from the update's bytes alone (a
// light device). Both readers are here side by side, so they change together with the document.
// This file is plain JavaScript and cannot import the server's own constants: they are copied
// from server/protocol.ts and src/lib/sync/auth-frame.ts.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
/** Our server's own message type: the credential every sync socket sends first. */
const MESSAGE_CREDENTIAL = 100;

function frame(type, write) {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

export const credentialFrame = (credential) =>
	frame(MESSAGE_CREDENTIAL, (e) => encoding.writeVarString(e, credential));

const syncFrame = (syncType, payload) =>
	frame(MESSAGE_SYNC, (e) => {
		encoding.writeVarUint(e, syncType);
		encoding.writeVarUint8Array(e, payload);
	});

/** Sync step 1 of a device that holds nothing yet: "send me everything". */
export const emptySyncStep1 = syncFrame(SYNC_STEP1, Y.encodeStateVector(new Y.Doc()));

/** Sync step 2 of a device that holds nothing: what it answers the server's step 1 with. */
export const emptySyncStep2 = syncFrame(SYNC_STEP2, Y.encodeStateAsUpdate(new Y.Doc()));

export const syncUpdateFrame = (update) => syncFrame(SYNC_UPDATE, update);

/** One device's presence, as y-websocket sends it on connecting and every 15 seconds after. */
export const awarenessFrame = (clientId, clock, state) =>
	frame(MESSAGE_AWARENESS, (e) => {
		const update = encoding.createEncoder();
		encoding.writeVarUint(update, 1);
		encoding.writeVarUint(update, clientId);
		encoding.writeVarUint(update, clock);
		encoding.writeVarString(update, JSON.stringify(state));
		encoding.writeVarUint8Array(e, encoding.toUint8Array(update));
	});

/**
 * What a frame from the server is: `step1`, `step2` or `update` with its payload (a Yjs update
 * for the last two), `awareness`, or `other`.
 */
export function readFrame(data) {
	const decoder = decoding.createDecoder(data);
	const type = decoding.readVarUint(decoder);
	if (type === MESSAGE_AWARENESS) return { kind: 'awareness' };
	if (type !== MESSAGE_SYNC) return { kind: 'other' };
	const syncType = decoding.readVarUint(decoder);
	const payload = decoding.readVarUint8Array(decoder);
	if (syncType === SYNC_STEP1) return { kind: 'step1', payload };
	if (syncType === SYNC_STEP2) return { kind: 'step2', payload };
	if (syncType === SYNC_UPDATE) return { kind: 'update', payload };
	return { kind: 'other' };
}

/**
 * Our server: the number of voters in the benchmark's poll, read as the model reads it (the doc
 * stores a poll's tally packed, `[voters, ...]`, see src/lib/model/tally-codec.ts).
 */
export function votersInDoc(doc) {
	const tally = doc.getMap('steps').get('poll')?.get('tally');
	const count = Array.isArray(tally) ? tally[0] : tally?.voters;
	return typeof count === 'number' ? count : 0;
}

/**
 * Our server, without a Y.Doc: what a light device needs to know which votes a frame carries. A
 * tally is the map entry `tally` (the benchmark's session has one poll), its content the packed
 * array. Only the first entry ever set under a key names its key in the update; every later one
 * points at the entry before it (its origin), so the reader follows that chain: it keeps the
 * clock ranges of the tally entries it has seen, per client, and takes a struct whose origin
 * falls in one as the next tally. Decoding the structs is all it takes, no apply.
 */
export function tallyReader() {
	/** client → [first clock, last clock] of every tally entry seen. */
	const ranges = new Map();
	const isTally = (struct) => {
		if (struct.parentSub === 'tally') return true;
		const origin = struct.origin;
		if (!origin) return false;
		const known = ranges.get(origin.client);
		if (!known) return false;
		for (let i = known.length - 1; i >= 0; i--) {
			if (origin.clock >= known[i][0] && origin.clock <= known[i][1]) return true;
		}
		return false;
	};
	const remember = (struct) => {
		const { client, clock } = struct.id;
		let known = ranges.get(client);
		if (!known) ranges.set(client, (known = []));
		known.push([clock, clock + struct.length - 1]);
	};
	/** The highest number of voters the update carries, or 0. */
	return function votersInUpdate(update) {
		let pending = Y.decodeUpdate(update).structs;
		let voters = 0;
		// A whole document (sync step 2) lists its structs by client, not along the chain: go
		// over what is left until a pass finds no more tallies. An update adds one at a time.
		for (let found = true; found && pending.length > 0;) {
			found = false;
			const rest = [];
			for (const struct of pending) {
				if (!struct.id || !isTally(struct)) {
					rest.push(struct);
					continue;
				}
				found = true;
				remember(struct);
				const tally = struct.content?.arr?.[0];
				const count = Array.isArray(tally) ? tally[0] : tally?.voters;
				if (typeof count === 'number' && count > voters) voters = count;
			}
			pending = rest;
		}
		return voters;
	};
}

/** The reference: a phone's vote is `votes[<key>] = option`; `p<n>` is the room's phone n. */
export const voteKey = (phone) => `p${phone}`;
const phoneOf = (key) => Number(key.slice(1));

/** The reference, on a full device: the phones whose vote a change of the votes map brought. */
export function votesInEvent(event) {
	return [...event.keysChanged].map(phoneOf);
}

/** The reference, without a Y.Doc: the phones whose vote an update carries. */
export function votesInUpdate(update) {
	const phones = [];
	for (const struct of Y.decodeUpdate(update).structs) {
		if (struct.parent === 'votes' && typeof struct.parentSub === 'string') {
			phones.push(phoneOf(struct.parentSub));
		}
	}
	return phones;
}
