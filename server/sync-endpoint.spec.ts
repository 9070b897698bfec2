import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { readSnapshot } from '../src/lib/model/session-doc.ts';
import { encodeCredentialFrame } from '../src/lib/sync/auth-frame.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { loopbackAddress } from '../tests/helpers/loopback.ts';
import { createSession, joinSession, startTestServer } from '../tests/helpers/test-server.ts';
import { connectSync, openRawSync } from '../tests/helpers/ws-client.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { MessageType, SyncMessageType } from './protocol.ts';
import { Rooms } from './rooms.ts';
import { Sessions } from './sessions.ts';
import { openSqliteStore } from './store/sqlite.ts';
import { createSyncEndpoint } from './sync-endpoint.ts';

/** The screen key, as the projector's link carries it. */
const screenKeyOf = (session: { links: { screen: string } }): string =>
	new URL(session.links.screen).hash.replace('#key=', '');

/**
 * A connection that completes the WebSocket handshake and then sends only what the test writes,
 * byte by byte as an attacker would (the ws client always sends whole frames and answers a close
 * frame). Resolves once the server has answered the upgrade.
 */
async function rawUpgrade(server: { url: string }, path: string) {
	const url = new URL(server.url);
	// Half-open allowed: a server that ends its side is not answered with an end of ours.
	const socket: Socket = connect({
		host: url.hostname,
		port: Number(url.port),
		allowHalfOpen: true
	});
	socket.on('error', () => {});
	onTestFinished(() => {
		socket.destroy();
	});
	const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
	let received = Buffer.alloc(0);
	socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
	socket.write(
		`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
			`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
	);
	await expect.poll(() => received.includes('\r\n\r\n')).toBe(true);
	expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
	const headerEnd = received.indexOf('\r\n\r\n') + 4;
	return {
		socket,
		closed,
		/** The close code of the close frame the server sent, if it sent one. */
		closeCode(): number | undefined {
			const frames = received.subarray(headerEnd);
			return frames[0] === 0x88 && frames.length >= 4 ? frames.readUInt16BE(2) : undefined;
		},
		/**
		 * Goes on sending a byte of the frame under way now and then, never completing it and
		 * never answering a close frame. A reader of a half-open socket learns nothing when the
		 * server lets go of its side; a writer is reset once the server has dropped the
		 * connection, so `closed` resolves only then.
		 */
		stall(): void {
			const trickle = setInterval(() => socket.write(Buffer.alloc(1)), 50);
			socket.once('close', () => clearInterval(trickle));
		}
	};
}

/** The header of a masked binary frame that says `length` bytes follow. */
function binaryFrameHeader(length: number): Buffer {
	const mask = Buffer.from([1, 2, 3, 4]);
	const header = Buffer.alloc(10);
	header[0] = 0x82;
	header[1] = 0x80 | 127;
	header.writeBigUInt64BE(BigInt(length), 2);
	return Buffer.concat([header, mask]);
}

