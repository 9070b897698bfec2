import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readSnapshot } from '../../src/lib/model/session-doc';
import type {
	ConsentStep,
	DilemmaStep,
	PlanStep,
	PollStep,
	SessionSnapshot
} from '../../src/lib/model/types';
import { UNSORTED } from '../../src/lib/model/types';
import { credentialWebSocket } from '../../src/lib/sync/auth-frame';
import { CloseCode } from '../../src/lib/sync/close-codes';
import { unzip } from '../helpers/docx';
import {
	loopbackAddress,
	requestFrom,
	webSocketFrom,
	type JsonResponse
} from '../helpers/loopback';
import { bearer, sessionByApi, type CreatedSession } from './api';
import { DEFAULT_LIMITS } from '../../server/limits';
import { expect, expectAccessible, test as base } from './fixtures';
import {
	heldJoin,
	inParallel,
	joinFrom,
	openConnection,
	openFileLimit,
	openSockets,
	percentile,
	typo,
	wrongCodes,
	type ErrorBody,
	type HeldConnection
} from './limits-helpers';
import { startBoard, type BoardServer } from './server';

/**
 * Every test here runs the built server with its real limits (server/limits.ts): none is lowered
 * for testing. Simulated clients get loopback addresses of their own where a test is about many
 * clients, and share one where it is about one client or one venue's NAT.
 */
const test = base.extend<{
	/** Starts another board with extra environment; stopped when the test ends. */
	startServer: (env: Record<string, string>) => Promise<BoardServer>;
	/** Opens a page on another board, in a context of its own; closed when the test ends. */
	openPageOn: (server: BoardServer) => Promise<Page>;
}>({
	// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
	startServer: async ({}, use) => {
		const servers: BoardServer[] = [];
		await use(async (env) => {
			const server = await startBoard(env);
			servers.push(server);
			return server;
		});
		for (const server of servers) await server.stop();
	},
	openPageOn: async ({ browser }, use) => {
		const contexts: BrowserContext[] = [];
		await use(async (server) => {
			const context = await browser.newContext({ baseURL: server.url });
			contexts.push(context);
			return context.newPage();
		});
		for (const context of contexts) await context.close();
	}
});

const OPTIONS = ['ontmoetingsplaats', 'leernetwerk', 'facilitator', 'bestuurlijk-hart'];

/** The address of the one client (a phone, a script, a venue's NAT) a test is about. */
const ONE_CLIENT = '127.200.0.1';

const intentsUrl = (origin: string, sessionId: string): string =>
	`${origin}/api/sessions/${sessionId}/intents`;

/** A session with an open, live poll, made through the API. */
async function sessionWithPoll(request: APIRequestContext, title: string) {
	const made = await sessionByApi(request, title);
	await made.facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
	await made.facilitator({ type: 'step.update', stepId: 'poll', visibility: 'live' });
	await made.facilitator({ type: 'poll.open', stepId: 'poll' });
	return made;
}

/** The session as the facilitator's console reads it. */
async function snapshotOf(
	request: APIRequestContext,
	session: CreatedSession
): Promise<SessionSnapshot> {
	const response = await request.get(`/api/sessions/${session.id}/snapshot`, {
		headers: bearer(session.facilitatorKey)
	});
	expect(response.status()).toBe(200);
	return (await response.json()) as SessionSnapshot;
}

const syncUrl = (origin: string, sessionId: string): string =>
	`${origin.replace('http', 'ws')}/sync/${sessionId}`;

