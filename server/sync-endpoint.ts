import type { IncomingMessage } from 'node:http';
import type { BlockList } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeCredentialFrame, MAX_CREDENTIAL_FRAME_BYTES } from '../src/lib/sync/auth-frame.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { CappedCounts } from './capped-counts.ts';
import { addressKey, clientAddress } from './client-address.ts';
import type { Limits } from './limits.ts';
import { createPeer, type Peer } from './peer.ts';
import type { Room } from './room.ts';
import { RoomUnavailable, type Rooms } from './rooms.ts';
import type { Sessions } from './sessions.ts';
import type { DocChannel } from './store/types.ts';
import { handleMessage, SyncRefusal } from './sync.ts';
import { TokenBuckets } from './token-bucket.ts';

/**
 * What a frame may hold beyond the largest update (`updateBytes`): its message type, sync type
 * and length take a few bytes. An update just over its limit still fits, so it is refused with
 * `4413` (which the client does not retry) rather than by the frame cap.
 */
const FRAMING_BYTES = 1024;

/**
 * What a socket may send before it has been admitted: one credential frame, with the largest
 * header a client's frame has (2 bytes, 8 of length, 4 of mask). ws reads a frame's bytes and
 * hands the credential over at once, so an honest client has never sent more than this before
 * its socket is admitted; anything beyond it would only be buffered for a socket that may yet
 * be refused.
 */
const MAX_BYTES_BEFORE_ADMISSION = MAX_CREDENTIAL_FRAME_BYTES + 14;

/**
 * How long a socket refused before its admission gets to answer the close frame before it is
 * cut off. ws would wait 30 s, and meanwhile keep the socket, its connection and what it sent.
 */
const REFUSED_CLOSE_MS = 1_000;

/** Sockets that do not answer a ping within this interval are dropped (phones that vanished). */
const HEARTBEAT_MS = 30_000;

/** A socket whose unsent backlog grows past this is a client that cannot keep up; drop it. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** `/sync/<session>` for the shared document, `/sync/<session>/private` for the facilitators'. */
const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,64})(\/private)?$/;

export function isSyncPath(url: string | undefined): boolean {
	return SYNC_PATH.test((url ?? '').split('?')[0] ?? '');
}

export interface SyncEndpoint {
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Open sync sockets. */
	readonly size: number;
	close(): void;
}

/** A socket in its room: what its frames go to, and what its close undoes. */
interface Admitted {
	room: Room;
	peer: Peer;
	release(): void;
}

export interface SyncEndpointOptions {
	sessions: Sessions;
	rooms: Rooms;
	limits: Pick<
		Limits,
		| 'socketsPerCredential'
		| 'connectionsPerAddress'
		| 'framesPerSocket'
		| 'socketAuthMs'
		| 'pendingSocketsPerAddress'
		| 'pendingSockets'
		| 'updateBytes'
	>;
	trustProxy?: BlockList;
	log: (message: string, error?: unknown) => void;
}

/**
 * The Yjs sync WebSocket at /sync/<sessionId>, speaking the y-websocket protocol after a first
 * frame that carries the socket's credential (src/lib/sync/auth-frame.ts): never in the URL,
 * which proxies log. A refused socket is accepted and then closed with a named code, because
 * browsers do not expose the status of a failed upgrade and the client needs to know whether to
 * retry.
 *
 * Every socket is held to limits: per credential (a new socket beyond the cap closes the oldest,
 * so a reconnecting phone replaces its dead socket), per client address, and in frames per
 * second. Until it has been admitted a socket costs as little as it can: it is counted apart
 * (per address and over all), may send no more than a credential frame, and once refused is cut
 * off soon after its close frame. Every handler is contained: what the client did wrong closes
 * its socket, what failed on the server fails the room (see Rooms.fail), and nothing reaches the
 * process.
 */
