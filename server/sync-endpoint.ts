import type { IncomingMessage } from 'node:http';
import type { BlockList } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { decodeCredentialFrame, MAX_CREDENTIAL_FRAME_BYTES } from '../src/lib/sync/auth-frame.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { CappedCounts } from './capped-counts.ts';
import { addressKey, clientAddress } from './client-address.ts';
import type { Limits } from './limits.ts';
import { createPeer, type Peer, type SocketLike } from './peer.ts';
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

/** Where a socket asked to go: its session and which of the session's documents. */
interface Target {
	sessionId: string;
	channel: DocChannel;
}

/**
 * What a socket holds until its credential frame has been read and checked: a deadline, a
 * budget of bytes and its place among the sockets waiting. All of it is let go at admission,
 * so an admitted socket keeps none of it.
 */
interface Waiting {
	target: Target;
	deadline: ReturnType<typeof setTimeout>;
	/** The raw connection's `data` listener that counts its bytes before admission. */
	countBytes: (chunk: Buffer) => void;
	socket: Duplex;
	/** Ends its count among the waiting sockets. */
	endPending: () => void;
}

/**
 * A sync socket, as ws constructs it for this endpoint (its `WebSocket` option), with the little
 * the server keeps of it. What every socket needs is here, in fields, and its listeners are the
 * endpoint's own, shared by every socket and told apart by `this`, as ws does with its own: a
 * closure per socket and event, and the upgrade request they would have kept, cost more than
 * the socket (see docs/architecture.md, "What a connected phone costs").
 */
class SyncSocket extends WebSocket {
	/** Answered the last heartbeat's ping (or opened since). */
	alive = true;
	/** Until its admission. */
	waiting: Waiting | undefined = undefined;
	/** Once admitted: its room, and itself as a peer there. */
	room: Room | undefined = undefined;
	peer: Peer | undefined = undefined;
	/** The session and credential whose sockets it counts among, once admitted. */
	credentialKey = '';
	/** Refused before its admission, it is cut off soon (see cutOffSoon). */
	cuttingOff = false;
}

/**
 * A peer's socket: it drops a frame for a socket that is no longer open, and a client whose
 * unsent backlog shows it cannot keep up.
 */
class PeerSocket implements SocketLike {
	readonly #ws: WebSocket;

	constructor(ws: WebSocket) {
		this.#ws = ws;
	}

	send(data: Uint8Array): void {
		const ws = this.#ws;
		if (ws.readyState !== ws.OPEN) return;
		if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
			ws.terminate();
			return;
		}
		ws.send(data);
	}

	close(code: CloseCode, reason: string): void {
		this.#ws.close(code, reason);
	}
}

