import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { inProcessSession } from '../tests/helpers/in-process.ts';
import { createSession, joinSession, sessionClient } from '../tests/helpers/test-server.ts';
import { createApi } from './api.ts';
import { JoinGuard } from './join-guard.ts';
import { publishPollTally } from './kinds/poll/publish.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { createMetrics } from './metrics.ts';
import { DEFAULT_RETENTION_DAYS, retentionMs } from './retention.ts';
import { Rooms } from './rooms.ts';
import { Sessions } from './sessions.ts';
import { openSqliteStore } from './store/sqlite.ts';
import type { Store } from './store/types.ts';

/*
 * What one intent costs the server, counted rather than timed (speed itself is measured by
 * `npm run bench`): the reads and writes of the store behind a vote, and the work a publication
 * does per ballot. Each test guards a waste that was removed (issue 16, "cheaper intents").
 */

/** The store calls these tests count. */
const COUNTED = [
	'getSession',
	'getParticipant',
	'hasIntent',
	'putBallot',
	'recordIntent',
	'transaction'
] as const;
type Counted = (typeof COUNTED)[number];

/**
 * The JSON API over a real SQLite store whose calls are counted, on a real HTTP server on a free
 * loopback port; all of it closed when the test ends.
 */
async function countedApi() {
	const dataDir = mkdtempSync(join(tmpdir(), 'koersbord-cost-'));
	const real = openSqliteStore(dataDir);
	const calls = new Map<Counted, number>();
	const store: Store = { ...real };
	for (const name of COUNTED) {
		const method = real[name] as (...args: unknown[]) => unknown;
		(store as unknown as Record<Counted, unknown>)[name] = (...args: unknown[]) => {
			calls.set(name, (calls.get(name) ?? 0) + 1);
			return method(...args);
		};
	}
	const rooms = new Rooms(store, { compactAfter: 500, idleMs: 60_000 });
	const sessions = new Sessions(store, rooms);
	const handle = createApi({
		store,
		rooms,
		sessions,
		limits: DEFAULT_LIMITS,
		joinGuard: new JoinGuard(DEFAULT_LIMITS),
		organizerKeyHashes: [],
		lanOrigins: () => [],
		retentionMs: retentionMs(DEFAULT_RETENTION_DAYS),
		now: Date.now,
		log: () => {},
		metrics: createMetrics()
	});
	const server = createServer((req, res) => {
		if (!handle(req, res)) res.writeHead(404).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	onTestFinished(async () => {
		await new Promise((resolve) => server.close(resolve));
		server.closeAllConnections();
		rooms.closeAll(CloseCode.serverRestart, 'test over');
		real.close();
		rmSync(dataDir, { recursive: true, force: true });
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		/** The store calls made while `action` ran, by name (zero for none). */
		async count(action: () => Promise<unknown>): Promise<Record<Counted, number>> {
			calls.clear();
			await action();
			return Object.fromEntries(COUNTED.map((name) => [name, calls.get(name) ?? 0])) as Record<
				Counted,
				number
			>;
		}
	};
}

describe('a vote', () => {
	it('reads its participant once and its session not at all, and is stored in one transaction', async () => {
		const server = await countedApi();
		const session = await createSession(server);
		const client = sessionClient(server, session);
		const phone = await joinSession(server, session.joinCode, { perspective: 'wethouder' });
		await client.facilitator({ type: 'step.add', kind: 'poll' }, 'p');
		await client.facilitator({ type: 'poll.open', stepId: 'p' });
		for (const choice of ['leernetwerk', 'facilitator']) {
			const vote = { type: 'vote.cast', stepId: 'p', choice };
			const calls = await server.count(async () => {
				expect((await client.send(phone.token, vote)).ok).toBe(true);
			});
			// The participant's row proves the session exists: it is deleted with it.
			expect(calls).toEqual({
				getSession: 0,
				getParticipant: 1,
				hasIntent: 1,
				putBallot: 1,
				recordIntent: 1,
				transaction: 1
			});
		}
	});

	it('that comes again is answered as a duplicate, from the same reads', async () => {
		const server = await countedApi();
		const session = await createSession(server);
		const client = sessionClient(server, session);
		const phone = await joinSession(server, session.joinCode);
		await client.facilitator({ type: 'step.add', kind: 'poll' }, 'p');
		await client.facilitator({ type: 'poll.open', stepId: 'p' });
		const vote = { type: 'vote.cast', stepId: 'p', choice: 'leernetwerk' };
		expect((await client.send(phone.token, vote, 'v1')).ok).toBe(true);
		const calls = await server.count(async () => {
			expect((await client.send(phone.token, vote, 'v1')).duplicate).toBe(true);
		});
		expect(calls).toMatchObject({ getSession: 0, getParticipant: 1, hasIntent: 1, putBallot: 0 });
	});

	it('costs a facilitator’s intent one read of the session, which holds their key', async () => {
		const server = await countedApi();
		const session = await createSession(server);
		const client = sessionClient(server, session);
		const calls = await server.count(async () => {
			expect((await client.facilitator({ type: 'step.add', kind: 'poll' })).ok).toBe(true);
		});
		expect(calls).toMatchObject({ getSession: 1, getParticipant: 0 });
	});

	it('with a credential that opens nothing still tells a missing session from a wrong key', async () => {
		const server = await countedApi();
		const session = await createSession(server);
		const client = sessionClient(server, session);
		const phone = await joinSession(server, session.joinCode);
		const vote = { type: 'vote.cast', stepId: 'p', choice: 'leernetwerk' };
		const wrong = `${phone.token.slice(0, -4)}AAAA`;
		expect((await client.send(wrong, vote)).error?.code).toBe('unauthorized');
		const elsewhere = sessionClient(server, { ...session, id: 'no-such-session' });
		expect((await elsewhere.send(phone.token, vote)).error?.code).toBe('session_not_found');
	});
});

describe('a publication', () => {
	it('does not serialize every ballot again to release the counts', () => {
		const core = inProcessSession({ dataDir: ':memory:' });
		const voters = 200;
		const people = Array.from({ length: voters }, () => core.join());
		expect(core.facilitator({ type: 'step.add', kind: 'poll' }, 'p').status).toBe(200);
		expect(core.facilitator({ type: 'poll.open', stepId: 'p' }).status).toBe(200);
		for (const [i, person] of people.entries()) {
			const choice = i % 2 ? 'leernetwerk' : 'facilitator';
			expect(core.send(person.actor, { type: 'vote.cast', stepId: 'p', choice }).status).toBe(200);
		}
		core.flush();
		const room = core.room();
		const stringify = vi.spyOn(JSON, 'stringify');
		onTestFinished(() => stringify.mockRestore());
		room.transact(() => publishPollTally(room, 'p', 'now'));
		// The release rule compares each ballot as it was cast (kept with it); a few calls compare
		// the tallies. Neither grows with the room.
		expect(stringify.mock.calls.length).toBeLessThan(voters / 10);
	});
});

describe('joining', () => {
	it('counts the room per perspective without sorting it', () => {
		const core = inProcessSession({ dataDir: ':memory:' });
		const participants = 100;
		for (let i = 0; i < participants; i++) core.join({ perspective: 'wethouder' });
		const sort = vi.spyOn(Array.prototype, 'sort');
		onTestFinished(() => sort.mockRestore());
		core.join({ perspective: 'gi' });
		const sortedLengths = sort.mock.contexts.map((array) => (array as unknown[]).length);
		expect(sortedLengths.filter((length) => length > participants)).toEqual([]);
	});
});
