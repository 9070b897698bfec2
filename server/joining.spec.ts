import { describe, expect, it } from 'vitest';
import { loopbackAddress, requestFrom } from '../tests/helpers/loopback.ts';
import { api, createSession, joinSession, startTestServer } from '../tests/helpers/test-server.ts';

const DAY = 24 * 60 * 60 * 1000;

interface Lifetime {
	joinsOpen: boolean;
	joinCodeExpiresAt: number;
	erasesAt: number;
}

/** A join from `from`, answered as it came. */
const joinFrom = (server: { url: string }, from: string, code: string) =>
	requestFrom<{ error?: { code: string; message: string } }>(from, `${server.url}/api/join`, {
		method: 'POST',
		body: { code }
	});

describe('closing a session to new participants', () => {
	it('refuses its code with joins_closed while those who joined keep taking part, until it is opened again', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const joined = await joinSession(server, session.joinCode);
		const facilitator = { credential: session.facilitatorKey };

		const closed = await api<Lifetime>(server, 'POST', `/api/sessions/${session.id}/joining`, {
			...facilitator,
			body: { open: false }
		});
		expect(closed.status).toBe(200);
		expect(closed.body.joinsOpen).toBe(false);
		const info = await api<Lifetime>(server, 'GET', `/api/sessions/${session.id}`, facilitator);
		expect(info.body.joinsOpen).toBe(false);

		// A room behind one address keeps trying: a refused right code is no wrong guess, so the
		// address is not locked out (30 wrong codes would be).
		const venue = loopbackAddress(300);
		for (let attempt = 0; attempt < 35; attempt++) {
			const refused = await joinFrom(server, venue, session.joinCode);
			expect(refused.status).toBe(409);
			expect(refused.body.error).toEqual({
				code: 'joins_closed',
				message: 'The facilitator has closed this session to new participants.'
			});
		}
		// Who joined before stays in.
		const me = await api(server, 'GET', `/api/sessions/${session.id}/me`, {
			credential: joined.token
		});
		expect(me.status).toBe(200);
		const update = await api(server, 'POST', `/api/sessions/${session.id}/intents`, {
			credential: joined.token,
			body: { id: 'naam-1', type: 'participant.update', name: 'Bram' }
		});
		expect(update.status).toBe(200);

		const reopened = await api<Lifetime>(server, 'POST', `/api/sessions/${session.id}/joining`, {
			...facilitator,
			body: { open: true }
		});
		expect(reopened.body.joinsOpen).toBe(true);
		expect((await joinFrom(server, venue, session.joinCode)).status).toBe(201);
	});

	it('is the facilitator’s alone, with a well-formed request', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const phone = await joinSession(server, session.joinCode);
		const path = `/api/sessions/${session.id}/joining`;

		expect((await api(server, 'POST', path, { body: { open: false } })).status).toBe(401);
		const asPhone = await api(server, 'POST', path, {
			credential: phone.token,
			body: { open: false }
		});
		expect(asPhone.status).toBe(403);
		for (const body of [{}, { open: 'no' }, { open: 0 }, { open: false, extra: 1 }]) {
			const bad = await api<{ error: { code: string } }>(server, 'POST', path, {
				credential: session.facilitatorKey,
				body
			});
			expect(bad.status).toBe(400);
			expect(bad.body.error.code).toBe('invalid_request');
		}
		const get = await api(server, 'GET', path, { credential: session.facilitatorKey });
		expect(get.status).toBe(405);
		expect(get.headers.get('allow')).toBe('POST');
		// None of that closed anything.
		await joinSession(server, session.joinCode);
	});
});

describe('the console’s dates', () => {
	it('are until when the code works and when the session is erased, from its last use', async () => {
		const server = await startTestServer({ retentionDays: 30 });
		const session = await createSession(server);
		const before = Date.now();
		const info = await api<Lifetime>(server, 'GET', `/api/sessions/${session.id}`, {
			credential: session.facilitatorKey
		});
		const after = Date.now();
		expect(info.body.joinsOpen).toBe(true);
		// The facilitator's call is a use of the session, so both run from now.
		expect(info.body.joinCodeExpiresAt).toBeGreaterThanOrEqual(before + 7 * DAY);
		expect(info.body.joinCodeExpiresAt).toBeLessThanOrEqual(after + 7 * DAY);
		expect(info.body.erasesAt).toBeGreaterThanOrEqual(before + 30 * DAY);
		expect(info.body.erasesAt).toBeLessThanOrEqual(after + 30 * DAY);
	});
});

describe('a join code of a session unused for the idle time', () => {
	it('answers code_expired, not counted as a guess, and works again once the facilitator opens the session', async () => {
		// The server's clock, moved on a week (the idle time) instead of waiting for it.
		let days = 0;
		const server = await startTestServer({ now: () => Date.now() + days * DAY });
		const session = await createSession(server);
		const phone = loopbackAddress(310);
		expect((await joinFrom(server, loopbackAddress(312), session.joinCode)).status).toBe(201);

		// Phones joining were no use of the session: a week after its creation the code is done.
		days = 7;
		const expired = await joinFrom(server, phone, session.joinCode);
		expect(expired.status).toBe(410);
		expect(expired.body.error?.code).toBe('code_expired');
		expect(expired.body.error?.message).toMatch(/no longer works/);
		for (let attempt = 0; attempt < 32; attempt++) {
			expect((await joinFrom(server, phone, session.joinCode)).status).toBe(410);
		}
		// A code no session has still counts as a guess, and is told apart.
		const unknown = await joinFrom(server, loopbackAddress(311), 'ABCDEFGH');
		expect(unknown.status).toBe(404);
		expect(unknown.body.error?.code).toBe('unknown_code');

		// The facilitator opens the console: the session is used now, and its code works a week.
		await api(server, 'GET', `/api/sessions/${session.id}`, { credential: session.facilitatorKey });
		expect((await joinFrom(server, phone, session.joinCode)).status).toBe(201);
		days = 14;
		expect((await joinFrom(server, phone, session.joinCode)).status).toBe(410);
	});
});
