import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { MySession } from '../../src/lib/api/organizers.ts';
import { CloseCode } from '../../src/lib/sync/close-codes.ts';
import { TEST_ACCOUNTS } from '../../tests/helpers/oidc-provider.ts';
import { boardWithSignIn } from '../../tests/helpers/sign-in-board.ts';
import type { TestBrowser } from '../../tests/helpers/test-browser.ts';
import {
	api,
	joinSession,
	sessionClient,
	type CreatedSession
} from '../../tests/helpers/test-server.ts';
import { connectSync } from '../../tests/helpers/ws-client.ts';
import { screenKeyFor } from '../credentials.ts';
import type { ServerOptions } from '../index.ts';
import { openOrganizerStore } from '../store/organizers.ts';
import { DATABASE_FILE } from '../store/sqlite.ts';

type ErrorBody = { error: { code: string; message: string } };

const DAY = 24 * 60 * 60 * 1000;

/** A board with sign-in where Anna (signed in) made a session; Bram signed in once, elsewhere. */
async function annasSession(options: Partial<ServerOptions> = {}) {
	const board = await boardWithSignIn(options);
	const anna = await board.signedIn(TEST_ACCOUNTS.anna);
	const bram = await board.signedIn(TEST_ACCOUNTS.bram);
	const created = await board.call<CreatedSession>(anna, 'POST', '/api/sessions', {
		title: 'Leersessie Noord',
		agenda: 'empty'
	});
	expect(created.status).toBe(201);
	const session = created.body;
	const mySessions = async (browser: TestBrowser) =>
		(await board.call<{ sessions: MySession[] }>(browser, 'GET', '/api/organizer/sessions')).body
			.sessions;
	const consoleKey = (browser: TestBrowser) =>
		board.call<{ facilitatorKey: string } & ErrorBody>(
			browser,
			'POST',
			`/api/organizer/sessions/${session.id}/console-key`
		);
	return { ...board, anna, bram, session, mySessions, consoleKey };
}