export function createSyncEndpoint(options: SyncEndpointOptions): SyncEndpoint {
	const { sessions, rooms, limits, log } = options;
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: limits.updateBytes + FRAMING_BYTES,
		// The default, relied on: a frame's 'message' comes while ws reads its last bytes, so a
		// socket is admitted before the bytes after its credential frame are counted against it.
		allowSynchronousEvents: true,
		// Updates are small and already compact; deflate would cost CPU per socket for little.
		perMessageDeflate: false
	});
	const alive = new WeakSet<WebSocket>();
	/** Open sockets per session and credential, oldest first. */
	const byCredential = new Map<string, WebSocket[]>();
	const connected = new CappedCounts(limits.connectionsPerAddress);
	/** Sockets not admitted yet (waiting for their credential frame, or refused and closing). */
	const pending = new CappedCounts(limits.pendingSocketsPerAddress, limits.pendingSockets);
	const frames = new TokenBuckets(limits.framesPerSocket, { maxKeys: Infinity });
	let nextSocketId = 0;

	const heartbeat = setInterval(() => {
		for (const ws of wss.clients) {
			try {
				if (!alive.has(ws)) {
					ws.terminate();
					continue;
				}
				alive.delete(ws);
				ws.ping();
			} catch (error) {
				log('heartbeat failed for a socket', error);
			}
		}
	}, HEARTBEAT_MS);
	heartbeat.unref();

	/** Adds a socket to its credential's list, closing the oldest beyond the cap. */
	function holdCredential(key: string, ws: WebSocket, cap: number): void {
		const list = byCredential.get(key) ?? [];
		list.push(ws);
		byCredential.set(key, list);
		while (list.length > cap) {
			list.shift()!.close(CloseCode.replaced, 'replaced by a newer connection');
		}
	}

	function releaseCredential(key: string, ws: WebSocket): void {
		const list = byCredential.get(key);
		if (!list) return;
		const index = list.indexOf(ws);
		if (index >= 0) list.splice(index, 1);
		if (list.length === 0) byCredential.delete(key);
	}

	/**
	 * Takes a socket whose credential frame checked out into its room, as a peer: the checks
	 * that need the credential (session, channel, role), its hold on the credential's sockets,
	 * and the room. Returns the peer, or undefined when the socket was closed instead.
	 */
	function admit(
		ws: WebSocket,
		target: { sessionId: string; channel: DocChannel },
		credential: string | undefined
	): Admitted | undefined {
		const { sessionId, channel } = target;
		if (!sessions.exists(sessionId)) {
			ws.close(CloseCode.sessionNotFound, 'session not found');
			return undefined;
		}
		const actor = sessions.authenticate(sessionId, credential);
		// Only facilitators may sync their own document; to anyone else it does not exist.
		if (!actor || (channel === 'private' && actor.role !== 'facilitator')) {
			ws.close(CloseCode.unauthorized, 'unauthorized');
			return undefined;
		}
		let room: Room;
		try {
			room = rooms.get(sessionId);
		} catch (error) {
			if (!(error instanceof RoomUnavailable)) log('opening a room failed', error);
			ws.close(CloseCode.tryAgainLater, 'session unavailable');
			return undefined;
		}
		const key = `${sessionId}/${actor.key}`;
		holdCredential(key, ws, limits.socketsPerCredential[actor.role]);
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
			actor,
			channel
		);
		rooms.join(room, peer);
		return {
			room,
			peer,
			release: () => {
				releaseCredential(key, ws);
				rooms.leave(room, peer);
			}
		};
	}

	/** Sockets refused before their admission that are cut off unless their close completes. */
	const cuttingOff = new WeakSet<WebSocket>();

	/**
	 * Ends a socket that is closing before its admission soon: if its peer has not answered the
	 * close frame within REFUSED_CLOSE_MS, the connection is cut (with what it had sent).
	 */
	function cutOffSoon(ws: WebSocket): void {
		if (cuttingOff.has(ws) || ws.readyState === ws.CLOSED) return;
		cuttingOff.add(ws);
		const timer = setTimeout(() => ws.terminate(), REFUSED_CLOSE_MS);
		timer.unref();
		ws.once('close', () => clearTimeout(timer));
	}

	/**
	 * A new socket: until its first frame, a credential frame, has been read and checked, it is
	 * only a connection (counted under its address, and as pending) with a deadline and a budget
	 * of bytes; then it joins its room, and `onAdmitted` ends its pending count.
	 */
	function accept(
		ws: WebSocket,
		req: IncomingMessage,
		socket: Duplex,
		onAdmitted: () => void
	): void {
		const socketId = String(nextSocketId++);
		let admitted: Admitted | undefined;
		/** Closes the socket; before its admission, also cuts it off soon. */
		const closeWith = (code: number, reason: string): void => {
			ws.close(code, reason);
			if (!admitted) cutOffSoon(ws);
		};
		const deadline = setTimeout(() => {
			if (!admitted) closeWith(CloseCode.authTimeout, 'no credential in time');
		}, limits.socketAuthMs);
		// Listening after ws does, this sees each chunk once ws has read it: by then a complete
		// credential frame has admitted the socket, so what is counted is only what came before.
		let bytesBeforeAdmission = 0;
		const countBytes = (chunk: Buffer): void => {
			if (admitted) {
				socket.off('data', countBytes);
				return;
			}
			bytesBeforeAdmission += chunk.length;
			if (bytesBeforeAdmission <= MAX_BYTES_BEFORE_ADMISSION) return;
			socket.off('data', countBytes);
			closeWith(CloseCode.messageTooBig, 'the first frame must be a credential frame');
			// Nothing more it sends is of use: leave it unread until it is cut off.
			socket.pause();
		};
		socket.on('data', countBytes);
		ws.on('close', () => {
			clearTimeout(deadline);
			socket.off('data', countBytes);
			frames.forget(socketId);
			try {
				admitted?.release();
			} catch (error) {
				log('releasing a socket failed', error);
			}
		});
		alive.add(ws);
		ws.on('pong', () => alive.add(ws));
		// ws closes the socket itself after an error, with the protocol's code (1009 for a frame too
		// big): terminating here would cut that close frame off. The listener must exist, though:
		// an unheard 'error' event ends the process. Before its admission the socket is cut off
		// soon after, though, as ws would wait 30 s for the peer's answer.
		ws.on('error', () => {
			if (!admitted) cutOffSoon(ws);
		});
		const rawUrl = req.url ?? '/';
		if (rawUrl.includes('?')) {
			// Proxies log URLs: a credential in one would be written down on the way here. Only an
			// older page sends one; it is asked to reload (which brings the current client).
			closeWith(CloseCode.upgradeRequired, 'credentials go in the first frame, not the URL');
			return;
		}
		const path = SYNC_PATH.exec(rawUrl);
		const channel: DocChannel = path?.[2] ? 'private' : 'shared';
		const target = { sessionId: path?.[1] ?? '', channel };
		ws.on('message', (data, isBinary) => {
			if (ws.readyState !== ws.OPEN) return;
			if (frames.take(socketId, Date.now()) > 0) {
				log('sync refused: too many messages');
				closeWith(CloseCode.tooManyMessages, 'too many messages');
				return;
			}
			if (!admitted) {
				clearTimeout(deadline);
				const credential =
					isBinary && data instanceof Buffer ? decodeCredentialFrame(data) : undefined;
				if (credential === undefined) {
					closeWith(CloseCode.unauthorized, 'the first frame must be a credential frame');
					return;
				}
				try {
					admitted = admit(ws, target, credential);
				} catch (error) {
					log('admitting a socket failed', error);
					closeWith(CloseCode.roomFailed, 'server error');
					return;
				}
				if (admitted) {
					socket.off('data', countBytes);
					onAdmitted();
				} else cutOffSoon(ws);
				return;
			}
			const { room, peer } = admitted;
			if (room.closed) return;
			if (!isBinary || !(data instanceof Buffer)) {
				ws.close(CloseCode.malformedMessage, 'binary y-websocket frames only');
				return;
			}
			try {
				handleMessage(room, peer, data);
			} catch (error) {
				if (error instanceof SyncRefusal) {
					if (error.code !== CloseCode.malformedMessage) log(`sync refused: ${error.message}`);
					ws.close(error.code, error.message.slice(0, 120));
				} else {
					rooms.fail(room, 'sync message', error);
				}
			}
		});
	}

	/** Refuses an upgrade before it becomes a socket: cheaper, and the client retries later. */
	function refuseUpgrade(socket: Duplex, retryAfterSeconds: number): void {
		socket.end(
			`HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: ${retryAfterSeconds}\r\n\r\n`
		);
	}

	return {
		handleUpgrade(req, socket, head) {
			// After an upgrade Node no longer listens for the socket's errors; an unheard one would
			// end the process.
			socket.on('error', () => socket.destroy());
			if (!isSyncPath(req.url)) {
				socket.destroy();
				return;
			}
			const address = addressKey(clientAddress(req, options.trustProxy));
			if (!connected.take(address)) {
				refuseUpgrade(socket, 10);
				return;
			}
			if (!pending.take(address)) {
				connected.give(address);
				// A socket is pending for one round trip: a place is free again in a moment.
				refuseUpgrade(socket, 1);
				return;
			}
			let isPending = true;
			const endPending = (): void => {
				if (!isPending) return;
				isPending = false;
				pending.give(address);
			};
			// The raw socket closes however the upgrade ends, also when ws refuses the handshake.
			socket.once('close', () => {
				connected.give(address);
				endPending();
			});
			wss.handleUpgrade(req, socket, head, (ws) => {
				try {
					accept(ws, req, socket, endPending);
				} catch (error) {
					log('accepting a socket failed', error);
					ws.close(CloseCode.roomFailed, 'server error');
					cutOffSoon(ws);
				}
			});
		},
		get size() {
			return wss.clients.size;
		},
		close() {
			clearInterval(heartbeat);
			for (const ws of wss.clients) ws.close(CloseCode.serverRestart, 'restarting');
			wss.close();
		}
	};
}
