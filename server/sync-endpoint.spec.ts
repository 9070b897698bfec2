import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
		const rooms = new Rooms(store, { compactAfter: 500, idleMs: 60_000, publishIntervalMs: 50 });
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
