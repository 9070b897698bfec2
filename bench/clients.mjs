// A worker thread that holds simulated devices: real y-websocket providers, each with its own
// credential and Y.Doc, as phones and projectors run them. It reports, per session and per number
// of voters, when the last of its devices in that session saw that many voters in the poll.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

/** Wall-clock milliseconds with sub-millisecond precision, comparable across threads. */
const now = () => performance.timeOrigin + performance.now();

// Every provider adds an exit listener; thousands of devices are expected here.
process.setMaxListeners(0);

let bytesReceived = 0;
/** How busy this thread was while the votes came in: near 1 means the devices fell behind. */
let utilization = performance.eventLoopUtilization();
let reconnects = 0;
/**
 * Sync sockets the server closed, by close code, from the first connection on (not reset with
 * the other counters: a socket refused while the devices connect matters as much). The server
 * closes a socket to enforce a limit (1013 over a connection limit, 4409 replaced beyond the
 * sockets a credential may hold, 1008 too many frames); 1006 is one dropped without a close
 * frame, as a connection refused at the door is; `quiet` is one the device gave up on itself,
 * after hearing nothing for 30 seconds (y-websocket reports no event for that).
 */
const closes = {};

/** ws with a byte counter: every frame the server sends to a device is counted once. */
class CountingWebSocket extends WebSocket {
	constructor(...args) {
		super(...args);
		this.on('message', (data) => {
			bytesReceived += data.length ?? data.byteLength ?? 0;
		});
	}
}

/**
 * The credential frame every sync socket sends first, as src/lib/sync/auth-frame.ts encodes it
 * (this file is plain JavaScript and cannot import it): message type 100, then the credential
 * as a varstring.
 */
function credentialFrame(credential) {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 100);
	encoding.writeVarString(encoder, credential);
	return encoding.toUint8Array(encoder);
}

/**
 * The socket class of one device: y-websocket constructs its socket with only (url, protocols),
 * so the device's own loopback address, which the server counts its connections under, is
 * bound here, and its credential sent first (before y-websocket's own `onopen` handler, which
 * is set after the constructor and so runs after this listener).
 */
function socketFrom(address, credential) {
	const frame = credentialFrame(credential);
	return class extends CountingWebSocket {
		constructor(url, protocols) {
			super(url, protocols, { localAddress: address });
			this.addEventListener('open', () => this.send(frame));
		}
	};
}

/** Per session: how many of this worker's devices have seen each voter count, and when the last did. */
const sessions = new Map();
const providers = [];
/** Every device with what it has seen, to name the ones behind when a run times out. */
const held = [];
/** Set when the run is over and the devices are closed on purpose. */
let closing = false;

function track(sessionId) {
	let session = sessions.get(sessionId);
	if (!session) {
		session = { devices: 0, seenBy: [], lastSeen: [] };
		sessions.set(sessionId, session);
	}
	return session;
}

/** The voter count of the poll, read as the model reads it (the doc packs tallies in arrays). */
function voters(doc) {
	const tally = doc.getMap('steps').get('poll')?.get('tally');
	const count = Array.isArray(tally) ? tally[0] : tally?.voters;
	return typeof count === 'number' ? count : 0;
}

function connect(url, device) {
	const doc = new Y.Doc();
	const session = track(device.sessionId);
	session.devices++;
	let seen = 0;
	doc.on('update', () => {
		const count = voters(doc);
		if (count <= seen) return;
		const at = now();
		for (let v = seen + 1; v <= count; v++) {
			session.seenBy[v] = (session.seenBy[v] ?? 0) + 1;
			session.lastSeen[v] = at;
			if (session.seenBy[v] === session.devices) {
				parentPort.postMessage({ type: 'seen', sessionId: device.sessionId, voters: v, at });
			}
		}
		seen = count;
	});
	const provider = new WebsocketProvider(url, device.sessionId, doc, {
		WebSocketPolyfill: socketFrom(device.address, device.credential),
		disableBc: true
	});
	// As the phone page does: a presence state, renewed by the provider every 15 seconds.
	provider.awareness.setLocalState({ online: true });
	let connectedOnce = false;
	provider.on('status', ({ status }) => {
		if (status !== 'connected') return;
		if (connectedOnce) reconnects++;
		connectedOnce = true;
	});
	provider.on('connection-close', (event) => {
		if (closing) return;
		const code = event?.code ?? 'quiet';
		closes[code] = (closes[code] ?? 0) + 1;
	});
	providers.push(provider);
	held.push({ device, provider, seen: () => seen });
	return new Promise((resolve) => {
		if (provider.synced) resolve();
		else provider.once('synced', () => resolve());
	});
}

parentPort.on('message', async (message) => {
	if (message.type === 'connect') {
		// A few at a time: a room's phones do not all connect in the same millisecond either.
		const queue = [...message.devices];
		const connectOne = async () => {
			for (let device = queue.shift(); device; device = queue.shift()) {
				await connect(message.url, device);
			}
		};
		await Promise.all(Array.from({ length: 32 }, connectOne));
		parentPort.postMessage({ type: 'connected' });
	} else if (message.type === 'reset') {
		utilization = performance.eventLoopUtilization();
		bytesReceived = 0;
		reconnects = 0;
		parentPort.postMessage({ type: 'reset' });
	} else if (message.type === 'stats') {
		const busy = performance.eventLoopUtilization(utilization).utilization;
		parentPort.postMessage({ type: 'stats', bytesReceived, reconnects, closes, busy });
	} else if (message.type === 'behind') {
		// The devices that have not seen `voters` yet, and whether their socket is up.
		const behind = held
			.filter((d) => d.seen() < message.voters)
			.map((d) => ({
				sessionId: d.device.sessionId,
				address: d.device.address,
				seen: d.seen(),
				connected: d.provider.wsconnected,
				synced: d.provider.synced
			}));
		parentPort.postMessage({ type: 'behind', behind, closes });
	} else if (message.type === 'close') {
		closing = true;
		for (const provider of providers) provider.destroy();
		parentPort.postMessage({ type: 'closed' });
	}
});
