import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { createServer, type RunningServer, type ServerOptions } from '../../server/index.ts';

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
		log: () => {},
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

export async function createSession(server: { url: string }, title = 'Leersessie 1') {
	const response = await api<CreatedSession>(server, 'POST', '/api/sessions', { body: { title } });
	if (response.status !== 201) throw new Error(`create failed: ${response.status}`);
	return response.body;
}

export interface Joined {
	sessionId: string;
	participantId: string;
	token: string;
}

export async function joinSession(
	server: { url: string },
	code: string,
	profile: { name?: string; perspective?: string } = {}
) {
	const response = await api<Joined>(server, 'POST', '/api/join', { body: { code, ...profile } });
	if (response.status !== 201) throw new Error(`join failed: ${response.status}`);
	return response.body;
}
