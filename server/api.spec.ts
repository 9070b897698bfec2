import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readParticipants, readParticipation, readSnapshot } from '../src/lib/model/session-doc.ts';
import type { SessionSnapshot } from '../src/lib/model/types.ts';
import {
	api,
	createSession,
	joinSession,
	startTestServer,
	type CreatedSession
} from '../tests/helpers/test-server.ts';
import { connectSync, openRawSync } from '../tests/helpers/ws-client.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { loopbackAddress, requestFrom } from '../tests/helpers/loopback.ts';
import { openSqliteStore } from './store/sqlite.ts';

type ErrorBody = { error: { code: string; message: string } };

describe('creating a session', () => {
	it('answers with an id, a join code without look-alikes, a long facilitator key and links', async () => {
		const server = await startTestServer({ origin: 'https://board.example.org' });
		const response = await api<CreatedSession>(server, 'POST', '/api/sessions', {
			body: { title: 'Leersessie 1', template: 'born', locale: 'nl' }
		});
		expect(response.status).toBe(201);
		const { id, joinCode, facilitatorKey, links } = response.body;
		expect(joinCode).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
		expect(facilitatorKey.length).toBeGreaterThanOrEqual(32);
		expect(links).toEqual({
			facilitator: `https://board.example.org/f/${id}#key=${facilitatorKey}`,
			join: `https://board.example.org/j/${joinCode}`,
			screen: expect.stringMatching(new RegExp(`^https://board.example.org/s/${id}#key=sk_`))
		});
	});

	it('stores only hashes of keys and tokens', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const phone = await joinSession(server, session.joinCode);
		await server.close();
		const store = openSqliteStore(server.dataDir);
		const record = store.getSession(session.id);
		const participant = store.getParticipant(session.id, phone.participantId);
		store.close();
		expect(record?.facilitatorKeyHash.toString('latin1')).not.toContain(session.facilitatorKey);
		expect(record?.facilitatorKeyHash).toHaveLength(32);
		expect(participant?.tokenHash).toHaveLength(32);
		expect(participant?.tokenHash.toString('latin1')).not.toContain(phone.token);
	});

	it.each([
		['no body', undefined, 400, 'invalid_json'],
		['broken JSON', '{"title":', 400, 'invalid_json'],
		['an empty title', JSON.stringify({ title: '   ' }), 400, 'invalid_request'],
		['an unknown language', JSON.stringify({ title: 'x', locale: 'fr' }), 400, 'invalid_request'],
		[
			'an unknown template',
			JSON.stringify({ title: 'x', template: 'other' }),
			422,
			'unknown_template'
		],
		['a huge body', JSON.stringify({ title: 'x'.repeat(70_000) }), 413, 'payload_too_large']
	])('refuses %s with a clear JSON error', async (_label, rawBody, status, code) => {
		const server = await startTestServer();
		const response = await api<ErrorBody>(server, 'POST', '/api/sessions', { rawBody });
		expect(response.status).toBe(status);
		expect(response.body.error.code).toBe(code);
		expect(response.body.error.message).not.toMatch(/at .*\.ts:\d+/);
	});
});

describe("the session's links", () => {
	type Links = {
		links: {
			facilitator: string;
			join: string;
			screen: string;
			lan: { join: string; facilitator: string }[];
		};
	};
	const read = (server: { url: string }, session: CreatedSession, credential: string) =>
		api<Links>(server, 'GET', `/api/sessions/${session.id}`, { credential });

	it("hand the console the join and console links on this machine's network addresses", async () => {
		const server = await startTestServer({
			lanOrigins: () => ['http://192.168.1.20:3000', 'http://10.0.0.7:3000']
		});
		const session = await createSession(server);
		const response = await read(server, session, session.facilitatorKey);
		expect(response.status).toBe(200);
		const { id, joinCode, facilitatorKey } = session;
		expect(response.body.links.lan).toEqual([
			{
				join: `http://192.168.1.20:3000/j/${joinCode}`,
				facilitator: `http://192.168.1.20:3000/f/${id}#key=${facilitatorKey}`
			},
			{
				join: `http://10.0.0.7:3000/j/${joinCode}`,
				facilitator: `http://10.0.0.7:3000/f/${id}#key=${facilitatorKey}`
			}
		]);
		// The request's own address stays the one of the other links.
		expect(response.body.links.join).toBe(`${server.url}/j/${joinCode}`);
	});

	it('use ORIGIN when it is set, and none when there is no network address', async () => {
		const public_ = await startTestServer({
			origin: 'https://board.example.org',
			lanOrigins: () => ['http://192.168.1.20:3000']
		});
		const session = await createSession(public_);
		expect((await read(public_, session, session.facilitatorKey)).body.links.lan).toEqual([
			{
				join: `https://board.example.org/j/${session.joinCode}`,
				facilitator: `https://board.example.org/f/${session.id}#key=${session.facilitatorKey}`
			}
		]);

		const offline = await startTestServer({ lanOrigins: () => [] });
		const other = await createSession(offline);
		expect((await read(offline, other, other.facilitatorKey)).body.links.lan).toEqual([]);
	});

	it('are for the facilitator only', async () => {
		const server = await startTestServer({ lanOrigins: () => ['http://192.168.1.20:3000'] });
		const session = await createSession(server);
		const phone = await joinSession(server, session.joinCode);
		expect((await read(server, session, phone.token)).status).toBe(403);
		expect((await read(server, session, 'fk_' + 'x'.repeat(43))).status).toBe(401);
	});
});

