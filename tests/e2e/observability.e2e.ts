import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMetrics, sampleValue } from '../helpers/prometheus';
import { bearer } from './api';
import { expect, test as base } from './fixtures';
import { joinAs } from './room';
import { startBoard } from './server';

/*
 * The built server as an operator runs it: METRICS_TOKEN and LOG_LEVEL from the environment, a
 * room in real browsers, /metrics scraped as Prometheus would, and everything the process writes
 * to stderr read back as its log collector would.
 */

const METRICS_TOKEN = 'e2e-metrics-token-0123456789';
const ORGANIZER_KEY = 'e2e-organizer-key-0123456789';
const NAME = 'Hendrika Lochemer';

const test = base.extend({
	// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
	board: async ({}, use) => {
		const board = await startBoard({
			METRICS_TOKEN,
			ORGANIZER_KEY,
			LOG_LEVEL: 'debug'
		});
		await use(board);
		await board.stop();
	}
});

test('the built server logs JSON lines only, and /metrics counts the phones of a room', async ({
	page,
	board,
	openPhone,
	openDevice
}) => {
	const created = await page.request.post('/api/sessions', {
		data: { title: 'Regiodag', agenda: 'empty' },
		headers: bearer(ORGANIZER_KEY)
	});
	expect(created.status()).toBe(201);
	const session = (await created.json()) as {
		id: string;
		joinCode: string;
		facilitatorKey: string;
		links: { facilitator: string; screen: string };
	};
	await page.goto(session.links.facilitator);
	const projector = await openDevice();
	await projector.goto(session.links.screen);
	const phones = [await openPhone(), await openPhone()];
	await joinAs(phones[0]!, session.joinCode, 'Wethouder', NAME);
	await joinAs(phones[1]!, session.joinCode, 'Jeugdhulpaanbieder');

	const scrape = async () => {
		const response = await page.request.get('/metrics', { headers: bearer(METRICS_TOKEN) });
		expect(response.status()).toBe(200);
		return parseMetrics(await response.text());
	};
	const sockets = async (role: string, channel: string) =>
		sampleValue(await scrape(), 'koersbord_sync_sockets', { role, channel });
	await expect.poll(() => sockets('participant', 'shared')).toBe(2);
	// The projector, and the console's preview of it.
	await expect.poll(() => sockets('screen', 'shared')).toBe(2);
	await expect.poll(() => sockets('facilitator', 'private')).toBe(1);
	expect((await page.request.get('/metrics')).status()).toBe(401);

	// A page nobody has: SvelteKit's report of it is a line of the log too.
	expect((await page.request.get('/nergens')).status()).toBe(404);
	await expect.poll(() => board.stderr()).toContain('"msg":"page not found"');

	for (const phone of phones) await phone.context().close();
	await expect.poll(() => sockets('participant', 'shared')).toBe(0);
	await board.stop();
	await expect.poll(() => board.stderr()).toContain('"msg":"stopped"');

	const lines = board.stderr().split('\n').slice(0, -1);
	const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
	for (const entry of entries) {
		expect(Object.keys(entry).slice(0, 3)).toEqual(['time', 'level', 'msg']);
	}
	expect(entries.map((entry) => entry.msg)).toEqual(
		expect.arrayContaining(['listening', 'page not found', 'stopping', 'stopped'])
	);
	expect(entries).toContainEqual(
		expect.objectContaining({ level: 'debug', msg: 'page not found', status: 404, route: null })
	);
	const log = board.stderr();
	const screenKey = new URL(session.links.screen).hash.slice('#key='.length);
	for (const secret of [session.facilitatorKey, screenKey, METRICS_TOKEN, ORGANIZER_KEY, NAME]) {
		expect(log).not.toContain(secret);
	}
	expect(log).not.toMatch(/pt\.[A-Za-z0-9_-]{12}\./);
});

test('a LOG_LEVEL it does not know stops the server with one JSON line saying why', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'koersbord-e2e-'));
	try {
		const child = spawn(process.execPath, ['build/start.js'], {
			env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'loud' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
		expect(code).toBe(1);
		expect(stdout).toBe('');
		const lines = stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(JSON.parse(lines[0]!)).toMatchObject({
			level: 'error',
			msg: 'configuration refused; not starting',
			reason: 'LOG_LEVEL must be one of debug, info, warn, error, not "loud"'
		});
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
});
