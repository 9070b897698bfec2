import {
	createServer as createHttpServer,
	type IncomingMessage,
	type ServerResponse
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app.ts';
import { BASE_HEADERS } from './http.ts';

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
	close(): Promise<void>;
}

/** One process, one port: pages, JSON API and Yjs sync. */
export async function createServer(options: ServerOptions): Promise<RunningServer> {
	const app = createApp(options);
	const notFound = (res: ServerResponse) => (): void => {
		res.writeHead(404, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
		res.end('Not found');
	};
	const server = createHttpServer((req, res) => {
		for (const [name, value] of Object.entries(BASE_HEADERS)) res.setHeader(name, value);
		if (app.handleHttp(req, res)) return;
		if (options.pages) options.pages(req, res, notFound(res));
		else notFound(res)();
	});
	server.on('upgrade', (req, socket, head) => {
		if (!app.handleUpgrade(req, socket, head)) socket.destroy();
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => resolve());
	});
	const address = server.address() as AddressInfo;
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return {
		url: `http://${host}:${address.port}`,
		close: () =>
			new Promise<void>((resolve) => {
				app.close();
				server.close(() => resolve());
				server.closeAllConnections();
			})
	};
}