describe('joining', () => {
	it('adds a participant with a token, whatever case and spacing the code was typed in', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const typed = ` ${session.joinCode.slice(0, 3).toLowerCase()}-${session.joinCode.slice(3)} `;
		const joined = await joinSession(server, typed, { name: 'Anna', perspective: 'wethouder' });
		expect(joined.sessionId).toBe(session.id);
		expect(joined.token).toMatch(/^pt\./);
		const snapshot = await api<SessionSnapshot>(
			server,
			'GET',
			`/api/sessions/${session.id}/snapshot`,
			{
				credential: session.facilitatorKey
			}
		);
		expect(snapshot.body.participants).toEqual([
			expect.objectContaining({ id: joined.participantId, name: 'Anna', perspective: 'wethouder' })
		]);
	});

	it('answers 404 for an unknown code and 422 for an unknown perspective', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const unknown = await api<ErrorBody>(server, 'POST', '/api/join', { body: { code: 'ZZZZZZ' } });
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('unknown_code');
		const badPerspective = await api<ErrorBody>(server, 'POST', '/api/join', {
			body: { code: session.joinCode, perspective: 'koning' }
		});
		expect(badPerspective.status).toBe(422);
		expect(badPerspective.body.error.code).toBe('unknown_perspective');
	});

	it('refuses an address that guesses codes, while a right code from elsewhere still joins', async () => {
		const server = await startTestServer({
			limits: { failedJoinsPerAddress: { capacity: 3, perSecond: 0.001 } }
		});
		const session = await createSession(server);
		const guesser = loopbackAddress(0);
		const join = (from: string, code: string) =>
			requestFrom<ErrorBody>(from, `${server.url}/api/join`, { method: 'POST', body: { code } });
		for (let i = 0; i < 3; i++) expect((await join(guesser, 'ZZZZZZZZ')).status).toBe(404);
		const blocked = await join(guesser, session.joinCode);
		expect(blocked.status).toBe(429);
		expect(blocked.body.error.code).toBe('too_many_attempts');
		expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
		expect((await join(loopbackAddress(1), session.joinCode)).status).toBe(201);
	});
});

describe('the snapshot and deleting', () => {
	it('requires the facilitator key, compared as a whole', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const phone = await joinSession(server, session.joinCode);
		const path = `/api/sessions/${session.id}/snapshot`;
		const almost =
			session.facilitatorKey.slice(0, -1) + (session.facilitatorKey.endsWith('A') ? 'B' : 'A');
		expect((await api(server, 'GET', path)).status).toBe(401);
		expect((await api(server, 'GET', path, { credential: almost })).status).toBe(401);
		expect((await api(server, 'GET', path, { credential: phone.token })).status).toBe(403);
		expect((await api(server, 'GET', `/api/sessions/nope/snapshot`)).status).toBe(404);
		const ok = await api<SessionSnapshot>(server, 'GET', path, {
			credential: session.facilitatorKey
		});
		expect(ok.status).toBe(200);
		expect(ok.body).toMatchObject({
			id: session.id,
			title: 'Leersessie 1',
			joinCode: session.joinCode
		});
		expect(ok.body.options).toHaveLength(4);
		expect(ok.body.paradoxes).toHaveLength(4);
		expect(ok.headers.get('cache-control')).toBe('no-store');
	});

	it('erases the session: its sockets close, its code and tokens stop working, nothing stays stored', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const phone = await joinSession(server, session.joinCode, { perspective: 'gi' });
		const socket = connectSync(server, session.id, phone.token);
		await socket.synced;

		const other = await createSession(server, 'Andere sessie');
		expect(
			(await api(server, 'DELETE', `/api/sessions/${session.id}`, { credential: phone.token }))
				.status
		).toBe(403);
		const deleted = await api(server, 'DELETE', `/api/sessions/${session.id}`, {
			credential: session.facilitatorKey
		});
		expect(deleted.status).toBe(204);
		expect(await socket.refused).toBe(CloseCode.sessionDeleted);
		expect(
			(await api(server, 'POST', '/api/join', { body: { code: session.joinCode } })).status
		).toBe(404);
		expect(
			(
				await api(server, 'POST', `/api/sessions/${session.id}/intents`, {
					credential: phone.token,
					body: { id: 'x', type: 'participant.update', name: 'a' }
				})
			).status
		).toBe(404);

		await server.close();
		const store = openSqliteStore(server.dataDir);
		expect(store.getSession(session.id)).toBeUndefined();
		expect(store.getParticipant(session.id, phone.participantId)).toBeUndefined();
		expect(store.loadUpdates(session.id)).toEqual([]);
		expect(store.getSession(other.id)).toBeDefined();
		store.close();
	});
});

