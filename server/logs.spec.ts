import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loopbackAddress, requestFrom } from '../tests/helpers/loopback.ts';
import {
	api,
	joinSession,
	sessionClient,
	startTestServer,
	type CreatedSession
} from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';
import { screenKeyFor } from './credentials.ts';
import { createLogger, LOG_LEVELS, type LogLevel } from './log.ts';
import { DATABASE_FILE } from './store/sqlite.ts';

/*
 * The server's log, as an operator's collector reads it: a realistic session runs through a real
 * server (with bad requests, a hostile socket and two failures of the server itself) while every
 * line it writes is kept. Every line must be one JSON object with a time, a level and a message,
 * and none may hold a key, a token, or anything a participant wrote.
 */

const ORGANIZER_KEY = 'organisatie-sleutel-van-de-regio';
const METRICS_TOKEN = 'metrics-token-of-the-operator-2025';

/** What participants write: names, cards, answers, and what a broken ballot holds. */
const PARTICIPANT_TEXTS = [
	'Marijke Zoutelande',
	'Kees Brabander',
	'Een moestuin achter de bibliotheek',
	'Wie betaalt de koffie in Ootmarsum',
	'Schoolplein Groenlo',
	'Tuinbonen',
	'Regenpijp'
];

interface Entry {
	time: string;
	level: LogLevel;
	msg: string;
	[field: string]: unknown;
}

/** A server whose every log line is kept. */
async function loggedServer(level: LogLevel = 'debug', dataDir?: string, lines: string[] = []) {
	const logger = createLogger({ level, write: (line) => lines.push(line) });
	const server = await startTestServer(
		{ logger, organizerKeys: [ORGANIZER_KEY], metricsToken: METRICS_TOKEN },
		dataDir
	);
	const entries = (): Entry[] => lines.map((line) => JSON.parse(line) as Entry);
	return { server, lines, entries };
}

/** Every line one JSON object with an ISO time, a level and a message, ending in a newline. */
function expectWellFormed(lines: string[]): void {
	for (const line of lines) {
		expect(line.endsWith('\n') && !line.slice(0, -1).includes('\n'), line).toBe(true);
		const entry = JSON.parse(line) as Entry;
		expect(Object.keys(entry).slice(0, 3)).toEqual(['time', 'level', 'msg']);
		expect(new Date(entry.time).toISOString()).toBe(entry.time);
		expect(LOG_LEVELS).toContain(entry.level);
		expect(typeof entry.msg).toBe('string');
	}
}

