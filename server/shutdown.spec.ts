import { existsSync, statSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStepIds } from '../src/lib/model/steps.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { startServerProcess, type ServerProcess } from '../tests/helpers/server-process.ts';
import { createSession, sessionClient, startTestServer } from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';
import { configFromEnv } from './config.ts';
import { DEFAULT_SHUTDOWN_GRACE_MS } from './shutdown.ts';
import { DATABASE_FILE } from './store/sqlite.ts';

/** Starting a process through Vite's module runner takes seconds on a busy machine. */
const PROCESS_TEST_MS = 90_000;

/** Bytes left in the write-ahead log beside the database: none after a clean stop. */
function walBytes(dataDir: string): number {
	const wal = join(dataDir, `${DATABASE_FILE}-wal`);
	return existsSync(wal) ? statSync(wal).size : 0;
}

interface HalfSent {
	request: ClientRequest;
	/** Sends the rest of the body. */
	finish(): void;
	/** The answer, or the error when the connection was cut. */
	answer: Promise<{ status: number; body: string }>;
}

/**
 * Sends an intent's headers and half its body, and resolves once the server has the request in
 * hand (it answered `100 Continue`, which Node does right before it hands the request on).
 */
async function halfSentIntent(
	server: ServerProcess,
	sessionId: string,
	credential: string,
	intent: Record<string, unknown>
): Promise<HalfSent> {
	const body = Buffer.from(JSON.stringify(intent));
	const half = Math.floor(body.length / 2);
	const req = request(`${server.url}/api/sessions/${sessionId}/intents`, {
		method: 'POST',
		agent: false,
		headers: {
			Authorization: `Bearer ${credential}`,
			'Content-Type': 'application/json',
			'Content-Length': body.length,
			Expect: '100-continue'
		}
	});
	const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
		req.once('error', reject);
		req.once('response', (res) => {
			let text = '';
			res.on('data', (chunk: Buffer) => (text += chunk.toString()));
			res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
		});
	});
	// Settled by the test; an unheard rejection must not end the run first.
	answer.catch(() => {});
	await new Promise<void>((resolve) => {
		req.once('continue', () => resolve());
		req.flushHeaders();
	});
	req.write(body.subarray(0, half));
	return { request: req, finish: () => req.end(body.subarray(half)), answer };
}

describe('a stop (SIGTERM)', () => {
	it(
		'answers the intent whose body is still arriving, closes sockets with 1012, checkpoints and exits 0',
		async () => {
			const server = await startServerProcess();
			const session = await createSession(server);
			const console_ = connectSync(server, session.id, session.facilitatorKey);
			const closes: number[] = [];
			console_.provider.on('connection-close', (event) => {
				if (event) closes.push(event.code);
			});
			await console_.synced;

			const intent = await halfSentIntent(server, session.id, session.facilitatorKey, {
				id: 'poll-1',
				type: 'step.add',
				kind: 'poll'
			});
			server.signal('SIGTERM');
			await server.logged(/answering 1 requests under way/);
			intent.finish();

			expect(await intent.answer).toEqual({ status: 200, body: expect.stringContaining('"ok"') });
			expect(await server.exited).toBe(0);
			expect(closes[0]).toBe(CloseCode.serverRestart);
			// The console saw the step before its socket closed.
			expect(readStepIds(console_.doc)).toHaveLength(1);
			expect(walBytes(server.dataDir)).toBe(0);

			// The intent is in the store: the server that starts on the same data has it.
			const again = await startTestServer({}, server.dataDir);
			const { snapshot } = sessionClient(again, session);
			expect((await snapshot()).steps.map((step) => step.kind)).toEqual(['poll']);
		},
		PROCESS_TEST_MS
	);

	it(
		'waits for a request that never finishes no longer than the grace, then exits 0',
		async () => {
			const server = await startServerProcess({ SHUTDOWN_GRACE_SECONDS: '1' });
			const session = await createSession(server);
			const stuck = await halfSentIntent(server, session.id, session.facilitatorKey, {
				id: 'poll-1',
				type: 'step.add',
				kind: 'poll'
			});
			const stopped = Date.now();
			server.signal('SIGTERM');
			expect(await server.exited).toBe(0);
			const took = Date.now() - stopped;
			expect(took).toBeGreaterThanOrEqual(900);
			expect(took).toBeLessThan(6_000);
			await expect(stuck.answer).rejects.toThrow();
			expect(await server.logged(/1 requests cut off/)).toBeTruthy();
			expect(walBytes(server.dataDir)).toBe(0);
		},
		PROCESS_TEST_MS
	);

	it(
		'stops waiting at a second SIGTERM, and still checkpoints',
		async () => {
			const server = await startServerProcess({ SHUTDOWN_GRACE_SECONDS: '600' });
			const session = await createSession(server);
			const stuck = await halfSentIntent(server, session.id, session.facilitatorKey, {
				id: 'poll-1',
				type: 'step.add',
				kind: 'poll'
			});
			server.signal('SIGTERM');
			await server.logged(/answering 1 requests under way/);
			const again = Date.now();
			server.signal('SIGTERM');
			expect(await server.exited).toBe(0);
			expect(Date.now() - again).toBeLessThan(5_000);
			await expect(stuck.answer).rejects.toThrow();
			expect(walBytes(server.dataDir)).toBe(0);
		},
		PROCESS_TEST_MS
	);
});

describe('SHUTDOWN_GRACE_SECONDS', () => {
	it('sets how long a stop waits for requests, in seconds', () => {
		expect(configFromEnv({}).shutdownGraceMs).toBe(DEFAULT_SHUTDOWN_GRACE_MS);
		expect(configFromEnv({ SHUTDOWN_GRACE_SECONDS: '2.5' }).shutdownGraceMs).toBe(2_500);
		expect(configFromEnv({ SHUTDOWN_GRACE_SECONDS: '0' }).shutdownGraceMs).toBe(0);
	});

	it('refuses what is not a number of seconds from 0 to 600', () => {
		for (const value of ['soon', '-1', '601', 'Infinity']) {
			expect(() => configFromEnv({ SHUTDOWN_GRACE_SECONDS: value })).toThrow(
				/SHUTDOWN_GRACE_SECONDS must be a number of seconds from 0 to 600/
			);
		}
	});
});