describe('intents', () => {
	async function setup() {
		const server = await startTestServer();
		const session = await createSession(server);
		const phone = await joinSession(server, session.joinCode);
		const send = (body: unknown, credential = phone.token) =>
			api<ErrorBody & { ok?: boolean; duplicate?: boolean }>(
				server,
				'POST',
				`/api/sessions/${session.id}/intents`,
				{ body, credential }
			);
		const snapshot = async () =>
			(
				await api<SessionSnapshot>(server, 'GET', `/api/sessions/${session.id}/snapshot`, {
					credential: session.facilitatorKey
				})
			).body;
		return { server, session, phone, send, snapshot };
	}

	it('applies participant.update once, and answers a replay as a duplicate without changing anything', async () => {
		const { phone, send, snapshot } = await setup();
		const first = await send({
			id: 'intent-1',
			type: 'participant.update',
			name: 'Anna',
			perspective: 'aanbieder'
		});
		expect(first.status).toBe(200);
		expect(first.body).toEqual({ ok: true });
		await send({ id: 'intent-2', type: 'participant.update', name: 'Anne' });
		const replay = await send({
			id: 'intent-1',
			type: 'participant.update',
			name: 'Anna',
			perspective: 'aanbieder'
		});
		expect(replay.body).toEqual({ ok: true, duplicate: true });
		const me = (await snapshot()).participants.find((p) => p.id === phone.participantId);
		expect(me).toMatchObject({ name: 'Anne', perspective: 'aanbieder' });
	});

	it.each([
		['a missing id', { type: 'participant.update' }, 400, 'invalid_intent'],
		[
			'a wrongly typed field',
			{ id: 'a', type: 'participant.update', name: ['x'] },
			400,
			'invalid_intent'
		],
		[
			'a huge name',
			{ id: 'a', type: 'participant.update', name: 'x'.repeat(5000) },
			400,
			'invalid_intent'
		],
		['an unknown type', { id: 'a', type: 'poll.explode' }, 400, 'unknown_intent'],
		[
			'an unknown perspective',
			{ id: 'a', type: 'participant.update', perspective: 'koning' },
			422,
			'unknown_perspective'
		]
	])('refuses %s and changes nothing', async (_label, body, status, code) => {
		const { send, snapshot } = await setup();
		const before = await snapshot();
		const response = await send(body);
		expect(response.status).toBe(status);
		expect(response.body.error.code).toBe(code);
		expect(await snapshot()).toEqual(before);
	});

	it('refuses a missing or foreign credential and a role that may not send the intent', async () => {
		const { server, session, send, snapshot } = await setup();
		const otherSession = await createSession(server, 'Andere');
		const stranger = await joinSession(server, otherSession.joinCode);
		const before = await snapshot();
		const body = { id: 'a', type: 'participant.update', name: 'Mallory' };
		expect((await send(body, '')).status).toBe(401);
		expect((await send(body, stranger.token)).status).toBe(401);
		expect((await send(body, otherSession.facilitatorKey)).status).toBe(401);
		const asFacilitator = await send(body, session.facilitatorKey);
		expect(asFacilitator.status).toBe(403);
		expect(asFacilitator.body.error.code).toBe('forbidden');
		expect(await snapshot()).toEqual(before);
	});

	it('refuses an oversized body with 413', async () => {
		const { server, session, phone } = await setup();
		const response = await api<ErrorBody>(server, 'POST', `/api/sessions/${session.id}/intents`, {
			credential: phone.token,
			rawBody: JSON.stringify({ id: 'a', type: 'participant.update', name: 'x'.repeat(100_000) })
		});
		expect(response.status).toBe(413);
		expect(response.body.error.code).toBe('payload_too_large');
	});

	it('reaches every connected client, each with what it may see', async () => {
		const { server, session, phone, send } = await setup();
		const screen = connectSync(server, session.id, session.facilitatorKey);
		const own = connectSync(server, session.id, session.facilitatorKey, { channel: 'private' });
		const phoneDoc = connectSync(server, session.id, phone.token);
		await Promise.all([screen.synced, own.synced, phoneDoc.synced]);
		await send({ id: 'i', type: 'participant.update', perspective: 'onderwijs' });
		// The facilitators' own document says who; the shared one only how many, per perspective.
		await vi.waitFor(() =>
			expect(readParticipants(own.doc).find((p) => p.id === phone.participantId)?.perspective).toBe(
				'onderwijs'
			)
		);
		for (const doc of [screen.doc, phoneDoc.doc]) {
			await vi.waitFor(() =>
				expect(readParticipation(doc)).toMatchObject({
					total: 1,
					unassigned: 0,
					byPerspective: { onderwijs: 1 }
				})
			);
			expect(readParticipants(doc)).toEqual([]);
			expect(JSON.stringify(doc.toJSON())).not.toContain(phone.participantId);
		}
	});

	it('lets a phone read its own name and perspective, which no document holds for it', async () => {
		const { server, session, phone, send } = await setup();
		await send({ id: 'me', type: 'participant.update', name: 'Anna', perspective: 'gi' });
		const me = await api<{ participant: unknown; ballots: unknown }>(
			server,
			'GET',
			`/api/sessions/${session.id}/me`,
			{ credential: phone.token }
		);
		expect(me.status).toBe(200);
		expect(me.body).toEqual({
			participant: {
				id: phone.participantId,
				name: 'Anna',
				perspective: 'gi',
				joinedAt: expect.any(Number)
			},
			ballots: {}
		});
		const asFacilitator = await api(server, 'GET', `/api/sessions/${session.id}/me`, {
			credential: session.facilitatorKey
		});
		expect(asFacilitator.status).toBe(403);
		expect((await api(server, 'GET', `/api/sessions/${session.id}/me`)).status).toBe(401);
	});
});