test('one participant token may hold two sockets: a third closes the oldest with 4409, and many do not exhaust the server', async ({
	board,
	request
}) => {
	const { session, join } = await sessionByApi(request, 'Sockets');
	const token = await join();
	const phone = await openSockets(syncUrl(board.url, session.id), token, 50, ONE_CLIENT);

	// Each new socket replaced the oldest: only the newest two are left.
	await expect.poll(() => phone.filter((held) => held.closedWith !== undefined).length).toBe(48);
	expect(phone.slice(0, 48).map((held) => held.closedWith)).toEqual(
		Array<number>(48).fill(CloseCode.replaced)
	);
	expect(phone.slice(48).map((held) => held.socket.readyState)).toEqual([
		WebSocket.OPEN,
		WebSocket.OPEN
	]);

	// A facilitator may keep a few consoles open: eight.
	const consoles = await openSockets(
		syncUrl(board.url, session.id),
		session.facilitatorKey,
		12,
		ONE_CLIENT
	);
	await expect.poll(() => consoles.filter((held) => held.closedWith !== undefined).length).toBe(4);
	expect(consoles.slice(0, 4).map((held) => held.closedWith)).toEqual(
		Array<number>(4).fill(CloseCode.replaced)
	);
	expect(consoles.slice(4).every((held) => held.socket.readyState === WebSocket.OPEN)).toBe(true);

	// The server is fine, and a phone of another session connects and syncs.
	expect((await requestFrom(loopbackAddress(7), `${board.url}/healthz`)).status).toBe(200);
	const other = await sessionByApi(request, 'Andere sessie');
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(
		`${board.url.replace('http', 'ws')}/sync`,
		other.session.id,
		doc,
		{
			WebSocketPolyfill: credentialWebSocket(await other.join(), webSocketFrom(loopbackAddress(8))),
			disableBc: true
		}
	);
	try {
		await expect.poll(() => provider.synced).toBe(true);
		expect(readSnapshot(doc, other.session.id).title).toBe('Andere sessie');
	} finally {
		provider.destroy();
		for (const held of [...phone, ...consoles]) held.socket.terminate();
	}
});

test('one address holds at most 2,500 connections; others still get in', async ({ board }) => {
	// This process and the board it started each hold all 2,510 connections open at once.
	test.skip(openFileLimit() < 4_096, 'needs `ulimit -n` of 4096 or more');
	const port = Number(new URL(board.url).port);
	const flooder = '127.201.0.1';
	const held: HeldConnection[] = [];
	try {
		// In batches, so the listen backlog never overflows (a dropped SYN is retried after 1 s).
		for (let batch = 0; batch < 2_510; batch += 250) {
			const size = Math.min(250, 2_510 - batch);
			held.push(
				...(await Promise.all(Array.from({ length: size }, () => openConnection(port, flooder))))
			);
		}
		// The server closed the ten beyond the cap as they came, and keeps the rest.
		await expect.poll(() => held.filter((c) => c.closed).length).toBe(10);
		expect(held.filter((c) => !c.closed)).toHaveLength(2_500);
		await expect(requestFrom(flooder, `${board.url}/healthz`)).rejects.toThrow();
		expect((await requestFrom(loopbackAddress(0), `${board.url}/healthz`)).status).toBe(200);
	} finally {
		for (const connection of held) connection.socket.destroy();
	}
	// Closed connections no longer count, once the server has seen them close: until then a
	// request from the flooder is still refused (a reset), which the poll waits out.
	await expect
		.poll(async () => {
			const answer = await requestFrom(flooder, `${board.url}/healthz`).catch(() => undefined);
			return answer?.status;
		})
		.toBe(200);
});

/**
 * What a vote's round trip (request to 200) may take at the 95th percentile while another
 * session's participant floods the server. On a shared 2-core machine (load 3-4) the p95 of 200
 * votes by 40 phones measured 50-134 ms without the flood and 53-124 ms during it: refusing a
 * flooded intent costs the server little. The bound leaves four times the worst for slow CI.
 */
const VOTE_P95_BOUND_MS = 500;
const FLOOD_MS = 5_000;
const VOTES_PER_PHONE = 5;

