import {
	createServer as createHttpServer,
	type IncomingMessage,
	type ServerResponse
} from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { createApp, type AppOptions } from './app.ts';
import { addressKey, trusted } from './client-address.ts';
import { BASE_HEADERS, baseHeaders } from './http.ts';
import { lanOrigins } from './lan.ts';
import { DEFAULT_SHUTDOWN_GRACE_MS } from './shutdown.ts';

/** A listener for an upgraded connection's errors: without one, an error would end the process. */
function destroyOnError(this: Duplex): void {
	this.destroy();
}

/** Connect-style handler for everything that is not ours (the SvelteKit pages). */
export type PageHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface ServerOptions extends AppOptions {
	port: number;
	host?: string;
	pages?: PageHandler;
}

export interface RunningServer {
	/** http://host:port as bound (port 0 resolves to the real port). */
	url: string;
	/** The port listened on (port 0 resolves to the real port). */
	port: number;
	/** The origins phones on this machine's networks can use now (see server/lan.ts). */
	lanOrigins(): readonly string[];
	/** Stops at once: requests under way are cut off (tests, and a graceful stop that hangs). */
	close(): Promise<void>;
	/**
	 * Stops as a restart should (see "Restarts" in docs/architecture.md): accepts nothing new,
	 * lets the requests under way finish (for at most `graceMs`), then closes every sync socket
	 * with `1012`, saves the rooms, checkpoints the write-ahead log and closes the store. Resolves
	 * when the sockets are closed (or have had a second to close); the same promise every time.
	 */
	shutdown(options?: ShutdownOptions): Promise<void>;
}

export interface ShutdownOptions {
	/** How long requests under way (an intent whose body is still arriving) may take. */
	graceMs?: number;
	/** When aborted (a second signal), waiting for requests and sockets ends at once. */
	hurry?: AbortSignal;
}

/** What closing sockets may take after the requests: their close frames go out and come back. */
const SOCKET_CLOSE_MS = 1_000;

/** File descriptors kept free for the database, its journal and the pages' own files. */
const SPARE_FILES = 256;

/** The process's soft limit of open files, where the system tells it (Linux); else undefined. */
function openFileLimit(): number | undefined {
	try {
		const limits = readFileSync('/proc/self/limits', 'utf8');
		const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
		return soft ? Number(soft) : undefined;
	} catch {
		return undefined;
	}
}