describe('the server log', () => {
	it('holds no key, token or participant text through a session, its bad requests and failures', async () => {
		const { server, lines, entries } = await loggedServer();
		const created = await api<CreatedSession>(server, 'POST', '/api/sessions', {
			body: { title: 'Regiodag Achterhoek', agenda: 'empty' },
			credential: ORGANIZER_KEY
		});
		expect(created.status).toBe(201);
		const session = created.body;
		const screenKey = screenKeyFor(session.facilitatorKey, session.id);
		const { send, facilitator } = sessionClient(server, session);
		expect((await facilitator({ type: 'step.add', kind: 'dilemmas' }, 'd')).status).toBe(200);
		expect((await facilitator({ type: 'step.add', kind: 'poll' }, 'poll')).status).toBe(200);
		expect((await facilitator({ type: 'step.activate', stepId: 'd' })).status).toBe(200);
		const marijke = await joinSession(server, session.joinCode, { name: PARTICIPANT_TEXTS[0] });
		const kees = await joinSession(server, session.joinCode, { name: PARTICIPANT_TEXTS[1] });
		const phones = [marijke, kees, await joinSession(server, session.joinCode)];
		const post = await send(marijke.token, {
			type: 'dilemma.post',
			stepId: 'd',
			text: PARTICIPANT_TEXTS[2]
		});
		expect(post.status).toBe(200);
		await send(kees.token, { type: 'dilemma.post', stepId: 'd', text: PARTICIPANT_TEXTS[3] });
		expect((await facilitator({ type: 'poll.open', stepId: 'poll' })).status).toBe(200);
		for (const phone of phones) {
			await send(phone.token, { type: 'vote.cast', stepId: 'poll', choice: 'leernetwerk' });
		}
		const phone = connectSync(server, session.id, marijke.token, { from: loopbackAddress(950) });
		const projector = connectSync(server, session.id, screenKey, { from: loopbackAddress(951) });
		await Promise.all([phone.synced, projector.synced]);

		// Bad requests that carry texts and credentials: wrong keys, malformed bodies, a query
		// string with a key, a type that is someone's text, a token that opens nothing.
		await api(server, 'POST', '/api/sessions', {
			body: { title: PARTICIPANT_TEXTS[4] },
			credential: `${ORGANIZER_KEY}-wrong`
		});
		await api(
			server,
			'POST',
			`/api/sessions/${session.id}/intents?token=${session.facilitatorKey}`,
			{
				rawBody: `{"id":"x","type":"dilemma.post","text":"${PARTICIPANT_TEXTS[4]}"`,
				credential: marijke.token
			}
		);
		await send(kees.token, { type: PARTICIPANT_TEXTS[4], stepId: 'd' });
		await send(`${kees.token.slice(0, -4)}AAAA`, { type: 'dilemma.post', stepId: 'd', text: 'x' });
		await api(server, 'GET', `/api/sessions/${session.id}/snapshot`, { credential: screenKey });
		await requestFrom(loopbackAddress(952), `${server.url}/metrics`, { credential: 'raden' });
		const wrongSocket = new WebSocket(
			`${server.url.replace('http', 'ws')}/sync/${session.id}/private?token=${kees.token}`
		);
		await new Promise((resolve) => wrongSocket.once('close', resolve));

		// A facilitator's socket that writes what it may not: refused, and worth a warning.
		const console = connectSync(server, session.id, session.facilitatorKey, {
			from: loopbackAddress(953)
		});
		await console.synced;
		console.doc.getMap('vreemd').set('tekst', PARTICIPANT_TEXTS[5]);
		await expect.poll(() => entries().some((e) => e.msg.startsWith('sync refused'))).toBe(true);
		console.provider.destroy();

		// A failure of the server: a table gone from under it (an intent answers 500).
		const database = new Database(join(server.dataDir, DATABASE_FILE));
		database.exec('DROP TABLE intents');
		database.close();
		const failed = await send(phones[2]!.token, {
			type: 'dilemma.post',
			stepId: 'd',
			text: PARTICIPANT_TEXTS[5]
		});
		expect(failed).toMatchObject({ status: 500, error: { code: 'internal' } });
		expect(entries()).toContainEqual(
			expect.objectContaining({
				level: 'error',
				msg: `request failed: POST /api/sessions/${session.id}/intents`,
				error: expect.objectContaining({ name: 'SqliteError', code: 'SQLITE_ERROR' })
			})
		);

		const secrets = [
			session.facilitatorKey,
			screenKey,
			session.joinCode,
			ORGANIZER_KEY,
			METRICS_TOKEN,
			...phones.map((p) => p.token),
			...phones.map((p) => p.token.split('.')[2]!),
			...PARTICIPANT_TEXTS.slice(0, 6)
		];
		expectWellFormed(lines);
		const text = lines.join('');
		for (const secret of secrets) expect(text).not.toContain(secret);
		expect(entries()).toContainEqual(expect.objectContaining({ level: 'info', msg: 'listening' }));
		expect(entries().filter((e) => e.level === 'warn').length).toBeGreaterThan(0);
	});

	it('keeps a failing room’s error without the participant text its message quotes', async () => {
		const first = await loggedServer();
		const created = await api<CreatedSession>(first.server, 'POST', '/api/sessions', {
			body: { title: 'Leersessie', agenda: 'empty' },
			credential: ORGANIZER_KEY
		});
		const session = created.body;
		await first.server.close();
		// A ballot the store holds but cannot read: JSON.parse's message quotes it.
		const broken = PARTICIPANT_TEXTS[6]!;
		expect(() => JSON.parse(broken)).toThrow(broken);
		const database = new Database(join(first.server.dataDir, DATABASE_FILE));
		database
			.prepare(
				'INSERT INTO ballots (session_id, step_id, round, participant_id, data, updated_at) VALUES (?, ?, ?, ?, ?, ?)'
			)
			.run(session.id, 'poll', 0, 'someone', broken, 0);
		database.close();

		const { server, lines, entries } = await loggedServer('debug', first.server.dataDir);
		const snapshot = await api(server, 'GET', `/api/sessions/${session.id}/snapshot`, {
			credential: session.facilitatorKey
		});
		expect(snapshot.status).toBe(503);
		expect(entries()).toContainEqual(
			expect.objectContaining({
				level: 'error',
				msg: 'room failed to load; its session is quarantined',
				error: expect.objectContaining({ name: 'SyntaxError' })
			})
		);
		expectWellFormed(lines);
		expect(lines.join('')).not.toContain(broken);
		expect(lines.join('')).not.toContain(session.facilitatorKey);
	});

	it('writes only lines at or above LOG_LEVEL', async () => {
		const atLevel = async (level: LogLevel): Promise<LogLevel[]> => {
			const { server, entries } = await loggedServer(level);
			const created = await api<CreatedSession>(server, 'POST', '/api/sessions', {
				body: { title: 'Niveaus', agenda: 'empty' },
				credential: ORGANIZER_KEY
			});
			// A refused socket update (a warning), after the start (information).
			const console = connectSync(server, created.body.id, created.body.facilitatorKey);
			await console.synced;
			console.doc.getMap('vreemd').set('a', 1);
			if (level !== 'error') {
				await expect.poll(() => entries().some((e) => e.level === 'warn')).toBe(true);
			} else {
				// Nothing to wait for: the refusal closes the socket, and a warning is not written.
				await new Promise<void>((resolve) =>
					console.provider.once('connection-close', () => resolve())
				);
			}
			console.provider.destroy();
			return [...new Set(entries().map((e) => e.level))].sort();
		};
		expect(await atLevel('info')).toEqual(['info', 'warn']);
		expect(await atLevel('warn')).toEqual(['warn']);
		expect(await atLevel('error')).toEqual([]);
	});
});
