import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { createServer, type RunningServer, type ServerOptions } from '../../server/index.ts';
import { silentLogger } from '../../server/log.ts';
import type { SessionSnapshot } from '../../src/lib/model/types.ts';
import { loopbackAddress, requestFrom } from './loopback.ts';

export interface TestServer {
	url: string;
	dataDir: string;
	/** Stops the server and starts a new one on the same data directory (a restart). */
	restart(): Promise<TestServer>;
	close(): Promise<void>;
}

/**
 * Starts a real server (API and sync, no pages) on a free loopback port with its own data
 * directory, and stops it and removes the directory when the test ends.
 */
export async function startTestServer(
	options: Partial<ServerOptions> = {},
	dataDir = mkdtempSync(join(tmpdir(), 'koersbord-test-'))
): Promise<TestServer> {
	let running: RunningServer | undefined = await createServer({
		port: 0,
		host: '127.0.0.1',
		dataDir,
		logger: silentLogger,
		...options
	});
	const server: TestServer = {
		url: running.url,
		dataDir,
		async restart() {
			await server.close();
			return startTestServer(options, dataDir);
		},
		async close() {
			const current = running;
			running = undefined;
			await current?.close();
		}
	};
	onTestFinished(async () => {
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	});
	return server;
}

export interface ApiResponse<T = unknown> {
	status: number;
	body: T;
	headers: Headers;
}

/** A JSON call against a test server. */
export async function api<T = Record<string, unknown>>(
	server: { url: string },
	method: string,
	path: string,
	options: { body?: unknown; rawBody?: string; credential?: string } = {}
): Promise<ApiResponse<T>> {
	const headers: Record<string, string> = { 'Content-Type': 'application/json' };
	if (options.credential) headers.Authorization = `Bearer ${options.credential}`;
	const response = await fetch(server.url + path, {
		method,
		headers,
		body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
	});
	const text = await response.text();
	return {
		status: response.status,
		body: (text ? JSON.parse(text) : null) as T,
		headers: response.headers
	};
}

export interface CreatedSession {
	id: string;
	joinCode: string;
	facilitatorKey: string;
	links: { facilitator: string; join: string; screen: string };
}

/**
 * Creates a session with an empty agenda: each test adds the steps it is about (the template's
 * agenda has tests of its own, server/sessions.spec.ts).
 */
export async function createSession(server: { url: string }, title = 'Leersessie 1') {
	const response = await api<CreatedSession>(server, 'POST', '/api/sessions', {
		body: { title, agenda: 'empty' }
	});
	if (response.status !== 201) throw new Error(`create failed: ${response.status}`);
	return response.body;
}

export interface Joined {
	sessionId: string;
	participantId: string;
	token: string;
}

/** Phones joined so far: each gets an address from 1000 on, clear of those tests pick by hand. */
let phones = 0;

/**
 * Joins a session as a phone does, from a loopback address of its own (`from`, or the next
 * free one), so each simulated phone meets the per-address limits as a real one would.
 */
export async function joinSession(
	server: { url: string },
	code: string,
	profile: { name?: string; perspective?: string } = {},
	from = loopbackAddress(1_000 + phones++)
) {
	const response = await requestFrom<Joined>(from, `${server.url}/api/join`, {
		method: 'POST',
		body: { code, ...profile }
	});
	if (response.status !== 201) throw new Error(`join failed: ${response.status}`);
	return response.body;
}

/** What an intent came back with: the status and the JSON answer, side by side. */
export interface IntentAnswer {
	status: number;
	ok?: boolean;
	duplicate?: boolean;
	error?: { code: string; message: string };
}

let intentCounter = 0;

/**
 * Sends intents to one session and reads its facilitator snapshot. `send` adds an intent id
 * (a fresh one unless given); `sendRaw` sends the body exactly as it is, for bad input.
 */
export function sessionClient(
	server: { url: string },
	session: { id: string; facilitatorKey: string }
) {
	const sendRaw = async (credential: string, body: unknown): Promise<IntentAnswer> => {
		const response = await api<Omit<IntentAnswer, 'status'>>(
			server,
			'POST',
			`/api/sessions/${session.id}/intents`,
			{ credential, body }
		);
		return { status: response.status, ...response.body };
	};
	const send = (
		credential: string,
		body: Record<string, unknown>,
		id = `intent-${++intentCounter}`
	): Promise<IntentAnswer> => sendRaw(credential, { id, ...body });
	const facilitator = (body: Record<string, unknown>, id?: string) =>
		send(session.facilitatorKey, body, id);
	const snapshot = async () =>
		(
			await api<SessionSnapshot>(server, 'GET', `/api/sessions/${session.id}/snapshot`, {
				credential: session.facilitatorKey
			})
		).body;
	return { send, sendRaw, facilitator, snapshot };
}
