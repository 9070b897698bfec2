import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from './close-codes.ts';
import { createPeer, type Peer } from './peer.ts';
import type { Rooms } from './rooms.ts';
import type { Sessions } from './sessions.ts';
import { handleMessage, ProtocolError } from './sync.ts';

/** The largest frame a client may send; a phone's messages are a few hundred bytes. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

/** Sockets that do not answer a ping within this interval are dropped (phones that vanished). */
const HEARTBEAT_MS = 30_000;

/** A socket whose unsent backlog grows past this is a client that cannot keep up; drop it. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,64})$/;

export function isSyncPath(url: string | undefined): boolean {
	return SYNC_PATH.test((url ?? '').split('?')[0] ?? '');
}

export interface SyncEndpoint {
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	close(): void;
}

/**
 * The Yjs sync WebSocket at /sync/<sessionId>?token=…, speaking the y-websocket protocol. A
 * refused socket is accepted and then closed with a named code, because browsers do not expose
 * the status of a failed upgrade and the client needs to know not to retry.
 */
export function createSyncEndpoint(
	sessions: Sessions,
	rooms: Rooms,
	log: (message: string, error?: unknown) => void
): SyncEndpoint {
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: MAX_PAYLOAD_BYTES,
		// Updates are small and already compact; deflate would cost CPU per socket for little.
		perMessageDeflate: false
	});
	const alive = new WeakSet<WebSocket>();

	const heartbeat = setInterval(() => {
		for (const ws of wss.clients) {
			if (!alive.has(ws)) {
				ws.terminate();
				continue;
			}
			alive.delete(ws);
			ws.ping();
		}
	}, HEARTBEAT_MS);
	heartbeat.unref();

	function accept(ws: WebSocket, req: IncomingMessage): void {
		alive.add(ws);
		ws.on('pong', () => alive.add(ws));
		ws.on('error', () => ws.terminate());
		const url = new URL(req.url ?? '/', 'http://localhost');
		const sessionId = SYNC_PATH.exec(url.pathname)?.[1] ?? '';
		if (!sessions.exists(sessionId)) {
			ws.close(CloseCode.sessionNotFound, 'session not found');
			return;
		}
		const actor = sessions.authenticate(sessionId, url.searchParams.get('token'));
		if (!actor) {
			ws.close(CloseCode.unauthorized, 'unauthorized');
			return;
		}
		const room = rooms.get(sessionId);
		const peer: Peer = createPeer(
			{
				send(data) {
					if (ws.readyState !== ws.OPEN) return;
					if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
						ws.terminate();
						return;
					}
					ws.send(data);
				},
				close: (code, reason) => ws.close(code, reason)
			},
			actor
		);
		ws.on('message', (data, isBinary) => {
			if (!isBinary || !(data instanceof Buffer)) {
				ws.close(CloseCode.malformedMessage, 'binary y-websocket frames only');
				return;
			}
			try {
				handleMessage(room, peer, data);
			} catch (error) {
				if (!(error instanceof ProtocolError)) log('sync message failed', error);
				ws.close(CloseCode.malformedMessage, 'malformed message');
			}
		});
		ws.on('close', () => rooms.leave(room, peer));
		rooms.join(room, peer);
	}

	return {
		handleUpgrade(req, socket, head) {
			if (!isSyncPath(req.url)) {
				socket.destroy();
				return;
			}
			wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
		},
		close() {
			clearInterval(heartbeat);
			for (const ws of wss.clients) ws.close(CloseCode.serverRestart, 'server restart');
			wss.close();
		}
	};
}
