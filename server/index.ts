import {
	createServer as createHttpServer,
	type IncomingMessage,
	type ServerResponse
} from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { createApp, type AppOptions } from './app.ts';
import { addressKey, trusted } from './client-address.ts';
import { BASE_HEADERS, baseHeaders } from './http.ts';
import { lanOrigins } from './lan.ts';

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
	close(): Promise<void>;
}

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
	const log = options.log ?? ((message: string) => console.error(`[koersbord] ${message}`));
	const notFound = (res: ServerResponse) => (): void => {
		res.writeHead(404, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
		res.end('Not found');
	};
	const headers = Object.entries(baseHeaders(options.origin));
	const server = createHttpServer((req, res) => {
		try {
			for (const [name, value] of headers) res.setHeader(name, value);
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
		socket.on('error', () => socket.destroy());
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
	return {
		url: `http://${host}:${address.port}`,
		port: address.port,
		lanOrigins: lan,
		close: () =>
			new Promise<void>((resolve) => {
				app.close();
				server.close(() => resolve());
				server.closeAllConnections();
			})
	};
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
		socket.once('close', () => {
			const left = (open.get(key) ?? 1) - 1;
			if (left <= 0) open.delete(key);
			else open.set(key, left);
		});
	});
}