test('a participant flooding intents gets 429 with Retry-After, while votes in another session stay fast', async ({
	board,
	request
}) => {
	const attacked = await sessionWithPoll(request, 'Overspoeld');
	await attacked.facilitator({ type: 'step.add', kind: 'dilemmas' }, 'board');
	const flooder = await attacked.join();
	const quiet = await sessionWithPoll(request, 'Rustig');
	const phones: string[] = [];
	for (let i = 0; i < 40; i++) phones.push(await quiet.join());

	/** Every phone votes `VOTES_PER_PHONE` times, one after the other; returns the round trips. */
	const timeVotes = async (round: string): Promise<number[]> => {
		const times: number[] = [];
		const statuses: number[] = [];
		await Promise.all(
			phones.map(async (token, i) => {
				for (let n = 0; n < VOTES_PER_PHONE; n++) {
					const started = performance.now();
					const answer = await requestFrom(
						loopbackAddress(i),
						intentsUrl(board.url, quiet.session.id),
						{
							method: 'POST',
							credential: token,
							body: {
								id: `${round}-${n}`,
								type: 'vote.cast',
								stepId: 'poll',
								choice: OPTIONS[(i + n) % OPTIONS.length]
							}
						}
					);
					times.push(performance.now() - started);
					statuses.push(answer.status);
				}
			})
		);
		expect(statuses).toEqual(Array<number>(phones.length * VOTES_PER_PHONE).fill(200));
		return times;
	};
	const calm = await timeVotes('calm');

	// One participant token sends intents in twenty loops at once, for five seconds.
	const answers: { status: number; code?: string; retryAfter?: string }[] = [];
	let stopped = false;
	let sent = 0;
	const floodStarted = performance.now();
	const intents = [
		{ type: 'participant.update', name: 'Spam' },
		{ type: 'vote.cast', stepId: 'poll', choice: OPTIONS[0] },
		{ type: 'dilemma.post', stepId: 'board', text: 'Spam' }
	];
	const loops = Array.from({ length: 20 }, async () => {
		while (!stopped || performance.now() - floodStarted < FLOOD_MS) {
			const n = sent++;
			const answer = await requestFrom<ErrorBody>(
				ONE_CLIENT,
				intentsUrl(board.url, attacked.session.id),
				{
					method: 'POST',
					credential: flooder,
					body: { id: `flood-${n}`, ...intents[n % intents.length] }
				}
			);
			answers.push({
				status: answer.status,
				code: answer.body?.error?.code,
				retryAfter: answer.headers['retry-after'] as string | undefined
			});
		}
	});
	let flooded: number[];
	try {
		await expect.poll(() => answers.filter((a) => a.status === 429).length).toBeGreaterThan(100);
		flooded = await timeVotes('flood');
	} finally {
		stopped = true;
		await Promise.allSettled(loops);
	}
	const floodSeconds = (performance.now() - floodStarted) / 1000;

	// The flood was held to the token bucket (30 at once, then 5 a second); the rest is 429,
	// each saying to come back in a second.
	const accepted = answers.filter((a) => a.status === 200).length;
	const refused = answers.filter((a) => a.status === 429);
	expect(accepted).toBeLessThanOrEqual(30 + Math.ceil(5 * floodSeconds));
	expect(refused.length).toBe(answers.length - accepted);
	expect(refused.length / answers.length).toBeGreaterThan(0.9);
	expect(new Set(refused.map((a) => `${a.code}, Retry-After: ${a.retryAfter}`))).toEqual(
		new Set(['too_many_requests, Retry-After: 1'])
	);

	// Meanwhile the other session's votes stayed fast, and all of them counted.
	const p95 = { calm: percentile(calm, 95), flooded: percentile(flooded, 95) };
	test.info().annotations.push({
		type: 'vote round trip p95',
		description:
			`${p95.calm.toFixed(0)} ms calm, ${p95.flooded.toFixed(0)} ms during a flood of ` +
			`${answers.length} intents in ${floodSeconds.toFixed(1)} s (${accepted} accepted)`
	});
	expect(p95.flooded).toBeLessThan(VOTE_P95_BOUND_MS);
	const poll = (await snapshotOf(request, quiet.session)).steps[0] as PollStep;
	expect(poll.tally.voters).toBe(40);
});

test('guessing join codes is throttled per address, and over all addresses', async ({
	board,
	request
}) => {
	const { session } = await sessionByApi(request, 'Raden');

	// (a) One address: 30 wrong codes are heard; then not even the right code is.
	for (const code of wrongCodes(30, session.joinCode)) {
		const answer = await joinFrom(ONE_CLIENT, board.url, code);
		expect(answer.status).toBe(404);
		expect(answer.body.error?.code).toBe('unknown_code');
	}
	const blocked = await joinFrom(ONE_CLIENT, board.url, session.joinCode);
	expect(blocked.status).toBe(429);
	expect(blocked.body.error?.code).toBe('too_many_attempts');
	// The address earns one more wrong code every 20 seconds.
	expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
	expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(20);

	// (b) 600 addresses guess once each: a clean record is always heard, so all are looked at,
	// and together they reach the ceiling on wrong codes over all addresses.
	const army = Array.from({ length: 600 }, (_, i) => loopbackAddress(1_000 + i));
	const guesses = wrongCodes(1_200, session.joinCode);
	const first = await inParallel(army, 50, (from, i) => joinFrom(from, board.url, guesses[i]!));
	expect(first.map((answer) => answer.status)).toEqual(Array<number>(600).fill(404));

	// Now an address that guessed is refused before its code is looked at, even the right one.
	// The ceiling refills slowly, so only that many retries are heard.
	const { perSecond } = DEFAULT_LIMITS.failedJoins;
	const retryStarted = performance.now();
	const again = await inParallel(army, 50, (from, i) =>
		joinFrom(from, board.url, i % 2 ? session.joinCode : guesses[600 + i]!)
	);
	const retrySeconds = (performance.now() - retryStarted) / 1000;
	const refused = again.filter((answer) => answer.status === 429);
	expect(new Set(refused.map((a) => a.body.error?.code))).toEqual(new Set(['too_many_attempts']));
	for (const answer of refused) {
		const wait = Number(answer.headers['retry-after']);
		expect(wait).toBeGreaterThanOrEqual(1);
		expect(wait).toBeLessThanOrEqual(Math.ceil(1 / perSecond));
	}
	expect(again.length - refused.length).toBeLessThanOrEqual(
		2 * (Math.ceil(retrySeconds * perSecond) + 1)
	);
	expect(again.filter((answer, i) => i % 2 === 1 && answer.status === 429).length).toBeGreaterThan(
		250
	);

	// A phone that never guessed still joins.
	const fresh = await joinFrom(loopbackAddress(5_000), board.url, session.joinCode);
	expect(fresh.status).toBe(201);
});

