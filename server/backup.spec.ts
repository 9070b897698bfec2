import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loopbackAddress, requestFrom } from '../tests/helpers/loopback.ts';
import { api, createSession, joinSession, startTestServer } from '../tests/helpers/test-server.ts';
import * as scripts from '../scripts/data-dir.mjs';
import { ERASURE_LOG_FILE, ERASURE_REASONS } from './erasure-log.ts';
import { DATABASE_FILE } from './store/sqlite.ts';

interface Outcome {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs `npm run <command> -- ...args` as an operator would (node on the script, as npm does). */
function command(
	name: 'backup' | 'restore',
	args: string[],
	env: { DATA_DIR: string; INIT_CWD?: string }
): Promise<Outcome> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[`scripts/${name}.mjs`, ...args],
			{ env: { ...process.env, ...env } },
			(error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr })
		);
	});
}

function scratch(): string {
	const dir = mkdtempSync(join(tmpdir(), 'koersbord-backups-'));
	onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** The backup's own word on itself: SQLite's integrity check, and its sessions' participants. */
function readBackup(file: string): { integrity: string; participants: Record<string, number> } {
	const db = new Database(file, { readonly: true, fileMustExist: true });
	try {
		const integrity = db.pragma('integrity_check', { simple: true }) as string;
		const rows = db
			.prepare(
				'SELECT s.id AS id, count(p.id) AS n FROM sessions s LEFT JOIN participants p ON p.session_id = s.id GROUP BY s.id'
			)
			.all() as { id: string; n: number }[];
		return { integrity, participants: Object.fromEntries(rows.map((row) => [row.id, row.n])) };
	} finally {
		db.close();
	}
}

/** How often `text` is in the database file and its write-ahead log. */
function onDisk(dataDir: string, text: string): number {
	let n = 0;
	for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`].map((f) => join(dataDir, f))) {
		if (!existsSync(file)) continue;
		const bytes = readFileSync(file);
		for (let at = bytes.indexOf(text); at >= 0; at = bytes.indexOf(text, at + 1)) n++;
	}
	return n;
}

describe('backup and restore', () => {
	it('copies a running server’s database while a room joins; a restore brings it back, and what was erased since is erased again', async () => {
		const server = await startTestServer();
		const backups = scratch();
		const kept = await createSession(server, 'Blijft bewaard');
		const erased = await createSession(server, 'Wordt gewist');
		const anna = await joinSession(server, kept.joinCode, { name: 'Anna Voor-de-backup' });
		await joinSession(server, erased.joinCode, { name: 'Bram Na-het-wissen' });

		// A room keeps joining (each join a write) while the backup runs.
		let joined = 0;
		let writing = true;
		const tokens: string[] = [];
		const room = (async () => {
			for (let phone = 0; writing && phone < 1_500; phone++) {
				const answer = await requestFrom<{ token: string }>(
					loopbackAddress(2_000 + phone),
					`${server.url}/api/join`,
					{ method: 'POST', body: { code: kept.joinCode } }
				);
				expect(answer.status).toBe(201);
				tokens.push(answer.body.token);
				joined++;
			}
		})();
		await expect.poll(() => joined).toBeGreaterThan(5);
		const atStart = joined;
		const file = join(backups, 'koersbord-1.sqlite');
		const backup = await command('backup', [file], { DATA_DIR: server.dataDir });
		const atEnd = joined;
		writing = false;
		await room;

		expect(backup).toMatchObject({ code: 0, stderr: '' });
		expect(backup.stdout).toContain(`Backed up 2 session(s) from ${server.dataDir}`);
		expect(atEnd, 'phones joined while the backup ran').toBeGreaterThan(atStart);
		const copy = readBackup(file);
		expect(copy.integrity).toBe('ok');
		// One moment's copy: every phone that had joined when it began, none after it ended.
		expect(copy.participants[erased.id]).toBe(1);
		expect(copy.participants[kept.id]).toBeGreaterThanOrEqual(1 + atStart);
		expect(copy.participants[kept.id]).toBeLessThanOrEqual(1 + atEnd);
		// Personal data: for the server's user only.
		expect(statSync(file).mode & 0o777).toBe(0o600);
		// The erasure log goes with it (nothing erased yet), and no work file is left behind.
		expect(readFileSync(`${file}.erasures.log`, 'utf8')).toBe('');
		expect(statSync(`${file}.erasures.log`).mode & 0o777).toBe(0o600);
		expect(readdirSync(backups).sort()).toEqual([
			'koersbord-1.sqlite',
			'koersbord-1.sqlite.erasures.log'
		]);

		// After the backup, the facilitator erases one session.
		const deleted = await api(server, 'DELETE', `/api/sessions/${erased.id}`, {
			credential: erased.facilitatorKey
		});
		expect(deleted.status).toBe(204);

		// A restore waits for the server to stop.
		const tooSoon = await command('restore', [file], { DATA_DIR: server.dataDir });
		expect(tooSoon.code).toBe(1);
		expect(tooSoon.stderr).toMatch(/open in another process: stop the server/);

		await server.close();
		const restore = await command('restore', [file], { DATA_DIR: server.dataDir });
		expect(restore).toMatchObject({ code: 0, stderr: '' });
		expect(restore.stdout).toContain('Restored 2 session(s)');
		expect(restore.stdout).toContain(`Added 0 erasure(s) from ${file}.erasures.log`);
		expect(restore.stdout).toContain('1 of them were erased after the backup was made');
		// The restored file holds the erased session again, until the server starts.
		expect(onDisk(server.dataDir, 'Bram Na-het-wissen')).toBeGreaterThan(0);

		const restarted = await startTestServer({}, server.dataDir);
		const gone = await api(restarted, 'GET', `/api/sessions/${erased.id}`, {
			credential: erased.facilitatorKey
		});
		expect(gone.status).toBe(404);
		expect(onDisk(server.dataDir, 'Bram Na-het-wissen')).toBe(0);
		const log = readFileSync(join(server.dataDir, ERASURE_LOG_FILE), 'utf8');
		expect(
			log
				.trim()
				.split('\n')
				.map((line) => JSON.parse(line) as object)
		).toEqual([
			{ id: erased.id, at: expect.any(String), reason: 'facilitator' },
			{ id: erased.id, at: expect.any(String), reason: 'tombstone' }
		]);

		// The other session is as it was at the backup: its participants, and it takes new ones.
		const session = await api<{ title: string }>(restarted, 'GET', `/api/sessions/${kept.id}`, {
			credential: kept.facilitatorKey
		});
		expect(session.body.title).toBe('Blijft bewaard');
		const me = await api<{ participant: { name: string } }>(
			restarted,
			'GET',
			`/api/sessions/${kept.id}/me`,
			{ credential: anna.token }
		);
		expect(me.body.participant.name).toBe('Anna Voor-de-backup');
		const lastToJoin = await api(restarted, 'GET', `/api/sessions/${kept.id}/me`, {
			credential: tokens.at(-1)
		});
		expect(lastToJoin.status, 'a phone that joined after the backup').toBe(401);
		await joinSession(restarted, kept.joinCode);
	});

	it('refuses to overwrite a file, and says what is wrong when it cannot back up', async () => {
		const server = await startTestServer();
		await createSession(server);
		const backups = scratch();
		const existing = join(backups, 'bestaat.sqlite');
		writeFileSync(existing, 'earlier backup');
		const env = { DATA_DIR: server.dataDir };

		const overwrite = await command('backup', [existing], env);
		expect(overwrite.code).toBe(1);
		expect(overwrite.stderr).toBe(`koersbord: ${existing} exists already; choose a new name\n`);
		expect(readFileSync(existing, 'utf8')).toBe('earlier backup');

		expect((await command('backup', [], env)).stderr).toMatch(/usage: npm run backup -- FILE/);
		const noDir = await command('backup', [join(backups, 'nergens', 'b.sqlite')], env);
		expect(noDir.code).toBe(1);
		expect(noDir.stderr).toMatch(/nergens does not exist/);
		const noData = await command('backup', [join(backups, 'leeg.sqlite')], {
			DATA_DIR: join(backups, 'geen-data')
		});
		expect(noData.code).toBe(1);
		expect(noData.stderr).toMatch(/there is no database at .*geen-data/);
		expect(noData.stderr).not.toMatch(/\n\s+at /);

		// A relative name is taken from where the command was typed (npm's INIT_CWD).
		const relative = await command('backup', ['relatief.sqlite'], { ...env, INIT_CWD: backups });
		expect(relative.code).toBe(0);
		expect(readBackup(join(backups, 'relatief.sqlite')).integrity).toBe('ok');
	});

	it('restores only a whole Koersbord database, leaving the current one as it was', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		await server.close();
		const files = scratch();
		const env = { DATA_DIR: server.dataDir };

		const text = join(files, 'tekst.sqlite');
		writeFileSync(text, 'this is no database at all, but long enough to look like a file');
		const notSqlite = await command('restore', [text], env);
		expect(notSqlite.code).toBe(1);
		expect(notSqlite.stderr).toMatch(/is not an SQLite database/);

		const other = join(files, 'ander.sqlite');
		const db = new Database(other);
		db.exec('CREATE TABLE sessions (id TEXT PRIMARY KEY, title TEXT)');
		db.close();
		const foreign = await command('restore', [other], env);
		expect(foreign.code).toBe(1);
		expect(foreign.stderr).toMatch(/is not a Koersbord database: table "sessions" lacks join_code/);

		const missing = await command('restore', [join(files, 'weg.sqlite')], env);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/there is no file/);

		const restarted = await startTestServer({}, server.dataDir);
		const still = await api(restarted, 'GET', `/api/sessions/${session.id}`, {
			credential: session.facilitatorKey
		});
		expect(still.status).toBe(200);
	});

	it('name the server’s files as the server does', () => {
		expect(scripts.DATABASE_FILE).toBe(DATABASE_FILE);
		expect(scripts.ERASURE_LOG_FILE).toBe(ERASURE_LOG_FILE);
		expect(scripts.ERASURE_REASONS).toEqual(ERASURE_REASONS);
	});

	it('carries the erasure log: a restore on a new machine keeps what was erased, also for an older backup', async () => {
		const server = await startTestServer();
		const backups = scratch();
		const erased = await createSession(server, 'Wordt gewist');
		const kept = await createSession(server, 'Blijft');
		await joinSession(server, erased.joinCode, { name: 'Carla Gewist' });
		const older = join(backups, 'ouder.sqlite');
		expect((await command('backup', [older], { DATA_DIR: server.dataDir })).code).toBe(0);
		const deleted = await api(server, 'DELETE', `/api/sessions/${erased.id}`, {
			credential: erased.facilitatorKey
		});
		expect(deleted.status).toBe(204);
		const newer = join(backups, 'nieuwer.sqlite');
		expect((await command('backup', [newer], { DATA_DIR: server.dataDir })).code).toBe(0);
		const serverLog = readFileSync(join(server.dataDir, ERASURE_LOG_FILE), 'utf8');
		expect(readFileSync(`${newer}.erasures.log`, 'utf8')).toBe(serverLog);
		await server.close();

		// A new machine: an empty DATA_DIR. The newer backup brings its erasures along.
		const fresh = join(scratch(), 'data');
		const first = await command('restore', [newer], { DATA_DIR: fresh });
		expect(first).toMatchObject({ code: 0, stderr: '' });
		expect(first.stdout).toContain('Restored 1 session(s)');
		expect(first.stdout).toContain('Added 1 erasure(s)');
		expect(readFileSync(join(fresh, ERASURE_LOG_FILE), 'utf8')).toBe(serverLog);
		expect(statSync(join(fresh, ERASURE_LOG_FILE)).mode & 0o777).toBe(0o600);
		expect(statSync(join(fresh, DATABASE_FILE)).mode & 0o777).toBe(0o600);

		// Then the older one, made before the erasure: the new machine's log knows, and nothing
		// is added twice (a union).
		const second = await command('restore', [older], { DATA_DIR: fresh });
		expect(second.stdout).toContain('Restored 2 session(s)');
		expect(second.stdout).toContain('Added 0 erasure(s)');
		expect(second.stdout).toContain('1 of them were erased after the backup was made');
		expect(readFileSync(join(fresh, ERASURE_LOG_FILE), 'utf8')).toBe(serverLog);

		const started = await startTestServer({}, fresh);
		const gone = await api(started, 'GET', `/api/sessions/${erased.id}`, {
			credential: erased.facilitatorKey
		});
		expect(gone.status).toBe(404);
		expect(onDisk(fresh, 'Carla Gewist')).toBe(0);
		const still = await api(started, 'GET', `/api/sessions/${kept.id}`, {
			credential: kept.facilitatorKey
		});
		expect(still.status).toBe(200);
	});

	it('merges a backup’s log after a line a crash cut off, each id once', async () => {
		const server = await startTestServer();
		await createSession(server);
		const file = join(scratch(), 'b.sqlite');
		expect((await command('backup', [file], { DATA_DIR: server.dataDir })).code).toBe(0);
		await server.close();
		const line = (id: string, reason = 'retention') =>
			JSON.stringify({ id, at: '2026-03-01T09:30:00.000Z', reason });
		writeFileSync(
			`${file}.erasures.log`,
			[line('al_bekend'), 'kapot', line('nieuw_een'), line('nieuw_een', 'tombstone')].join('\n') +
				`\n{"id":"nieuw_twee","at":"2026-03-01T09:30:00.000Z","reason":"organizer","title":"x"}\n`
		);
		const logFile = join(server.dataDir, ERASURE_LOG_FILE);
		// The DATA_DIR's log ends in a line a crash cut off.
		writeFileSync(logFile, `${line('al_bekend', 'facilitator')}\n{"id":"halverw`);

		const restore = await command('restore', [file], { DATA_DIR: server.dataDir });
		expect(restore.stdout).toContain('Added 2 erasure(s)');
		expect(readFileSync(logFile, 'utf8').split('\n')).toEqual([
			line('al_bekend', 'facilitator'),
			'{"id":"halverw',
			line('nieuw_een'),
			// As the server writes lines: id, time and reason, nothing else.
			line('nieuw_twee', 'organizer'),
			''
		]);
	});

	it('never writes through a name someone else put where the backup goes', async () => {
		const server = await startTestServer();
		await createSession(server);
		const backups = scratch();
		const elsewhere = join(scratch(), 'victim');
		mkdirSync(elsewhere);
		const env = { DATA_DIR: server.dataDir };
		// A symlink (dangling, so the file it names does not exist yet) at FILE, and one at its log.
		const file = join(backups, 'b.sqlite');
		symlinkSync(join(elsewhere, 'gestolen.sqlite'), file);
		const refused = await command('backup', [file], env);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/exists already; choose a new name/);
		const other = join(backups, 'c.sqlite');
		symlinkSync(join(elsewhere, 'gestolen.log'), `${other}.erasures.log`);
		expect((await command('backup', [other], env)).code).toBe(1);
		expect(readdirSync(elsewhere)).toEqual([]);
		expect(readdirSync(backups).sort()).toEqual(['b.sqlite', 'c.sqlite.erasures.log']);
	});
});