/** Whether an upgrade from `from` became a socket, or else the HTTP status it was answered. */
function upgradeAnswer(
	server: { url: string },
	path: string,
	from: string
): Promise<{ status: number; retryAfter?: string }> {
	const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}${path}`, {
		localAddress: from
	});
	socket.on('error', () => {});
	onTestFinished(() => socket.terminate());
	return new Promise((resolve) => {
		socket.once('open', () => resolve({ status: 101 }));
		socket.once('unexpected-response', (_req, res) =>
			resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] })
		);
	});
}

/** A sync step 1 with an empty state vector: what y-websocket sends first after it opens. */
function syncStep1(): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	encoding.writeVarUint(encoder, SyncMessageType.step1);
	encoding.writeVarUint8Array(encoder, new Uint8Array([0]));
	return encoding.toUint8Array(encoder);
}

describe('the sync socket’s credential frame', () => {
	it('opens the shared document to every role, with the credential in no URL', async () => {
		const server = await startTestServer();
		const session = await createSession(server, 'Werkplaats');
		const phone = await joinSession(server, session.joinCode);
		const clients = [phone.token, screenKeyOf(session), session.facilitatorKey].map((credential) =>
			connectSync(server, session.id, credential)
		);
		await Promise.all(clients.map((client) => client.synced));
		for (const client of clients) {
			expect(readSnapshot(client.doc, session.id).title).toBe('Werkplaats');
			expect(client.provider.url).toBe(`${server.url.replace(/^http/, 'ws')}/sync/${session.id}`);
		}
	});

	it('opens the facilitators’ document to facilitator keys only', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const phone = await joinSession(server, session.joinCode);
		const own = connectSync(server, session.id, session.facilitatorKey, { channel: 'private' });
		await own.synced;
		for (const credential of [phone.token, screenKeyOf(session)]) {
			const { closed } = await openRawSync(server, `/sync/${session.id}/private`, credential);
			expect((await closed).code).toBe(CloseCode.unauthorized);
		}
	});

	it('refuses a wrong credential, another session’s, and a first frame that is no credential frame', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const other = await createSession(server, 'Andere sessie');
		const path = `/sync/${session.id}`;
		const codeFor = async (send: (socket: WebSocket) => void): Promise<number> => {
			const { socket, closed } = await openRawSync(server, path, undefined);
			send(socket);
			return (await closed).code;
		};
		const wrongKey = `fk_${'A'.repeat(43)}`;
		expect(await codeFor((s) => s.send(encodeCredentialFrame(wrongKey)))).toBe(
			CloseCode.unauthorized
		);
		expect(await codeFor((s) => s.send(encodeCredentialFrame(other.facilitatorKey)))).toBe(
			CloseCode.unauthorized
		);
		// What a client sends first that does not know about the frame: its sync step 1.
		expect(await codeFor((s) => s.send(syncStep1()))).toBe(CloseCode.unauthorized);
		// The credential as text, or followed by more bytes, is no credential frame either.
		expect(await codeFor((s) => s.send(session.facilitatorKey))).toBe(CloseCode.unauthorized);
		const trailing = Buffer.concat([
			encodeCredentialFrame(session.facilitatorKey),
			Buffer.from([0])
		]);
		expect(await codeFor((s) => s.send(trailing))).toBe(CloseCode.unauthorized);
		// A session that does not exist says so, once the socket has sent a credential.
		const { closed } = await openRawSync(server, '/sync/nosuchsession', session.facilitatorKey);
		expect((await closed).code).toBe(CloseCode.sessionNotFound);
	});

	it('closes a socket that sends no credential within the limit, with a code phones retry after', async () => {
		const socketAuthMs = 300;
		const server = await startTestServer({ limits: { socketAuthMs } });
		const session = await createSession(server);
		const opened = Date.now();
		const { socket, closed } = await openRawSync(server, `/sync/${session.id}`, undefined);
		const received: Buffer[] = [];
		socket.on('message', (data: Buffer) => received.push(data));
		const { code } = await closed;
		const after = Date.now() - opened;
		expect(code).toBe(CloseCode.authTimeout);
		// 4400-4499 would stop a phone's provider for good; a slow phone tries again.
		expect(code >= 4400 && code < 4500).toBe(false);
		expect(after).toBeGreaterThanOrEqual(socketAuthMs - 20);
		expect(after).toBeLessThan(socketAuthMs + 2_000);
		expect(received).toEqual([]);
	});

	it('refuses a credential in the query string, even a good one, and asks the page to reload', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const { socket, closed } = await openRawSync(
			server,
			`/sync/${session.id}?token=${session.facilitatorKey}`,
			session.facilitatorKey
		);
		const received: Buffer[] = [];
		socket.on('message', (data: Buffer) => received.push(data));
		const { code, reason } = await closed;
		expect(code).toBe(CloseCode.upgradeRequired);
		expect(reason).toMatch(/first frame/);
		expect(received).toEqual([]);
		// Any query at all, so that no client gets used to sending things that way.
		const other = await openRawSync(server, `/sync/${session.id}?lang=nl`, session.facilitatorKey);
		expect((await other.closed).code).toBe(CloseCode.upgradeRequired);
	});

	it('counts sockets that have not sent their credential toward their address’s cap', async () => {
		const server = await startTestServer({ limits: { connectionsPerAddress: 2 } });
		const session = await createSession(server);
		const from = loopbackAddress(60);
		const path = `/sync/${session.id}`;
		const waiting = [
			await openRawSync(server, path, undefined, from),
			await openRawSync(server, path, undefined, from)
		];
		expect(waiting.map(({ socket }) => socket.readyState)).toEqual([
			WebSocket.OPEN,
			WebSocket.OPEN
		]);
		// A third connection from that address is refused at the door; another address gets in.
		const third = new WebSocket(`${server.url.replace(/^http/, 'ws')}${path}`, {
			localAddress: from
		});
		const refused = new Promise<void>((resolve) => {
			third.once('error', () => resolve());
			third.once('close', () => resolve());
		});
		await refused;
		expect(third.readyState).not.toBe(WebSocket.OPEN);
		const elsewhere = connectSync(server, session.id, session.facilitatorKey, {
			from: loopbackAddress(61)
		});
		await elsewhere.synced;
	});
});

describe('a socket that has not sent its credential', () => {
	it('holds no room and receives nothing from it', async () => {
		// The endpoint over the server's own core (real SQLite, real sockets), so the test can
		// look into the room.
		const store = openSqliteStore(':memory:');
		const rooms = new Rooms(store, { compactAfter: 500, idleMs: 60_000 });
		const sessions = new Sessions(store, rooms);
		const endpoint = createSyncEndpoint({
			sessions,
			rooms,
			limits: DEFAULT_LIMITS,
			log: () => {}
		});
		const http = createServer();
		http.on('upgrade', (req, socket, head) => endpoint.handleUpgrade(req, socket, head));
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
		onTestFinished(async () => {
			endpoint.close();
			rooms.closeAll(CloseCode.serverRestart, 'test over');
			store.close();
			await new Promise((resolve) => http.close(resolve));
		});
		const server = { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
		const session = sessions.create({
			title: 'Leersessie',
			template: 'born',
			locale: 'nl',
			agenda: 'empty'
		});

		const silent = await openRawSync(server, `/sync/${session.id}`, undefined);
		const heard: Buffer[] = [];
		silent.socket.on('message', (data: Buffer) => heard.push(data));
		// A socket that opened after it, sent its credential and synced: the room has it alone.
		const console_ = connectSync(server, session.id, session.facilitatorKey);
		await console_.synced;
		expect(rooms.peek(session.id)?.peers.size).toBe(1);
		expect(endpoint.size).toBe(2);
		expect(heard).toEqual([]);

		// Once it sends its credential it is a peer like any other, and hears the room.
		silent.socket.send(encodeCredentialFrame(session.facilitatorKey));
		silent.socket.send(syncStep1());
		await expect.poll(() => heard.length).toBeGreaterThan(0);
		expect(rooms.peek(session.id)?.peers.size).toBe(2);
	});
});

describe('a socket before its admission', () => {
	/** A bound, not a measurement: the second a refused socket gets, and a busy machine's margin. */
	const CUT_OFF_BOUND_MS = 1_000 + 1_500;

	it('is cut off soon after a first frame over the frame cap, though it never answers the close', async () => {
		const socketAuthMs = 3_000;
		const server = await startTestServer({ limits: { socketAuthMs } });
		const session = await createSession(server);
		const attacker = await rawUpgrade(server, `/sync/${session.id}`);
		// The header of a 1 MB frame and part of it, and then nothing: not even the answer to the
		// server's close frame, which ws would otherwise wait 30 s for, holding what it read.
		const sent = Date.now();
		attacker.socket.write(Buffer.concat([binaryFrameHeader(1_000_000), Buffer.alloc(64 * 1024)]));
		attacker.stall();
		await attacker.closed;
		expect(Date.now() - sent).toBeLessThan(CUT_OFF_BOUND_MS);
		expect(attacker.closeCode()).toBe(CloseCode.messageTooBig);
	});

	it('is cut off soon after its deadline when it stalls within a first frame', async () => {
		const socketAuthMs = 300;
		const server = await startTestServer({ limits: { socketAuthMs } });
		const session = await createSession(server);
		const attacker = await rawUpgrade(server, `/sync/${session.id}`);
		const sent = Date.now();
		attacker.socket.write(Buffer.concat([binaryFrameHeader(100_000), Buffer.alloc(100)]));
		attacker.stall();
		await attacker.closed;
		expect(Date.now() - sent).toBeLessThan(socketAuthMs + CUT_OFF_BOUND_MS);
		expect(attacker.closeCode()).toBe(CloseCode.authTimeout);
	});

	it('is closed once it has sent more than a credential frame can be, frame read or not', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const path = `/sync/${session.id}`;
		// Within the frame cap, so only the allowance before admission refuses them: sent at once,
		// or a few bytes at a time.
		const atOnce = await rawUpgrade(server, path);
		atOnce.socket.write(Buffer.concat([binaryFrameHeader(100_000), Buffer.alloc(4096)]));
		const inParts = await rawUpgrade(server, path);
		inParts.socket.write(binaryFrameHeader(100_000));
		for (let i = 0; i < 10; i++) inParts.socket.write(Buffer.alloc(50));
		atOnce.stall();
		inParts.stall();
		await Promise.all([atOnce.closed, inParts.closed]);
		expect([atOnce.closeCode(), inParts.closeCode()]).toEqual([
			CloseCode.messageTooBig,
			CloseCode.messageTooBig
		]);
		// A whole frame that came at once is read as what it is: no credential frame.
		const whole = await openRawSync(server, path, undefined);
		whole.socket.send(Buffer.alloc(4096));
		expect((await whole.closed).code).toBe(CloseCode.unauthorized);
		// A credential frame of the largest size is still read as one (and refused as unknown).
		const longest = await openRawSync(server, path, 'x'.repeat(256));
		expect((await longest.closed).code).toBe(CloseCode.unauthorized);
	});

	it('counts toward caps on waiting sockets, per address and over all, freed by admission', async () => {
		const server = await startTestServer({
			limits: { pendingSocketsPerAddress: 2, pendingSockets: 3 }
		});
		const session = await createSession(server);
		const path = `/sync/${session.id}`;
		const [a, b, c] = [loopbackAddress(70), loopbackAddress(71), loopbackAddress(72)];
		const waiting = [
			await openRawSync(server, path, undefined, a),
			await openRawSync(server, path, undefined, a)
		];
		// A third from that address is refused before the upgrade; another address gets in.
		expect(await upgradeAnswer(server, path, a)).toEqual({ status: 429, retryAfter: '1' });
		const elsewhere = connectSync(server, session.id, session.facilitatorKey, { from: b });
		await elsewhere.synced;
		// Over all addresses: three are waiting now, so a fourth address is refused too.
		await openRawSync(server, path, undefined, b);
		expect(await upgradeAnswer(server, path, c)).toEqual({ status: 429, retryAfter: '1' });
		// A socket that sends its credential no longer waits, and its place is free.
		waiting[0]!.socket.send(encodeCredentialFrame(session.facilitatorKey));
		waiting[0]!.socket.send(syncStep1());
		await new Promise((resolve) => waiting[0]!.socket.once('message', resolve));
		expect((await upgradeAnswer(server, path, c)).status).toBe(101);
		expect(waiting[1]!.socket.readyState).toBe(WebSocket.OPEN);
	});

	it('lets a crowd behind one address in once places are free, by retrying', async () => {
		const socketAuthMs = 1_000;
		const server = await startTestServer({ limits: { pendingSocketsPerAddress: 2, socketAuthMs } });
		const session = await createSession(server);
		const venue = loopbackAddress(80);
		const phones = await Promise.all(
			Array.from({ length: 10 }, () => joinSession(server, session.joinCode))
		);
		// Two sockets from the venue that never send their credential hold its places for now.
		const silent = [
			await openRawSync(server, `/sync/${session.id}`, undefined, venue),
			await openRawSync(server, `/sync/${session.id}`, undefined, venue)
		];
		let refused = 0;
		const clients = phones.map((phone) => {
			const client = connectSync(server, session.id, phone.token, { from: venue });
			client.provider.on('connection-error', () => refused++);
			return client;
		});
		await Promise.all(clients.map((client) => client.synced));
		expect(refused).toBeGreaterThan(0);
		for (const { closed } of silent) expect((await closed).code).toBe(CloseCode.authTimeout);
	});
});