test('wrong codes whose bodies come late are held to the same budget per address', async ({
	board,
	request
}) => {
	const { session } = await sessionByApi(request, 'Traag raden');
	// A script sends the headers of a hundred joins from one address, then all the codes.
	const held = wrongCodes(100, session.joinCode).map((code) =>
		heldJoin(ONE_CLIENT, board.url, code)
	);
	await Promise.all(held.map((join) => join.connected));
	expect((await requestFrom(loopbackAddress(0), `${board.url}/healthz`)).status).toBe(200);
	for (const join of held) join.send();
	const statuses = await Promise.all(held.map((join) => join.answer));
	expect(statuses.filter((status) => status === 404)).toHaveLength(30);
	expect(statuses.filter((status) => status === 429)).toHaveLength(70);
});

test('a room behind one NAT address keeps joining after typos', async ({ board, request }) => {
	const { session } = await sessionByApi(request, 'Zaal achter NAT');
	for (let i = 0; i < 10; i++) {
		const answer = await joinFrom(ONE_CLIENT, board.url, typo(session.joinCode, i % 8));
		expect(answer.status).toBe(404);
	}
	const joined = await inParallel(Array.from({ length: 35 }), 7, () =>
		joinFrom(ONE_CLIENT, board.url, session.joinCode)
	);
	expect(joined.map((answer) => answer.status)).toEqual(Array<number>(35).fill(201));
	expect((await snapshotOf(request, session)).participants).toHaveLength(35);
});

test('rejoining again and again cannot stuff a poll', async ({ board, request }) => {
	const { session } = await sessionWithPoll(request, 'Stembus');
	const joins: JsonResponse<{ token?: string } & Partial<ErrorBody>>[] = [];
	const votes: number[] = [];
	const started = performance.now();
	for (let i = 0; i < 100; i++) {
		const joined = await joinFrom(ONE_CLIENT, board.url, session.joinCode);
		joins.push(joined);
		if (joined.status !== 201) continue;
		const voted = await requestFrom(ONE_CLIENT, intentsUrl(board.url, session.id), {
			method: 'POST',
			credential: joined.body.token,
			body: { id: `stuff-${i}`, type: 'vote.cast', stepId: 'poll', choice: OPTIONS[0] }
		});
		votes.push(voted.status);
	}
	const seconds = (performance.now() - started) / 1000;

	// Forty joins at once, then one a second: the script got no further than that.
	const joined = joins.filter((answer) => answer.status === 201).length;
	expect(joins.slice(0, 40).map((answer) => answer.status)).toEqual(Array<number>(40).fill(201));
	expect(joined).toBeLessThanOrEqual(40 + Math.floor(seconds));
	expect(
		new Set(
			joins
				.filter((answer) => answer.status !== 201)
				.map((a) => `${a.status} ${a.body.error?.code}, Retry-After: ${a.headers['retry-after']}`)
		)
	).toEqual(new Set(['429 too_many_joins, Retry-After: 1']));
	expect(votes).toEqual(Array<number>(joined).fill(200));
	// The number of voters is published soon after a vote, not in the same moment.
	await expect
		.poll(async () => ((await snapshotOf(request, session)).steps[0] as PollStep).tally.voters)
		.toBe(joined);
});