describe("an organizer's sessions", () => {
	it('list with title, date, participants and last activity, and a link back to the console', async () => {
		const { server, anna, bram, session, mySessions } = await annasSession();
		await joinSession(server, session.joinCode);
		await joinSession(server, session.joinCode);
		const [listed] = await mySessions(anna);
		expect(listed).toMatchObject({
			id: session.id,
			title: 'Leersessie Noord',
			participants: 2,
			console: `/f/${session.id}`
		});
		expect(listed!.lastActiveAt).toBeGreaterThanOrEqual(listed!.createdAt);
		expect(Date.now() - listed!.createdAt).toBeLessThan(60_000);
		// Someone else's list does not show it, and a browser that is not signed in has none.
		expect(await mySessions(bram)).toEqual([]);
		const anonymous = await api<ErrorBody>(server, 'GET', '/api/organizer/sessions');
		expect(anonymous.status).toBe(401);
		expect(anonymous.body.error.code).toBe('sign_in_required');
	});

	it('are used when an organizer opens one or hands it over, not when they list them or phones join', async () => {
		// The board's clock, moved on by days; sign-ins go by the real one.
		let days = 0;
		const { server, anna, session, call, mySessions, consoleKey } = await annasSession({
			now: () => Date.now() + days * DAY
		});
		const sinceCreation = async (): Promise<number> => {
			const [listed] = await mySessions(anna);
			return listed!.lastActiveAt - listed!.createdAt;
		};
		days = 3;
		await joinSession(server, session.joinCode);
		expect(await sinceCreation()).toBe(0);
		days = 10;
		expect((await consoleKey(anna)).status).toBe(201);
		expect(await sinceCreation()).toBeGreaterThanOrEqual(10 * DAY);
		days = 20;
		const handedOver = await call(
			anna,
			'POST',
			`/api/organizer/sessions/${session.id}/organizers`,
			{
				email: 'bram@example.org'
			}
		);
		expect(handedOver.status).toBe(201);
		expect(await sinceCreation()).toBeGreaterThanOrEqual(20 * DAY);
	});

	it('open in a console from any device: an organizer-bound key for the console and its projector', async () => {
		const { server, anna, bram, session, consoleKey } = await annasSession();
		const key = (await consoleKey(anna)).body.facilitatorKey;
		expect(key).toMatch(/^fk_[A-Za-z0-9_-]{43}$/);
		expect(key).not.toBe(session.facilitatorKey);
		// The key opens what the creation key opens: the API, the shared and the private socket.
		const read = await api<{ title: string; links: { screen: string } }>(
			server,
			'GET',
			`/api/sessions/${session.id}`,
			{ credential: key }
		);
		expect(read.status).toBe(200);
		expect(read.body.links.screen).toContain(`#key=${screenKeyFor(key, session.id)}`);
		const { facilitator } = sessionClient(server, { id: session.id, facilitatorKey: key });
		expect(await facilitator({ type: 'step.add', kind: 'poll' })).toMatchObject({ ok: true });
		await connectSync(server, session.id, key, { channel: 'private' }).synced;
		await connectSync(server, session.id, screenKeyFor(key, session.id)).synced;

		// Not for someone who is not an organizer of it: to them the session does not exist.
		const refused = await consoleKey(bram);
		expect(refused.status).toBe(404);
		expect(refused.body.error.code).toBe('session_not_found');
	});

	it('keep a few console keys per organizer, the oldest dropped, all stored as hashes', async () => {
		const { server, anna, session, consoleKey } = await annasSession();
		// The key the creation handed out is Anna's first; five devices later it is dropped.
		const keys: string[] = [session.facilitatorKey];
		for (let i = 0; i < 5; i++) keys.push((await consoleKey(anna)).body.facilitatorKey);
		const opens = async (key: string) =>
			(await api(server, 'GET', `/api/sessions/${session.id}`, { credential: key })).status;
		expect(await opens(keys[0]!)).toBe(401);
		for (const key of keys.slice(1)) expect(await opens(key)).toBe(200);

		const db = new Database(join(server.dataDir, DATABASE_FILE), { readonly: true });
		onTestFinished(() => {
			db.close();
		});
		const stored = JSON.stringify(db.prepare('SELECT * FROM console_keys').all());
		for (const key of keys) expect(stored).not.toContain(key);
		expect(db.prepare('SELECT count(*) AS n FROM console_keys').get()).toEqual({ n: 5 });
	});

	it('hand over to a co-organizer by the e-mail address they signed in with, who then opens the console', async () => {
		const { anna, bram, session, call, mySessions, consoleKey } = await annasSession();
		const handOver = (email: string) =>
			call<ErrorBody & { organizer: { name: string } }>(
				anna,
				'POST',
				`/api/organizer/sessions/${session.id}/organizers`,
				{ email }
			);
		const unknown = await handOver('carla@example.org');
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('organizer_not_found');
		const invalid = await handOver('');
		expect(invalid.status).toBe(400);

		const added = await handOver(' BRAM@example.org ');
		expect(added.status).toBe(201);
		expect(added.body.organizer.name).toBe('Bram Jansen');
		const [seen] = await mySessions(bram);
		expect(seen?.id).toBe(session.id);
		expect(seen?.organizers.map((o) => [o.name, o.role, o.you])).toEqual([
			['Anna de Vries', 'creator', false],
			['Bram Jansen', 'co-organizer', true]
		]);
		expect((await consoleKey(bram)).status).toBe(201);
		// Handing over again changes nothing.
		expect((await handOver('bram@example.org')).status).toBe(201);
		expect((await mySessions(anna))[0]?.organizers).toHaveLength(2);
	});

	it('are not handed to an e-mail address that more than one account signed in with', async () => {
		const namesake = { ...TEST_ACCOUNTS.bram, login: 'bram-gast', name: 'Bram (gast)' };
		const board = await boardWithSignIn({}, [...Object.values(TEST_ACCOUNTS), namesake]);
		const anna = await board.signedIn(TEST_ACCOUNTS.anna);
		await board.signedIn(TEST_ACCOUNTS.bram);
		await board.signedIn(namesake);
		const created = await board.call<CreatedSession>(anna, 'POST', '/api/sessions', {
			title: 'Leersessie Zuid',
			agenda: 'empty'
		});
		const handOver = await board.call<ErrorBody>(
			anna,
			'POST',
			`/api/organizer/sessions/${created.body.id}/organizers`,
			{ email: 'bram@example.org' }
		);
		expect(handOver.status).toBe(409);
		expect(handOver.body.error.code).toBe('organizer_ambiguous');
	});

	it('lose access when removed: their keys stop working and their open sockets are closed', async () => {
		const { server, anna, bram, session, call, mySessions, consoleKey } = await annasSession();
		await call(anna, 'POST', `/api/organizer/sessions/${session.id}/organizers`, {
			email: 'bram@example.org'
		});
		const key = (await consoleKey(bram)).body.facilitatorKey;
		const socket = connectSync(server, session.id, key);
		await socket.synced;
		const bramId = (await mySessions(bram))[0]!.organizers.find((o) => o.you)!.id;

		expect(
			(await call(anna, 'DELETE', `/api/organizer/sessions/${session.id}/organizers/${bramId}`))
				.status
		).toBe(204);
		expect(await socket.refused).toBe(CloseCode.unauthorized);
		const read = await api(server, 'GET', `/api/sessions/${session.id}`, { credential: key });
		expect(read.status).toBe(401);
		expect(await mySessions(bram)).toEqual([]);

		// The last organizer stays.
		const annaId = (await mySessions(anna))[0]!.organizers[0]!.id;
		const last = await call<ErrorBody>(
			anna,
			'DELETE',
			`/api/organizer/sessions/${session.id}/organizers/${annaId}`
		);
		expect(last.status).toBe(409);
		expect(last.body.error.code).toBe('last_organizer');
	});

	it("open a new session with a key of the creator's own, which ends when a co-organizer removes them", async () => {
		const { server, anna, bram, session, call, mySessions } = await annasSession();
		// The key the creation handed out is bound to Anna, as a console key is.
		const socket = connectSync(server, session.id, session.facilitatorKey);
		await socket.synced;
		await call(anna, 'POST', `/api/organizer/sessions/${session.id}/organizers`, {
			email: 'bram@example.org'
		});
		const annaId = (await mySessions(anna))[0]!.organizers.find((o) => o.you)!.id;

		expect(
			(await call(bram, 'DELETE', `/api/organizer/sessions/${session.id}/organizers/${annaId}`))
				.status
		).toBe(204);
		expect(await socket.refused).toBe(CloseCode.unauthorized);
		for (const credential of [
			session.facilitatorKey,
			screenKeyFor(session.facilitatorKey, session.id)
		]) {
			const read = await api(server, 'GET', `/api/sessions/${session.id}/snapshot`, { credential });
			expect(read.status).toBe(401);
		}
	});

	it('erase: sockets closed, the session gone, nothing of its organizers or keys left', async () => {
		const { server, anna, bram, session, call, mySessions, consoleKey } = await annasSession();
		const key = (await consoleKey(anna)).body.facilitatorKey;
		const socket = connectSync(server, session.id, key);
		await socket.synced;
		// Only its organizers may erase it, and only from the board's own pages.
		const stranger = await call<ErrorBody>(bram, 'DELETE', `/api/organizer/sessions/${session.id}`);
		expect(stranger.status).toBe(404);
		const crossSite = await call<ErrorBody>(
			anna,
			'DELETE',
			`/api/organizer/sessions/${session.id}`,
			undefined,
			{ Origin: 'https://evil.example' }
		);
		expect(crossSite.body.error.code).toBe('cross_site_request');

		expect((await call(anna, 'DELETE', `/api/organizer/sessions/${session.id}`)).status).toBe(204);
		expect(await socket.refused).toBe(CloseCode.sessionDeleted);
		expect(await mySessions(anna)).toEqual([]);
		const gone = await api(server, 'GET', `/api/sessions/${session.id}`, {
			credential: session.facilitatorKey
		});
		expect(gone.status).toBe(404);
		const db = new Database(join(server.dataDir, DATABASE_FILE), { readonly: true });
		onTestFinished(() => {
			db.close();
		});
		for (const table of ['owned_sessions', 'session_owners', 'console_keys']) {
			expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
		}
	});

	it('belong, in a series, to the organizers of the session before', async () => {
		const { server, anna, session, mySessions } = await annasSession();
		const next = await api<CreatedSession>(server, 'POST', `/api/sessions/${session.id}/next`, {
			credential: session.facilitatorKey,
			body: { title: 'Leersessie Noord 2' }
		});
		expect(next.status).toBe(201);
		expect((await mySessions(anna)).map((s) => s.title).sort()).toEqual([
			'Leersessie Noord',
			'Leersessie Noord 2'
		]);
	});

	it('let an organizer be forgotten once they organize nothing and have not signed in for long', async () => {
		const { server, anna, bram, session, call } = await annasSession();
		// A second connection to the server's database, set up as the server's own is.
		const db = new Database(join(server.dataDir, DATABASE_FILE));
		db.pragma('foreign_keys = ON');
		onTestFinished(() => {
			db.close();
		});
		const organizers = openOrganizerStore(db);
		const names = () =>
			(db.prepare('SELECT name FROM organizers ORDER BY name').all() as { name: string }[]).map(
				(row) => row.name
			);
		expect(organizers.deleteIdleOrganizers(Date.now() - 60_000)).toBe(0);
		// Anna organizes a session, so she stays; Bram organizes none.
		expect(organizers.deleteIdleOrganizers(Date.now() + 60_000)).toBe(1);
		expect(names()).toEqual(['Anna de Vries']);
		// His sign-in went with him.
		expect((await call(bram, 'GET', '/api/organizer')).body).toEqual({ organizer: null });
		expect(db.prepare('SELECT count(*) AS n FROM sign_ins').get()).toEqual({ n: 1 });
		await call(anna, 'DELETE', `/api/organizer/sessions/${session.id}`);
		expect(organizers.deleteIdleOrganizers(Date.now() + 60_000)).toBe(1);
		expect(names()).toEqual([]);
	});
});
