// A worker thread that holds simulated devices: real y-websocket providers, each with its own
// credential and Y.Doc, as phones and projectors run them. It reports, per session and per number
// of voters, when the last of its devices in that session saw that many voters in the poll.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
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

/** ws with a byte counter: every frame the server sends to a device is counted once. */
class CountingWebSocket extends WebSocket {
	constructor(...args) {
		super(...args);
		this.on('message', (data) => {
			bytesReceived += data.length ?? data.byteLength ?? 0;
		});
	}
}

/** Per session: how many of this worker's devices have seen each voter count, and when the last did. */
const sessions = new Map();
const providers = [];

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
		WebSocketPolyfill: CountingWebSocket,
		params: { token: device.credential },
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
	providers.push(provider);
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
		parentPort.postMessage({ type: 'stats', bytesReceived, reconnects, busy });
	} else if (message.type === 'close') {
		for (const provider of providers) provider.destroy();
		parentPort.postMessage({ type: 'closed' });
	}
});