test('creating sessions is limited per address, and the open server asks for no key', async ({
	board,
	page
}) => {
	const create = (from: string) =>
		requestFrom<ErrorBody>(from, `${board.url}/api/sessions`, {
			method: 'POST',
			body: { title: 'Nog een' }
		});
	for (let i = 0; i < 20; i++) expect((await create(ONE_CLIENT)).status).toBe(201);
	const refused = await create(ONE_CLIENT);
	expect(refused.status).toBe(429);
	expect(refused.body.error.code).toBe('too_many_sessions');
	// One more session every 30 seconds.
	expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
	expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(30);
	expect((await create(loopbackAddress(0))).status).toBe(201);

	const settings = page.waitForResponse('**/api/settings');
	await page.goto('/');
	expect(await (await settings).json()).toEqual({ organizerKeyRequired: false, signIn: false });
	await expect(page.getByLabel('Titel van de sessie')).toBeVisible();
	await expect(page.getByLabel('Organisatiesleutel')).toHaveCount(0);
});

test('with ORGANIZER_KEY set, creating a session needs one of its keys, and the start page asks for it', async ({
	startServer,
	openPageOn
}) => {
	const keys = ['sleutel-van-team-noord-2026', 'sleutel-van-team-zuid-2026'];
	const server = await startServer({ ORGANIZER_KEY: `${keys[0]}, ${keys[1]}` });
	const settings = await requestFrom(ONE_CLIENT, `${server.url}/api/settings`);
	expect(settings.body).toEqual({ organizerKeyRequired: true, signIn: false });
	const create = (credential?: string) =>
		requestFrom<ErrorBody>(ONE_CLIENT, `${server.url}/api/sessions`, {
			method: 'POST',
			body: { title: 'Met sleutel' },
			credential
		});
	for (const credential of [undefined, 'sleutel-van-team-west-2026', `${keys[0]}x`]) {
		const refused = await create(credential);
		expect(refused.status).toBe(401);
		expect(refused.body.error.code).toBe('organizer_key_required');
	}
	for (const key of keys) expect((await create(key)).status).toBe(201);
	// Keys are guessed like codes: ten wrong ones from an address, then even the right one waits.
	const guesser = loopbackAddress(7_000);
	const guess = (credential: string) =>
		requestFrom<ErrorBody>(guesser, `${server.url}/api/sessions`, {
			method: 'POST',
			body: { title: 'Geraden' },
			credential
		});
	for (let i = 0; i < 10; i++) expect((await guess(`woordenlijst-${i}-sleutel`)).status).toBe(401);
	const held = await guess(keys[0]!);
	expect(held.status).toBe(429);
	expect(held.body.error.code).toBe('too_many_attempts');

	const page = await openPageOn(server);
	await page.goto('/');
	await expect(page.getByLabel('Organisatiesleutel')).toBeVisible();
	await expectAccessible(page);
	await page.getByLabel('Titel van de sessie').fill('Leersessie met sleutel');
	await page.getByLabel('Organisatiesleutel').fill('sleutel-van-team-west-2026');
	await page.getByRole('button', { name: 'Sessie aanmaken' }).click();
	await expect(page.getByRole('alert')).toHaveText('Deze organisatiesleutel klopt niet.');
	await page.getByLabel('Organisatiesleutel').fill(keys[1]!);
	await page.getByRole('button', { name: 'Sessie aanmaken' }).click();
	await expect(page).toHaveURL(/\/f\/[A-Za-z0-9_-]+/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leersessie met sleutel');
});

test('behind a trusted proxy the forwarded address counts, and without one the header is ignored', async ({
	board,
	request,
	startServer
}) => {
	const proxied = await startServer({ TRUST_PROXY: '127.0.0.1' });
	const created = await requestFrom<CreatedSession>('127.0.0.1', `${proxied.url}/api/sessions`, {
		method: 'POST',
		body: { title: 'Achter de proxy' }
	});
	const code = created.body.joinCode;
	/** A join through the proxy, which connects from 127.0.0.1 and names the client. */
	const viaProxy = (forwardedFor: string, joinCode: string) =>
		joinFrom('127.0.0.1', proxied.url, joinCode, { 'X-Forwarded-For': forwardedFor });

	for (const guess of wrongCodes(30, code)) {
		expect((await viaProxy('203.0.113.5', guess)).status).toBe(404);
	}
	expect((await viaProxy('203.0.113.5', code)).status).toBe(429);
	// Entries left of the last one were written by the client and change nothing.
	expect((await viaProxy('198.51.100.7, 203.0.113.5', code)).status).toBe(429);
	expect((await viaProxy('203.0.113.6', code)).status).toBe(201);

	// IPv6 clients count by their /64: thirty addresses of one /64 share one budget.
	for (const [i, guess] of wrongCodes(30, code).entries()) {
		expect((await viaProxy(`2001:db8:1:2::${i + 1}`, guess)).status).toBe(404);
	}
	expect((await viaProxy('2001:db8:1:2:ffff:ffff:ffff:fffe', code)).status).toBe(429);
	expect((await viaProxy('2001:db8:1:3::1', code)).status).toBe(201);

	// Without TRUST_PROXY the header is anyone's to write: every guess counts against the socket.
	const { session } = await sessionByApi(request, 'Zonder proxy');
	for (const [i, guess] of wrongCodes(30, session.joinCode).entries()) {
		const answer = await joinFrom(ONE_CLIENT, board.url, guess, {
			'X-Forwarded-For': `198.51.100.${i + 1}`
		});
		expect(answer.status).toBe(404);
	}
	const blocked = await joinFrom(ONE_CLIENT, board.url, session.joinCode, {
		'X-Forwarded-For': '198.51.100.200'
	});
	expect(blocked.status).toBe(429);
	expect(blocked.body.error?.code).toBe('too_many_attempts');
});

test('caps per session refuse with documented codes, and change nothing', async ({ request }) => {
	const { session, send, facilitator, join } = await sessionByApi(request, 'Tot de rand');
	await facilitator({ type: 'step.add', kind: 'dilemmas' }, 'board');
	await facilitator({ type: 'step.add', kind: 'consent' }, 'consent');
	await facilitator({ type: 'step.add', kind: 'plan' }, 'plan');
	const start = await snapshotOf(request, session);
	for (let i = start.steps.length; i < 60; i++) {
		await facilitator({ type: 'step.add', kind: 'poll' }, `poll-${i}`);
	}
	const dilemmas = start.steps.find((step) => step.id === 'board') as DilemmaStep;
	for (let i = dilemmas.clusters.length; i < 30; i++) {
		await facilitator({ type: 'cluster.add', stepId: 'board', title: `Cluster ${i}` });
	}
	await facilitator({ type: 'consent.open', stepId: 'consent' });
	for (let i = 1; i < 20; i++) await facilitator({ type: 'consent.nextRound', stepId: 'consent' });
	for (let i = 0; i < 100; i++) await facilitator({ type: 'item.add', stepId: 'plan' });
	const token = await join();
	for (let i = 0; i < 30; i++) {
		await send(token, { type: 'dilemma.post', stepId: 'board', text: `Dilemma ${i}` });
	}
	const before = await snapshotOf(request, session);
	expect(before.steps).toHaveLength(60);
	expect((before.steps.find((s) => s.id === 'board') as DilemmaStep).clusters).toHaveLength(30);
	expect((before.steps.find((s) => s.id === 'consent') as ConsentStep).rounds).toHaveLength(20);
	expect((before.steps.find((s) => s.id === 'plan') as PlanStep).items).toHaveLength(100);

	let n = 0;
	const refusal = async (credential: string, intent: Record<string, unknown>) => {
		const answer = await request.post(`/api/sessions/${session.id}/intents`, {
			headers: bearer(credential),
			data: { id: `over-${n++}`, ...intent }
		});
		return { status: answer.status(), code: ((await answer.json()) as ErrorBody).error.code };
	};
	const key = session.facilitatorKey;
	expect(await refusal(key, { type: 'step.add', kind: 'poll' })).toEqual({
		status: 409,
		code: 'agenda_full'
	});
	expect(
		await refusal(key, { type: 'cluster.add', stepId: 'board', title: 'Eén te veel' })
	).toEqual({ status: 409, code: 'too_many_clusters' });
	expect(await refusal(key, { type: 'consent.nextRound', stepId: 'consent' })).toEqual({
		status: 409,
		code: 'too_many_rounds'
	});
	expect(await refusal(key, { type: 'item.add', stepId: 'plan' })).toEqual({
		status: 409,
		code: 'plan_full'
	});
	for (const intent of [
		{ type: 'dilemma.post', stepId: 'board', text: 'x'.repeat(281) },
		{ type: 'step.update', stepId: 'board', title: 'x'.repeat(121) },
		{ type: 'cluster.update', stepId: 'board', clusterId: UNSORTED, title: 'x'.repeat(81) }
	]) {
		expect(await refusal(key, intent)).toEqual({ status: 400, code: 'invalid_intent' });
	}
	// The participant spent its burst on thirty cards: each refusal waits for a token to be back.
	for (const [intent, expected] of [
		[
			{ type: 'dilemma.post', stepId: 'board', text: 'Nog één' },
			{ status: 409, code: 'too_many_cards' }
		],
		[
			{ type: 'participant.update', name: 'x'.repeat(61) },
			{ status: 400, code: 'invalid_intent' }
		]
	] as const) {
		await expect.poll(() => refusal(token, intent), { intervals: [250] }).toEqual(expected);
	}
	expect(await snapshotOf(request, session)).toEqual(before);
});

test('XML-invalid characters are stripped and prototype names refused, against the built server', async ({
	board,
	request
}) => {
	const { session, send, facilitator, join } = await sessionByApi(
		request,
		'Rare\u0001 tekens\uFFFF'
	);
	await facilitator({ type: 'step.add', kind: 'dilemmas' }, 'board');
	await facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
	await facilitator({ type: 'step.update', stepId: 'poll', mode: 'points', visibility: 'live' });
	await facilitator({ type: 'poll.open', stepId: 'poll' });
	await facilitator({ type: 'dots.open', stepId: 'board' });
	const token = await join({ name: 'Eva\u0002\uFFFE' });
	await send(token, {
		type: 'dilemma.post',
		stepId: 'board',
		text: 'Samen\uFFFE of\u0001 alleen?',
		poleA: 'Samen\u0008',
		poleB: 'Alleen\uFFFF'
	});
	const before = await snapshotOf(request, session);
	const card = (before.steps.find((s) => s.id === 'board') as DilemmaStep).cards[0]!;
	expect([card.text, card.poleA, card.poleB]).toEqual(['Samen of alleen?', 'Samen', 'Alleen']);
	expect(before.title).toBe('Rare tekens');
	expect(before.participants.map((p) => p.name)).toEqual(['Eva']);

	const exported = await request.get(`/api/sessions/${session.id}/export?format=docx`, {
		headers: bearer(session.facilitatorKey)
	});
	expect(exported.status()).toBe(200);
	const xml = unzip(await exported.body(), 'word/document.xml');
	expect(xml).toContain('Samen of alleen?');
	// eslint-disable-next-line no-control-regex
	expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD-\uFFFF]/);

	const answer = async (credential: string, rawBody: string) => {
		const response = await request.post(`/api/sessions/${session.id}/intents`, {
			headers: { ...bearer(credential), 'Content-Type': 'application/json' },
			data: rawBody
		});
		return { status: response.status(), code: ((await response.json()) as ErrorBody).error.code };
	};
	const refused = { status: 400, code: 'invalid_intent' };
	const bodies: [string, string][] = [
		[
			token,
			JSON.stringify({
				id: 'blank',
				type: 'dilemma.post',
				stepId: 'board',
				text: '\u200B\u200D\uFEFF \u2060'
			})
		],
		[
			token,
			JSON.stringify({ id: 'dot', type: 'dots.place', stepId: 'board', cardId: '__proto__' })
		],
		[token, '{"id":"points","type":"vote.cast","stepId":"poll","points":{"__proto__":3}}'],
		[token, JSON.stringify({ id: 'constructor', type: 'participant.update', name: 'Eva' })],
		[session.facilitatorKey, JSON.stringify({ id: 'prototype', type: 'step.add', kind: 'poll' })],
		[
			session.facilitatorKey,
			JSON.stringify({ id: 'cluster', type: 'cluster.add', stepId: 'constructor', title: 'X' })
		]
	];
	for (const [credential, body] of bodies) {
		expect(await answer(credential, body), body).toEqual(refused);
	}
	const joined = await requestFrom<ErrorBody>(loopbackAddress(1), `${board.url}/api/join`, {
		method: 'POST',
		body: { code: session.joinCode, perspective: '__proto__' }
	});
	expect([joined.status, joined.body.error.code]).toEqual([400, 'invalid_request']);
	expect(await snapshotOf(request, session)).toEqual(before);
});
