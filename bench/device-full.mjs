// A full simulated device: a real y-websocket WebsocketProvider with its own Y.Doc, as phones
// and projectors run them. It applies every update it receives, as a browser does.
import * as awarenessProtocol from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { credentialFrame } from './frames.mjs';

/**
 * The socket class of one device: y-websocket constructs its socket with only (url, protocols),
 * so the device's own loopback address, which the server counts its connections under, is
 * bound here, and its credential (if any) sent first: before y-websocket's own `onopen`
 * handler, which is set after the constructor and so runs after this listener. Every frame the
 * device receives is counted.
 */
function socketFrom(address, credential, counts) {
	const frame = credential ? credentialFrame(credential) : undefined;
	return class extends WebSocket {
		constructor(url, protocols) {
			super(url, protocols, { localAddress: address });
			if (frame) this.addEventListener('open', () => this.send(frame));
			this.on('message', (data) => {
				counts.bytes += data.length ?? data.byteLength ?? 0;
				counts.frames++;
			});
		}
	};
}

/**
 * Opens a full device.
 * - `serverUrl`, `room`: y-websocket's url and room name (the socket is at `serverUrl/room`)
 * - `address`, `credential`: as for a light device
 * - `presence`: the awareness state to announce (the phone page announces `{ online: true }`),
 *   or null for none
 * - `observe(doc)`: called with the device's doc before it syncs, to watch what arrives
 * - `onClose(code)`, `onReconnect()`: the provider's socket closed (code `quiet` when it gave up
 *   on a silent server itself) and connected again
 */
export function fullDevice({
	serverUrl,
	room,
	address,
	credential,
	presence,
	observe,
	onClose,
	onReconnect
}) {
	const doc = new Y.Doc();
	const counts = { bytes: 0, frames: 0 };
	const awareness = new awarenessProtocol.Awareness(doc);
	awareness.setLocalState(presence ?? null);
	observe?.(doc);
	const provider = new WebsocketProvider(serverUrl, room, doc, {
		WebSocketPolyfill: socketFrom(address, credential, counts),
		awareness,
		disableBc: true
	});
	let closing = false;
	let connectedOnce = false;
	provider.on('status', ({ status }) => {
		if (status !== 'connected') return;
		if (connectedOnce) onReconnect?.();
		connectedOnce = true;
	});
	provider.on('connection-close', (event) => {
		if (!closing) onClose?.(event?.code ?? 'quiet');
	});
	const synced = new Promise((resolve) => {
		if (provider.synced) resolve();
		else provider.once('synced', () => resolve());
	});
	return {
		synced,
		counts,
		connected: () => provider.wsconnected,
		/** Sets `key` of the root map `map`; the provider sends the update. */
		write(map, key, value) {
			doc.getMap(map).set(key, value);
		},
		close() {
			closing = true;
			provider.destroy();
			doc.destroy();
		}
	};
}
