import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { api, createSession, joinSession, startTestServer } from '../tests/helpers/test-server.ts';
import { loopbackAddress, requestFrom } from '../tests/helpers/loopback.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';
import { configFromEnv } from './config.ts';
import { ERASURE_LOG_FILE, openErasureLog } from './erasure-log.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { createPeer, type Actor } from './peer.ts';
import { Retention, retentionMs } from './retention.ts';
import { Rooms } from './rooms.ts';
import { Sessions } from './sessions.ts';
import { DATABASE_FILE, openSqliteStore } from './store/sqlite.ts';

const DAY = 24 * 60 * 60 * 1000;

/** How often `text` is in the database file and in its write-ahead log. */
function onDisk(dataDir: string, text: string): { database: number; log: number } {
	const count = (file: string): number => {
		if (!existsSync(file)) return 0;
		const bytes = readFileSync(file);
		let n = 0;
		for (let at = bytes.indexOf(text); at >= 0; at = bytes.indexOf(text, at + 1)) n++;
		return n;
	};
	const database = join(dataDir, DATABASE_FILE);
	return { database: count(database), log: count(`${database}-wal`) };
}

/**
 * The server's core on a real SQLite file with its erasure log, on a clock the test moves:
 * `clock.now` starts at the real time; sessions, rooms and retention all go by it.
 */
function core(extra: { afterSweep?: (cutoff: number) => void } = {}) {
	const dataDir = mkdtempSync(join(tmpdir(), 'koersbord-retention-'));
	const clock = { now: Date.now() };
	const store = openSqliteStore(dataDir);
	const rooms = new Rooms(store, {
		compactAfter: 500,
		idleMs: 60_000,

		now: () => clock.now
	});
	const sessions = new Sessions(store, rooms, () => clock.now, openErasureLog(dataDir));
	const logged: string[] = [];
	const retention = new Retention(store, rooms, sessions, {
		retentionMs: retentionMs(90),
		now: () => clock.now,
		batchSize: 2,
		log: (message) => logged.push(message),
		...extra
	});
	onTestFinished(() => {
		retention.stop();
		rooms.closeAll(CloseCode.serverRestart, 'test over');
		store.close();
		rmSync(dataDir, { recursive: true, force: true });
	});
	const create = (title: string): string =>
		sessions.create({ title, template: 'born', locale: 'nl', agenda: 'empty' }).id;
	const erasureLines = (): string[] => {
		const file = join(dataDir, ERASURE_LOG_FILE);
		return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
	};
	return { dataDir, clock, store, rooms, sessions, retention, logged, create, erasureLines };
}