/** A listener for a raw connection's errors: without one, an error would end the process. */
function destroyOnError(this: Duplex): void {
	this.destroy();
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
	const wss = new WebSocketServer<typeof SyncSocket>({
		noServer: true,
		WebSocket: SyncSocket,
		maxPayload: limits.updateBytes + FRAMING_BYTES,
		// The default, relied on: a frame's 'message' comes while ws reads its last bytes, so a
		// socket is admitted before the bytes after its credential frame are counted against it.
		allowSynchronousEvents: true,
		// Updates are small and already compact; deflate would cost CPU per socket for little.
		perMessageDeflate: false
	});
	/** Open sockets per session and credential, oldest first. */
	const byCredential = new Map<string, SyncSocket[]>();
	const connected = new CappedCounts(limits.connectionsPerAddress);
	/** Sockets not admitted yet (waiting for their credential frame, or refused and closing). */
	const pending = new CappedCounts(limits.pendingSocketsPerAddress, limits.pendingSockets);
	const frames = new TokenBuckets<SyncSocket>(limits.framesPerSocket, { maxKeys: Infinity });

	const heartbeat = setInterval(() => {
		for (const ws of wss.clients) {
			try {
				if (!ws.alive) {
					ws.terminate();
					continue;
				}
				ws.alive = false;
				ws.ping();
			} catch (error) {
				log('heartbeat failed for a socket', error);
			}
		}
	}, HEARTBEAT_MS);
	heartbeat.unref();

	/** Adds a socket to its credential's list, closing the oldest beyond the cap. */
	function holdCredential(key: string, ws: SyncSocket, cap: number): void {
		const list = byCredential.get(key) ?? [];
		list.push(ws);
		byCredential.set(key, list);
		while (list.length > cap) {
			list.shift()!.close(CloseCode.replaced, 'replaced by a newer connection');
		}
	}

	function releaseCredential(key: string, ws: SyncSocket): void {
		const list = byCredential.get(key);
		if (!list) return;
		const index = list.indexOf(ws);
		if (index >= 0) list.splice(index, 1);
		if (list.length === 0) byCredential.delete(key);
	}

	/**
	 * Takes a socket whose credential frame checked out into its room, as a peer: the checks
	 * that need the credential (session, channel, role), its hold on the credential's sockets,
	 * and the room. Returns whether it was admitted; a socket not admitted was closed instead.
	 */
	function admit(ws: SyncSocket, target: Target, credential: string): boolean {
		const { sessionId, channel } = target;
		if (!sessions.exists(sessionId)) {
			ws.close(CloseCode.sessionNotFound, 'session not found');
			return false;
		}
		const actor = sessions.authenticate(sessionId, credential);
		// Only facilitators may sync their own document; to anyone else it does not exist.
		if (!actor || (channel === 'private' && actor.role !== 'facilitator')) {
			ws.close(CloseCode.unauthorized, 'unauthorized');
			return false;
		}
		let room: Room;
		try {
			room = rooms.get(sessionId);
		} catch (error) {
			if (!(error instanceof RoomUnavailable)) log('opening a room failed', error);
			ws.close(CloseCode.tryAgainLater, 'session unavailable');
			return false;
		}
		ws.credentialKey = `${sessionId}/${actor.key}`;
		holdCredential(ws.credentialKey, ws, limits.socketsPerCredential[actor.role]);
		ws.room = room;
		ws.peer = createPeer(new PeerSocket(ws), actor, channel);
		rooms.join(room, ws.peer);
		return true;
	}

	/**
	 * Ends a socket that is closing before its admission soon: if its peer has not answered the
	 * close frame within REFUSED_CLOSE_MS, the connection is cut (with what it had sent).
	 */
	function cutOffSoon(ws: SyncSocket): void {
		if (ws.cuttingOff || ws.readyState === ws.CLOSED) return;
		ws.cuttingOff = true;
		const timer = setTimeout(() => ws.terminate(), REFUSED_CLOSE_MS);
		timer.unref();
		ws.once('close', () => clearTimeout(timer));
	}

	/** Closes a socket; before its admission, also cuts it off soon. */
	function closeWith(ws: SyncSocket, code: number, reason: string): void {
		ws.close(code, reason);
		if (!ws.peer) cutOffSoon(ws);
	}

	/** Lets go of what a socket held while it waited for its admission. */
	function stopWaiting(ws: SyncSocket): void {
		const { waiting } = ws;
		if (!waiting) return;
		ws.waiting = undefined;
		clearTimeout(waiting.deadline);
		waiting.socket.off('data', waiting.countBytes);
		waiting.endPending();
	}

	/**
	 * The raw connection's bytes before its socket's admission, as ws has read them: listening
	 * after ws does, this sees each chunk once ws has read it, by when a complete credential
	 * frame has admitted the socket, so what is counted is only what came before.
	 */
	function byteCounter(ws: SyncSocket, socket: Duplex): (chunk: Buffer) => void {
		let bytes = 0;
		const countBytes = (chunk: Buffer): void => {
			bytes += chunk.length;
			if (bytes <= MAX_BYTES_BEFORE_ADMISSION) return;
			socket.off('data', countBytes);
			closeWith(ws, CloseCode.messageTooBig, 'the first frame must be a credential frame');
			// Nothing more it sends is of use: leave it unread until it is cut off.
			socket.pause();
		};
		return countBytes;
	}

	/*
	 * The listeners every socket shares. ws calls them on the socket (typed as a plain WebSocket),
	 * which is a SyncSocket: the server constructs no other kind.
	 */

	function onClose(this: WebSocket): void {
		const ws = this as SyncSocket;
		stopWaiting(ws);
		frames.forget(ws);
		const { room, peer } = ws;
		if (!room || !peer) return;
		try {
			releaseCredential(ws.credentialKey, ws);
			rooms.leave(room, peer);
		} catch (error) {
			log('releasing a socket failed', error);
		}
	}

	function onPong(this: WebSocket): void {
		(this as SyncSocket).alive = true;
	}

	// ws closes the socket itself after an error, with the protocol's code (1009 for a frame too
	// big): terminating here would cut that close frame off. The listener must exist, though:
	// an unheard 'error' event ends the process. Before its admission the socket is cut off
	// soon after, though, as ws would wait 30 s for the peer's answer.
	function onError(this: WebSocket): void {
		const ws = this as SyncSocket;
		if (!ws.peer) cutOffSoon(ws);
	}

	function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
		const ws = this as SyncSocket;
		if (ws.readyState !== ws.OPEN) return;
		if (frames.take(ws, Date.now()) > 0) {
			log('sync refused: too many messages');
			closeWith(ws, CloseCode.tooManyMessages, 'too many messages');
			return;
		}
		const { room, peer, waiting } = ws;
		if (waiting) {
			clearTimeout(waiting.deadline);
			const credential =
				isBinary && data instanceof Buffer ? decodeCredentialFrame(data) : undefined;
			if (credential === undefined) {
				closeWith(ws, CloseCode.unauthorized, 'the first frame must be a credential frame');
				return;
			}
			// A refused socket still counts as waiting until it has closed.
			try {
				if (admit(ws, waiting.target, credential)) stopWaiting(ws);
				else cutOffSoon(ws);
			} catch (error) {
				log('admitting a socket failed', error);
				closeWith(ws, CloseCode.roomFailed, 'server error');
			}
			return;
		}
		if (!room || !peer || room.closed) return;
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
	}

	/**
	 * A new socket: until its first frame, a credential frame, has been read and checked, it is
	 * only a connection (counted under its address, and as pending) with a deadline and a budget
	 * of bytes; then it joins its room, and its pending count ends.
	 */
	function accept(ws: SyncSocket, url: string, socket: Duplex, endPending: () => void): void {
		const path = SYNC_PATH.exec(url);
		const countBytes = byteCounter(ws, socket);
		socket.on('data', countBytes);
		ws.waiting = {
			target: { sessionId: path?.[1] ?? '', channel: path?.[2] ? 'private' : 'shared' },
			deadline: setTimeout(() => {
				if (ws.waiting) closeWith(ws, CloseCode.authTimeout, 'no credential in time');
			}, limits.socketAuthMs),
			countBytes,
			socket,
			endPending
		};
		ws.on('close', onClose);
		ws.on('pong', onPong);
		ws.on('error', onError);
		ws.on('message', onMessage);
		if (url.includes('?')) {
			// Proxies log URLs: a credential in one would be written down on the way here. Only an
			// older page sends one; it is asked to reload (which brings the current client).
			closeWith(ws, CloseCode.upgradeRequired, 'credentials go in the first frame, not the URL');
		}
	}

	/** Refuses an upgrade before it becomes a socket: cheaper, and the client retries later. */
	function refuseUpgrade(socket: Duplex, retryAfterSeconds: number): void {
		socket.end(
			`HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: ${retryAfterSeconds}\r\n\r\n`
		);
	}

	/**
	 * Counts a connection under its address until it closes, however its upgrade ends (also when
	 * ws refuses the handshake), and among the waiting ones until the returned function is
	 * called. Its own function, so the listener it leaves keeps the address and nothing else.
	 */
	function holdPlace(socket: Duplex, address: string): () => void {
		let isPending = true;
		const endPending = (): void => {
			if (!isPending) return;
			isPending = false;
			pending.give(address);
		};
		socket.on('close', () => {
			connected.give(address);
			endPending();
		});
		return endPending;
	}

	return {
		handleUpgrade(req, socket, head) {
			// After an upgrade Node no longer listens for the socket's errors; an unheard one would
			// end the process.
			socket.on('error', destroyOnError);
			const url = req.url ?? '/';
			if (!isSyncPath(url)) {
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
			const endPending = holdPlace(socket, address);
			// Nothing that outlives the upgrade refers to the request: a socket would keep it, its
			// headers and its parser's state for as long as it is open.
			wss.handleUpgrade(req, socket, head, (ws) => {
				try {
					accept(ws, url, socket, endPending);
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
