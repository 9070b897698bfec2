import { describe, expect, it } from 'vitest';
import { loopbackAddress, requestFrom } from '../tests/helpers/loopback.ts';
import {
	api,
	createSession,
	joinSession,
	sessionClient,
	startTestServer
} from '../tests/helpers/test-server.ts';

type ErrorBody = { error: { code: string; message: string } };

/**
 * Each limit of server/limits.ts meets its refusal here, with small limits so a test stays short;
 * tests/e2e/limits.e2e.ts tries the defaults against the built server.
 */
describe('limits', () => {
	it('refuse content once the document is at its cap, while votes still go through', async () => {
		const server = await startTestServer({ limits: { documentBytes: 12_000 } });
		const session = await createSession(server);
		const { facilitator, send } = sessionClient(server, session);
		const phone = await joinSession(server, session.joinCode);
		expect(await facilitator({ type: 'step.add', kind: 'poll' }, 'poll')).toMatchObject({
			ok: true
		});
		await facilitator({ type: 'poll.open', stepId: 'poll' });
		await facilitator({ type: 'step.add', kind: 'dilemmas' }, 'board');
		let full: unknown;
		for (let i = 0; i < 100 && !full; i++) {
			const answer = await facilitator({
				type: 'dilemma.post',
				stepId: 'board',
				text: `Dilemma ${i}: ${'enerzijds, anderzijds '.repeat(12)}`
			});
			if (answer.status !== 200) full = answer;
		}
		expect(full).toMatchObject({ status: 409, error: { code: 'document_full' } });
		expect(
			await send(phone.token, { type: 'vote.cast', stepId: 'poll', choice: 'leernetwerk' })
		).toMatchObject({ ok: true });
	});

	it('refuse a participant beyond the session cap, and a card beyond the board cap', async () => {
		const server = await startTestServer({
			limits: { participantsPerSession: 2, cardsPerBoard: 2 }
		});
		const session = await createSession(server);
		await joinSession(server, session.joinCode);
		await joinSession(server, session.joinCode);
		const third = await api<ErrorBody>(server, 'POST', '/api/join', {
			body: { code: session.joinCode }
		});
		expect(third.status).toBe(409);
		expect(third.body.error.code).toBe('session_full');

		const { facilitator, snapshot } = sessionClient(server, session);
		await facilitator({ type: 'step.add', kind: 'dilemmas' }, 'board');
		for (const text of ['Een', 'Twee']) {
			expect(await facilitator({ type: 'dilemma.post', stepId: 'board', text })).toMatchObject({
				ok: true
			});
		}
		const before = await snapshot();
		expect(
			await facilitator({ type: 'dilemma.post', stepId: 'board', text: 'Drie' })
		).toMatchObject({ status: 409, error: { code: 'board_full' } });
		expect(await snapshot()).toEqual(before);
	});

	it('hold one credential to its rate, with Retry-After, and leave other credentials alone', async () => {
		const server = await startTestServer({
			limits: {
				intentsPerCredential: {
					participant: { capacity: 3, perSecond: 0.5 },
					screen: { capacity: 3, perSecond: 0.5 },
					facilitator: { capacity: 50, perSecond: 10 }
				}
			}
		});
		const session = await createSession(server);
		const { facilitator } = sessionClient(server, session);
		await facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
		await facilitator({ type: 'poll.open', stepId: 'poll' });
		const [flooder, voter] = [
			await joinSession(server, session.joinCode),
			await joinSession(server, session.joinCode)
		];
		let count = 0;
		const vote = (token: string) =>
			api<ErrorBody>(server, 'POST', `/api/sessions/${session.id}/intents`, {
				credential: token,
				body: { id: `v${++count}`, type: 'vote.cast', stepId: 'poll', choice: 'leernetwerk' }
			});
		for (let i = 0; i < 3; i++) expect((await vote(flooder.token)).status).toBe(200);
		const refused = await vote(flooder.token);
		expect(refused.status).toBe(429);
		expect(refused.body.error.code).toBe('too_many_requests');
		const retryAfter = Number(refused.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(2);
		expect((await vote(voter.token)).status).toBe(200);
	});

	it('ask for an organizer key to create a session when the server has one', async () => {
		const server = await startTestServer({ organizerKeys: ['sleutel-van-het-netwerk-born'] });
		expect((await api(server, 'GET', '/api/settings')).body).toEqual({
			organizerKeyRequired: true,
			signIn: false
		});
		for (const credential of [undefined, 'sleutel-van-iemand-anders-xx']) {
			const refused = await api<ErrorBody>(server, 'POST', '/api/sessions', {
				body: { title: 'Leersessie' },
				credential
			});
			expect(refused.status).toBe(401);
			expect(refused.body.error.code).toBe('organizer_key_required');
		}
		const created = await api(server, 'POST', '/api/sessions', {
			body: { title: 'Leersessie' },
			credential: 'sleutel-van-het-netwerk-born'
		});
		expect(created.status).toBe(201);
		// Wrong keys are guesses: ten from one address, then it waits, right key or not.
		const guesser = loopbackAddress(3);
		const tryKey = (credential: string) =>
			requestFrom<ErrorBody>(guesser, `${server.url}/api/sessions`, {
				method: 'POST',
				body: { title: 'Leersessie' },
				credential
			});
		for (let i = 0; i < 10; i++)
			expect((await tryKey(`geraden-sleutel-${i}-xxxxx`)).status).toBe(401);
		const held = await tryKey('sleutel-van-het-netwerk-born');
		expect(held.status).toBe(429);
		expect(held.body.error.code).toBe('too_many_attempts');
		const open = await startTestServer();
		expect((await api(open, 'GET', '/api/settings')).body).toEqual({
			organizerKeyRequired: false,
			signIn: false
		});
	});

	it('limit sessions created per address', async () => {
		const server = await startTestServer({
			limits: { sessionsPerAddress: { capacity: 2, perSecond: 0.01 } }
		});
		const create = (from: string) =>
			requestFrom<ErrorBody>(from, `${server.url}/api/sessions`, {
				method: 'POST',
				body: { title: 'Sessie' }
			});
		expect((await create(loopbackAddress(0))).status).toBe(201);
		expect((await create(loopbackAddress(0))).status).toBe(201);
		const refused = await create(loopbackAddress(0));
		expect(refused.status).toBe(429);
		expect(refused.body.error.code).toBe('too_many_sessions');
		expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
		expect((await create(loopbackAddress(1))).status).toBe(201);
	});

	it('retire a join code once its facilitator has not used the session for a while, and bring it back when they do', async () => {
		let now = Date.now();
		const server = await startTestServer({ now: () => now, limits: { joinCodeIdleMs: 50 } });
		const session = await createSession(server);
		const join = () => api(server, 'POST', '/api/join', { body: { code: session.joinCode } });
		expect((await join()).status).toBe(201);
		// Phones joining do not keep it: 50 ms after the session was last used it opens nothing.
		now += 49;
		expect((await join()).status).toBe(201);
		now += 1;
		expect((await join()).status).toBe(410);
		// The facilitator opening the session makes it active again.
		await sessionClient(server, session).snapshot();
		expect((await join()).status).toBe(201);
	});
});