describe('the sync socket', () => {
	it('refuses a missing, wrong or foreign token with a named close code', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const other = await createSession(server, 'Ander');
		expect(await connectSync(server, session.id, '').refused).toBe(CloseCode.unauthorized);
		expect(await connectSync(server, session.id, 'fk_' + 'a'.repeat(43)).refused).toBe(
			CloseCode.unauthorized
		);
		expect(await connectSync(server, session.id, other.facilitatorKey).refused).toBe(
			CloseCode.unauthorized
		);
		expect(await connectSync(server, 'doesnotexist', session.facilitatorKey).refused).toBe(
			CloseCode.sessionNotFound
		);
	});

	it("drops a participant's forged update: no other client and no store ever sees it", async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const phone = await joinSession(server, session.joinCode);
		const facilitator = connectSync(server, session.id, session.facilitatorKey);
		const attacker = connectSync(server, session.id, phone.token);
		await Promise.all([facilitator.synced, attacker.synced]);

		attacker.doc.getMap('meta').set('title', 'Gehackt');
		attacker.doc.getMap('participants').set('ghost', { name: 'x', perspective: '', joinedAt: 0 });
		// A change that does come through afterwards shows the socket was not simply slow.
		await api(server, 'POST', `/api/sessions/${session.id}/intents`, {
			credential: phone.token,
			body: { id: 'later', type: 'participant.update', name: 'Echt', perspective: 'gi' }
		});
		await vi.waitFor(() => expect(readParticipation(facilitator.doc).byPerspective.gi).toBe(1));
		expect(readSnapshot(facilitator.doc, session.id).title).toBe('Leersessie 1');
		expect(facilitator.doc.getMap('participants').has('ghost')).toBe(false);

		await server.close();
		const store = openSqliteStore(server.dataDir);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, Y.mergeUpdates(store.loadUpdates(session.id)));
		store.close();
		expect(readSnapshot(stored, session.id).title).toBe('Leersessie 1');
		expect(stored.getMap('participants').has('ghost')).toBe(false);
	});

	it("refuses the facilitators' own document to a phone and to the projector with 4401", async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const phone = await joinSession(server, session.joinCode, { name: 'Anna', perspective: 'gi' });
		const screenKey = new URL(session.links.screen).hash.slice('#key='.length);
		for (const credential of [phone.token, screenKey, '']) {
			const refused = connectSync(server, session.id, credential, { channel: 'private' });
			expect(await refused.refused).toBe(CloseCode.unauthorized);
			expect(readParticipants(refused.doc)).toEqual([]);
		}
		expect(
			await connectSync(server, 'doesnotexist', session.facilitatorKey, { channel: 'private' })
				.refused
		).toBe(CloseCode.sessionNotFound);
		// The same projector key opens the shared document, which names nobody.
		const projector = connectSync(server, session.id, screenKey);
		const own = connectSync(server, session.id, session.facilitatorKey, { channel: 'private' });
		await Promise.all([projector.synced, own.synced]);
		expect(readParticipants(projector.doc)).toEqual([]);
		expect(JSON.stringify(projector.doc.toJSON())).not.toContain('Anna');
		expect(readParticipants(own.doc)).toEqual([
			expect.objectContaining({ id: phone.participantId, name: 'Anna', perspective: 'gi' })
		]);
	});

	it("never applies an update a facilitator sends on the facilitators' own document", async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const writer = connectSync(server, session.id, session.facilitatorKey, { channel: 'private' });
		const reader = connectSync(server, session.id, session.facilitatorKey, { channel: 'private' });
		await Promise.all([writer.synced, reader.synced]);
		writer.doc.getMap('participants').set('ghost', { name: 'Spook', perspective: '', joinedAt: 0 });
		writer.doc.getMap('hiddenCards').set('c1', { text: 'Verzonnen', author: 'Spook' });
		// A change the server makes afterwards reaches the other socket: it was not merely slow.
		const bo = await joinSession(server, session.joinCode, { name: 'Bo' });
		await vi.waitFor(() =>
			expect(readParticipants(reader.doc).map((p) => p.id)).toEqual([bo.participantId])
		);
		expect(reader.doc.getMap('hiddenCards').size).toBe(0);
		expect(writer.provider.wsconnected).toBe(true);
		const snapshot = await api<SessionSnapshot>(
			server,
			'GET',
			`/api/sessions/${session.id}/snapshot`,
			{ credential: session.facilitatorKey }
		);
		expect(snapshot.body.participants.map((p) => p.name)).toEqual(['Bo']);

		await server.close();
		const store = openSqliteStore(server.dataDir);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, Y.mergeUpdates(store.loadUpdates(session.id, 'private')));
		store.close();
		expect(readParticipants(stored).map((p) => p.name)).toEqual(['Bo']);
		expect(JSON.stringify(stored.toJSON())).not.toMatch(/Spook|Verzonnen/);
	});

	it('closes only the connection that sends a malformed or oversized frame', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const good = connectSync(server, session.id, session.facilitatorKey);
		await good.synced;
		const closeCodeAfter = async (payload: Buffer | string) => {
			const { socket, closed } = await openRawSync(
				server,
				`/sync/${session.id}`,
				session.facilitatorKey
			);
			socket.send(payload);
			return (await closed).code;
		};
		expect(await closeCodeAfter(Buffer.from([0, 9, 9]))).toBe(CloseCode.malformedMessage);
		expect(await closeCodeAfter('hello')).toBe(CloseCode.malformedMessage);
		expect(await closeCodeAfter(Buffer.alloc(2 * 1024 * 1024))).toBe(CloseCode.messageTooBig);
		expect(good.provider.wsconnected).toBe(true);
		expect((await api(server, 'GET', '/healthz')).status).toBe(200);
	});
});