describe('retention', () => {
	it('hands each sweep its cut-off afterwards, for organizers who have nothing left to organize', async () => {
		const cutoffs: number[] = [];
		const { clock, retention } = core({ afterSweep: (cutoff) => cutoffs.push(cutoff) });
		retention.start();
		await vi.waitFor(() => expect(cutoffs).toEqual([clock.now - 90 * DAY]));
	});

	it('erases a session unused for longer than RETENTION_DAYS completely, database and WAL, and logs its id, time and reason only', async () => {
		const { dataDir, clock, store, rooms, sessions, retention, create, erasureLines } = core();
		const name = 'Anna Bewaartermijn-Verbeek';
		const old = create('Oude sessie');
		sessions.join(old, { name }, DEFAULT_LIMITS.participantsPerSession);
		const recent = create('Recente sessie');
		// Every room is unloaded, as after a quiet minute; then `recent` is used 80 days on.
		rooms.closeAll(CloseCode.serverRestart, 'idle');
		store.touchSession(recent, clock.now + 80 * DAY);
		expect(onDisk(dataDir, name).database + onDisk(dataDir, name).log).toBeGreaterThan(0);

		// 90 days pass: not yet. A day later the old one goes; the recent one has 79 days left.
		clock.now += 90 * DAY - 1000;
		expect(await retention.sweep()).toBe(0);
		clock.now += DAY;
		expect(await retention.sweep()).toBe(1);

		expect(sessions.exists(old)).toBe(false);
		expect(store.loadUpdates(old, 'private')).toEqual([]);
		expect(sessions.exists(recent)).toBe(true);
		expect(onDisk(dataDir, name)).toEqual({ database: 0, log: 0 });
		expect(erasureLines()).toEqual([
			JSON.stringify({ id: old, at: new Date(clock.now).toISOString(), reason: 'retention' })
		]);
		expect(erasureLines().join('\n')).not.toMatch(/Oude sessie|Anna|Bewaartermijn/);
	});

	it('keeps a session while a console is connected, however old its mark; a projector and a phone connected keep nothing and are closed with it', async () => {
		const { clock, store, rooms, sessions, retention, create } = core();
		const created = clock.now;
		const id = create('Live sessie');
		const { participantId } = sessions.join(id, {}, DEFAULT_LIMITS.participantsPerSession);
		const closed: string[] = [];
		const peer = (actor: Actor) =>
			createPeer(
				{ send: () => {}, close: (code) => void closed.push(`${actor.role} ${code}`) },
				actor
			);
		const room = rooms.get(id);
		rooms.join(room, peer({ role: 'screen', key: 'screen' }));
		rooms.join(room, peer({ role: 'participant', key: `p:${participantId}`, participantId }));
		// Loading the room, a projector and a phone connecting: none of them is a use.
		clock.now += DAY;
		sessions.join(id, {}, DEFAULT_LIMITS.participantsPerSession);
		expect(store.getSession(id)?.lastActiveAt).toBe(created);

		// A console connects ten days on: that is a use, and so is all the time it stays.
		clock.now = created + 10 * DAY;
		const consolePeer = peer({ role: 'facilitator', key: 'facilitator' });
		rooms.join(room, consolePeer);
		expect(store.getSession(id)?.lastActiveAt).toBe(created + 10 * DAY);
		clock.now += 200 * DAY;
		expect(await retention.sweep()).toBe(0);
		// It goes: the session was last used then.
		rooms.leave(room, consolePeer);
		expect(store.getSession(id)?.lastActiveAt).toBe(created + 210 * DAY);

		clock.now += 90 * DAY - 1000;
		expect(await retention.sweep()).toBe(0);
		clock.now += DAY;
		// The room is still loaded, with a projector and a phone in it: erased all the same.
		expect(rooms.peek(id)).toBeDefined();
		expect(await retention.sweep()).toBe(1);
		expect(sessions.exists(id)).toBe(false);
		expect(closed).toEqual([
			`screen ${CloseCode.sessionDeleted}`,
			`participant ${CloseCode.sessionDeleted}`
		]);
	});

	it('counts from a facilitator’s or organizer’s use (Sessions.markUsed), not from a phone joining', async () => {
		const { clock, store, sessions, retention, create } = core();
		const id = create('Gebruikt');
		clock.now += 80 * DAY;
		sessions.markUsed(id);
		clock.now += 5 * DAY;
		sessions.join(id, {}, DEFAULT_LIMITS.participantsPerSession);
		expect(store.getSession(id)?.lastActiveAt).toBe(clock.now - 5 * DAY);
		expect(sessions.lifetime(id, { joinCodeIdleMs: 7 * DAY, retentionMs: 90 * DAY })).toEqual({
			joinsOpen: true,
			joinCodeExpiresAt: clock.now + 2 * DAY,
			erasesAt: clock.now + 85 * DAY
		});
		clock.now += 84 * DAY;
		expect(await retention.sweep()).toBe(0);
		clock.now += 2 * DAY;
		expect(await retention.sweep()).toBe(1);
	});

	it('erases in small batches, giving the event loop its turn in between', async () => {
		const { clock, rooms, sessions, retention, create } = core();
		const ids = ['een', 'twee', 'drie', 'vier', 'vijf'].map(create);
		rooms.closeAll(CloseCode.serverRestart, 'idle');
		clock.now += 100 * DAY;

		// Other work waiting for the event loop: it notes how many sessions are left each turn.
		const left = (): number => ids.filter((id) => sessions.exists(id)).length;
		const seen: number[] = [];
		let done = false;
		const other = (): void => {
			if (done) return;
			seen.push(left());
			setImmediate(other);
		};
		setImmediate(other);
		const sweeping = retention.sweep();
		// The first batch (two) is erased at once, the rest a batch per turn of the loop.
		expect(left()).toBe(3);
		// Asked for again while it runs, the same sweep answers.
		expect(retention.sweep()).toBe(sweeping);
		expect(await sweeping).toBe(5);
		done = true;
		expect(seen).toEqual([3, 1]);
		expect(ids.filter((id) => sessions.exists(id))).toEqual([]);
	});

	it('contains a failure: said once, nothing erased without its line in the log, tried again next time', async () => {
		const { dataDir, clock, rooms, sessions, retention, logged, create } = core();
		const ids = [create('a'), create('b'), create('c')];
		rooms.closeAll(CloseCode.serverRestart, 'idle');
		clock.now += 100 * DAY;
		// The log cannot be appended to (a directory where the file should be).
		const logPath = join(dataDir, ERASURE_LOG_FILE);
		mkdirSync(logPath);

		retention.start();
		await expect.poll(() => logged).toEqual([expect.stringMatching(/^retention: 3 session/)]);
		expect(ids.every((id) => sessions.exists(id))).toBe(true);

		rmSync(logPath, { recursive: true });
		expect(await retention.sweep()).toBe(3);
		expect(ids.some((id) => sessions.exists(id))).toBe(false);
	});

	it('is a whole number of days from 1 to 3650 in RETENTION_DAYS, 90 when unset', () => {
		expect(configFromEnv({}).retentionDays).toBe(90);
		expect(configFromEnv({ RETENTION_DAYS: '' }).retentionDays).toBe(90);
		expect(configFromEnv({ RETENTION_DAYS: '1' }).retentionDays).toBe(1);
		expect(configFromEnv({ RETENTION_DAYS: '3650' }).retentionDays).toBe(3650);
		expect(configFromEnv({ RETENTION_DAYS: ' 30 ' }).retentionDays).toBe(30);
		for (const wrong of ['0', '3651', '-5', '1.5', '90d', 'ninety', '1e3', '0x10']) {
			expect(() => configFromEnv({ RETENTION_DAYS: wrong })).toThrow(
				`RETENTION_DAYS must be a whole number of days from 1 to 3650, not "${wrong}"`
			);
		}
	});
});

