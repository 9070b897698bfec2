// A light simulated device: it speaks the y-websocket protocol as the client does (credential
// frame, sync step 1, its presence, an answer to the server's step 1, presence renewed every 15
// seconds), but holds no Y.Doc. It counts and timestamps the frames it receives and hands each
// update's bytes on, so that the device costs the machine little and the figures show the
// server. Its own writes (a reference phone's vote) come from a small Y.Doc of its own that
// holds only what it wrote.
import { randomInt } from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
	awarenessFrame,
	credentialFrame,
	emptySyncStep1,
	emptySyncStep2,
	readFrame,
	syncUpdateFrame
} from './frames.mjs';
import { now } from './net.mjs';

/** How often the y-websocket client renews its presence (y-protocols: outdatedTimeout / 2). */
const PRESENCE_RENEWAL_MS = 15_000;

/**
 * Opens a light device's socket.
 * - `url`: the room's socket address; `address`: the local address to connect from
 * - `credential`: sent as the first frame (our server); none for the reference
 * - `presence`: the awareness state to announce, or null for none
 * - `echoPresence`: send every presence frame back, as the y-websocket client does with each
 *   awareness change it hears (a projector hears everyone's; a phone only its own, unchanged)
 * - `onUpdate(payload, at, initial)`: each Yjs update received (`initial`: the sync step 2)
 * - `onClose(code)`: the socket closed other than by `close()`
 */
export function lightDevice({
	url,
	address,
	credential,
	presence,
	echoPresence,
	onUpdate,
	onClose
}) {
	const socket = new WebSocket(url, { localAddress: address });
	const clientId = randomInt(2 ** 31);
	let clock = 0;
	let renewal;
	let closing = false;
	let writes;
	const counts = { bytes: 0, frames: 0 };
	let resolveSynced;
	let rejectSynced;
	const synced = new Promise((resolve, reject) => {
		resolveSynced = resolve;
		rejectSynced = reject;
	});
	socket.on('open', () => {
		if (credential) socket.send(credentialFrame(credential));
		socket.send(emptySyncStep1);
		if (!presence) return;
		socket.send(awarenessFrame(clientId, clock, presence));
		renewal = setInterval(() => {
			if (socket.readyState === WebSocket.OPEN) {
				socket.send(awarenessFrame(clientId, ++clock, presence));
			}
		}, PRESENCE_RENEWAL_MS);
	});
	socket.on('message', (data) => {
		const at = now();
		counts.bytes += data.length;
		counts.frames++;
		const message = readFrame(data);
		switch (message.kind) {
			case 'step1':
				socket.send(emptySyncStep2);
				break;
			case 'step2':
				onUpdate?.(message.payload, at, true);
				resolveSynced();
				break;
			case 'update':
				onUpdate?.(message.payload, at, false);
				break;
			case 'awareness':
				if (echoPresence) socket.send(data);
				break;
		}
	});
	socket.on('error', () => {
		// A close event follows; refused connections are reported through it.
	});
	socket.on('close', (code) => {
		clearInterval(renewal);
		rejectSynced(new Error(`socket closed with ${code} before it synced`));
		if (!closing) onClose?.(code);
	});
	// An unawaited rejection would end the process; whoever waits for `synced` sees it.
	synced.catch(() => {});
	return {
		synced,
		counts,
		connected: () => socket.readyState === WebSocket.OPEN,
		/** Sets `key` of the root map `map` and sends the update, as a y-websocket client would. */
		write(map, key, value) {
			writes ??= new Y.Doc();
			let update;
			writes.once('update', (u) => (update = u));
			writes.getMap(map).set(key, value);
			socket.send(syncUpdateFrame(update));
		},
		close() {
			closing = true;
			clearInterval(renewal);
			socket.terminate();
		}
	};
}