describe('a restart', () => {
	it('keeps sessions, participants and their tokens', async () => {
		const first = await startTestServer();
		const session = await createSession(first);
		const phone = await joinSession(first, session.joinCode);
		await api(first, 'POST', `/api/sessions/${session.id}/intents`, {
			credential: phone.token,
			body: { id: 'p', type: 'participant.update', perspective: 'ervaringsdeskundige' }
		});

		const second = await first.restart();
		const client = connectSync(second, session.id, phone.token);
		const own = connectSync(second, session.id, session.facilitatorKey, { channel: 'private' });
		await Promise.all([client.synced, own.synced]);
		expect(readParticipants(own.doc)).toEqual([
			expect.objectContaining({ id: phone.participantId, perspective: 'ervaringsdeskundige' })
		]);
		expect(readParticipation(client.doc).byPerspective.ervaringsdeskundige).toBe(1);
		expect(readParticipants(client.doc)).toEqual([]);
		const replay = await api(second, 'POST', `/api/sessions/${session.id}/intents`, {
			credential: phone.token,
			body: { id: 'p', type: 'participant.update', perspective: 'anders' }
		});
		expect(replay.body).toEqual({ ok: true, duplicate: true });
		const joined = await joinSession(second, session.joinCode);
		expect(joined.sessionId).toBe(session.id);
	});
});