describe('tombstones', () => {
	it('at start, every stored session the erasure log names is erased again, and the log says so', async () => {
		const server = await startTestServer();
		const erased = await createSession(server, 'Terug uit een back-up');
		const kept = await createSession(server, 'Blijft');
		await server.close();
		// As after a restore: the database holds a session the log says was erased.
		openErasureLog(server.dataDir).record(erased.id, Date.now() - DAY, 'facilitator');

		const restarted = await startTestServer({}, server.dataDir);
		const gone = await api(restarted, 'GET', `/api/sessions/${erased.id}`, {
			credential: erased.facilitatorKey
		});
		expect(gone.status).toBe(404);
		const lines = readFileSync(join(server.dataDir, ERASURE_LOG_FILE), 'utf8').trim().split('\n');
		expect(lines.map((line) => JSON.parse(line) as { id: string; reason: string })).toEqual([
			expect.objectContaining({ id: erased.id, reason: 'facilitator' }),
			expect.objectContaining({ id: erased.id, reason: 'tombstone' })
		]);
		await joinSession(restarted, kept.joinCode);

		// Once erased, the next start finds nothing to do and adds no line.
		const again = await restarted.restart();
		expect(readFileSync(join(again.dataDir, ERASURE_LOG_FILE), 'utf8').trim().split('\n')).toEqual(
			lines
		);
	});
});

describe('what counts as use', () => {
	it('is a facilitator’s doing: a projector left on, a results link read and a phone reconnecting keep neither a session nor its code', async () => {
		let days = 0;
		const server = await startTestServer({
			now: () => Date.now() + days * DAY,
			retentionSweepMs: 50
		});
		const joinFrom = (from: string, code: string) =>
			requestFrom<{ error?: { code: string } }>(from, `${server.url}/api/join`, {
				method: 'POST',
				body: { code }
			});
		const keyOf = (link: string): string => new URL(link).hash.replace(/^#key=/, '');
		const left = await createSession(server, 'Projector blijft aan');
		const used = await createSession(server, 'Facilitator komt terug');
		const open = await createSession(server, 'Console staat open');

		const made = await api<{ url: string }>(
			server,
			'POST',
			`/api/sessions/${left.id}/results-link`,
			{
				credential: left.facilitatorKey
			}
		);
		const resultsKey = keyOf(made.body.url);
		const projector = connectSync(server, left.id, keyOf(left.links.screen), {
			from: loopbackAddress(400)
		});
		const joined = await joinSession(server, left.joinCode);
		let phone = connectSync(server, left.id, joined.token, { from: loopbackAddress(401) });
		const consoleSocket = connectSync(server, open.id, open.facilitatorKey, {
			from: loopbackAddress(402)
		});
		await Promise.all([projector.synced, phone.synced, consoleSocket.synced]);

		// A week on the code no longer works, though a projector and a phone were there all along;
		// the code of the session whose console is open does.
		days = 7;
		expect((await joinFrom(loopbackAddress(403), left.joinCode)).body.error?.code).toBe(
			'code_expired'
		);
		expect((await joinFrom(loopbackAddress(403), open.joinCode)).status).toBe(201);

		// 80 days on the results link is read and the phone comes back; the other facilitator
		// opens their console through the API.
		days = 80;
		const results = await api(server, 'GET', `/api/results/${left.id}`, { credential: resultsKey });
		expect(results.status).toBe(200);
		phone.provider.destroy();
		phone = connectSync(server, left.id, joined.token, { from: loopbackAddress(401) });
		await phone.synced;
		const opened = await api(server, 'GET', `/api/sessions/${used.id}`, {
			credential: used.facilitatorKey
		});
		expect(opened.status).toBe(200);

		// 91 days after its last use the session goes, its projector and phone closed with it.
		days = 91;
		expect(await projector.refused).toBe(CloseCode.sessionDeleted);
		expect(await phone.refused).toBe(CloseCode.sessionDeleted);
		const gone = await api(server, 'GET', `/api/sessions/${left.id}`, {
			credential: left.facilitatorKey
		});
		expect(gone.status).toBe(404);
		// The sweep that erased it kept the others: one used 11 days ago, one with its console open.
		const lines = readFileSync(join(server.dataDir, ERASURE_LOG_FILE), 'utf8').trim().split('\n');
		expect(lines.map((line) => JSON.parse(line) as { id: string; reason: string })).toEqual([
			expect.objectContaining({ id: left.id, reason: 'retention' })
		]);
		for (const kept of [used, open]) {
			const info = await api(server, 'GET', `/api/sessions/${kept.id}`, {
				credential: kept.facilitatorKey
			});
			expect(info.status).toBe(200);
		}
		expect((await joinFrom(loopbackAddress(404), open.joinCode)).status).toBe(201);
	});
});