/** One process, one port: pages, JSON API and Yjs sync. */
export async function createServer(options: ServerOptions): Promise<RunningServer> {
	// Known once the server listens (port 0 picks one); asked anew each time, as a laptop may join
	// a network after the server started.
	let onNetwork = (): readonly string[] => [];
	const lan = (): readonly string[] => options.lanOrigins?.() ?? onNetwork();
	const app = createApp({ ...options, lanOrigins: lan });
	const { log } = app;
	const notFound = (res: ServerResponse) => (): void => {
		res.writeHead(404, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
		res.end('Not found');
	};
	/** Responses not finished yet: a graceful stop waits for them. */
	const underway = new Set<ServerResponse>();
	let stopping: Promise<void> | undefined;
	let answered = (): void => {};
	const headers = Object.entries(baseHeaders(options.origin));
	const server = createHttpServer((req, res) => {
		underway.add(res);
		res.once('close', () => {
			underway.delete(res);
			if (underway.size === 0) answered();
		});
		try {
			for (const [name, value] of headers) res.setHeader(name, value);
			// While stopping, every answer ends its connection, so keep-alive holds none open.
			if (stopping) res.setHeader('Connection', 'close');
			if (app.handleHttp(req, res)) return;
			if (options.pages) options.pages(req, res, notFound(res));
			else notFound(res)();
		} catch (error) {
			log('request failed', error);
			if (!res.headersSent) res.writeHead(500);
			res.end();
		}
	});
	// Slow clients may not hold connections open for long: a request's headers must come within
	// 10 seconds and the whole request within 30 (bodies are at most 64 KiB).
	server.headersTimeout = 20_000;
	server.requestTimeout = 30_000;
	// Phones send a vote now and then: keeping their connection a minute saves a new connection
	// (and, behind TLS, a handshake) per vote when a room votes at once.
	server.keepAliveTimeout = 65_000;
	// Open connections, sockets included, stay below the file limit, so a flood of connections
	// is refused at the door instead of starving the database of file descriptors.
	const files = openFileLimit();
	server.maxConnections = Math.max(
		64,
		Math.min(app.limits.connections, files ? files - SPARE_FILES : Infinity)
	);
	limitConnectionsPerAddress(server, app.limits.connectionsPerAddress, options);

	server.on('upgrade', (req, socket, head) => {
		socket.on('error', destroyOnError);
		// A kept-alive connection may still ask for a socket while the server stops.
		if (stopping) {
			socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\n\r\n');
			return;
		}
		try {
			if (!app.handleUpgrade(req, socket, head)) socket.destroy();
		} catch (error) {
			log('upgrade failed', error);
			socket.destroy();
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		// A room that votes at once opens many connections at once; the default backlog of 511
		// overflows and leaves phones waiting seconds for the kernel to retry.
		server.listen({ port: options.port, host: options.host, backlog: 4096 }, () => resolve());
	});
	const address = server.address() as AddressInfo;
	onNetwork = () => lanOrigins(networkInterfaces(), address.address, address.port);
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	app.logger.info('listening', { host: address.address, port: address.port });
	/** Every open connection, sync sockets included: what is left at the end is destroyed. */
	const connections = new Set<Socket>();
	// One listener for every connection (told apart by `this`), not a closure per connection: a
	// thousand phones' sync sockets stay open all session (see "What a connected phone costs").
	function forget(this: Socket): void {
		connections.delete(this);
	}
	server.on('connection', (socket: Socket) => {
		connections.add(socket);
		socket.on('close', forget);
	});
	const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));

	async function shutdown({ graceMs = DEFAULT_SHUTDOWN_GRACE_MS, hurry }: ShutdownOptions) {
		try {
			// No new connections; idle kept-alive ones close now, busy ones after their answer.
			server.close();
			server.closeIdleConnections();
			for (const res of underway) if (!res.headersSent) res.setHeader('Connection', 'close');
			if (underway.size > 0) {
				app.logger.info(`stopping: answering ${underway.size} requests under way first`);
				await within(graceMs, hurry, new Promise<void>((resolve) => (answered = resolve)));
				if (underway.size > 0) log(`stopping: ${underway.size} requests cut off`);
			}
			// What is still under way now is cut off before the store closes under it.
			server.closeAllConnections();
		} finally {
			// Sockets get 1012 and the rooms are saved, the log checkpointed: whatever came before.
			app.close();
		}
		// The close frames go out and come back; sockets that do not answer are cut.
		await within(SOCKET_CLOSE_MS, hurry, closed);
		for (const socket of connections) socket.destroy();
	}

	return {
		url: `http://${host}:${address.port}`,
		port: address.port,
		lanOrigins: lan,
		close: () =>
			new Promise<void>((resolve) => {
				app.close();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
		shutdown(options = {}) {
			stopping ??= shutdown(options);
			return stopping;
		}
	};
}

/** Waits for `done`, but no longer than `ms`, and not at all once `hurry` is aborted. */
function within(ms: number, hurry: AbortSignal | undefined, done: Promise<void>): Promise<void> {
	if (hurry?.aborted) return Promise.resolve();
	return new Promise<void>((resolve) => {
		const timer = setTimeout(finish, ms);
		function finish(): void {
			clearTimeout(timer);
			hurry?.removeEventListener('abort', finish);
			resolve();
		}
		hurry?.addEventListener('abort', finish, { once: true });
		void done.then(finish);
	});
}

/**
 * Caps the TCP connections one client address holds open (pages, API and sockets), so no one
 * client can take all of `maxConnections`. The cap is high: a venue's NAT can put a whole room
 * behind one address. Connections from a trusted proxy are not counted here; behind it, the
 * sync endpoint counts sockets per forwarded address instead.
 */
function limitConnectionsPerAddress(
	server: ReturnType<typeof createHttpServer>,
	cap: number,
	options: Pick<AppOptions, 'trustProxy'>
): void {
	const open = new Map<string, number>();
	server.on('connection', (socket: Socket) => {
		const remote = socket.remoteAddress ?? '';
		if (options.trustProxy && trusted(options.trustProxy, remote)) return;
		const key = addressKey(remote);
		const count = open.get(key) ?? 0;
		if (count >= cap) {
			socket.destroy();
			return;
		}
		open.set(key, count + 1);
		// A connection closes once: `on` spares the wrapper `once` keeps for as long as it is open.
		socket.on('close', () => {
			const left = (open.get(key) ?? 1) - 1;
			if (left <= 0) open.delete(key);
			else open.set(key, left);
		});
	});
}
