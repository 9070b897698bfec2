import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, createSession, joinSession, startTestServer } from '../tests/helpers/test-server.ts';
import { DATABASE_FILE } from './store/sqlite.ts';

/**
 * docs/operations.md "Upgrades": a new release starts on the data directory the one before left
 * and adds what it needs. The database here is made by this release and then taken back to what
 * the release before issue 15 stored (no sign-in tables, no `joins_closed_at`), with SQLite's own
 * DROP statements, so the real store opens a file that really lacks them.
 */
describe('an upgrade', () => {
	it('starts on the database of the release before, keeps its sessions and adds what is new', async () => {
		const before = await startTestServer();
		const session = await createSession(before, 'Leersessie van vorige maand');
		const anna = await joinSession(before, session.joinCode, { name: 'Anna' });
		await before.close();

		const db = new Database(join(before.dataDir, DATABASE_FILE));
		for (const table of [
			'console_keys',
			'session_owners',
			'owned_sessions',
			'sign_ins',
			'organizers'
		]) {
			db.exec(`DROP TABLE ${table}`);
		}
		db.exec('ALTER TABLE sessions DROP COLUMN joins_closed_at');
		db.close();

		const after = await startTestServer({}, before.dataDir);
		const read = await api<{ title: string; joinsOpen: boolean }>(
			after,
			'GET',
			`/api/sessions/${session.id}`,
			{ credential: session.facilitatorKey }
		);
		expect(read.status).toBe(200);
		expect(read.body).toMatchObject({ title: 'Leersessie van vorige maand', joinsOpen: true });
		const me = await api<{ participant: { name: string } }>(
			after,
			'GET',
			`/api/sessions/${session.id}/me`,
			{ credential: anna.token }
		);
		expect(me.body.participant.name).toBe('Anna');
		// What is new works on the old data: closing the session to newcomers is stored.
		const closed = await api(after, 'POST', `/api/sessions/${session.id}/joining`, {
			credential: session.facilitatorKey,
			body: { open: false }
		});
		expect(closed.status).toBe(200);
		const late = await api<{ error: { code: string } }>(after, 'POST', '/api/join', {
			body: { code: session.joinCode }
		});
		expect(late.body.error.code).toBe('joins_closed');
	});
});
