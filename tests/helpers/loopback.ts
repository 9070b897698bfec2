import { randomInt } from 'node:crypto';
import { request } from 'node:http';
import { createServer } from 'node:net';
import WebSocket from 'ws';

/**
 * The loopback address of simulated device `index` (0, 1, …): 127.1.0.1, 127.1.0.2, …, 254 to a
 * /24. All of 127.0.0.0/8 reaches this machine, so each simulated phone can have an address of
 * its own and meet the server's per-address limits as real phones on their own networks would,
 * instead of the limits being switched off for tests.
 */
export function loopbackAddress(index: number): string {
	const block = Math.floor(index / 254);
	return `127.${1 + Math.floor(block / 256)}.${block % 256}.${(index % 254) + 1}`;
}

export interface RawResponse {
	status: number;
	/** The body as text, as it came (an export is no JSON). */
	text: string;
	headers: Record<string, string | string[] | undefined>;
}

export interface JsonResponse<T> {
	status: number;
	body: T;
	headers: Record<string, string | string[] | undefined>;
}

export interface RequestOptions {
	method?: string;
	body?: unknown;
	/** A body sent exactly as written (malformed JSON, a key such as `__proto__`). */
	rawBody?: string;
	credential?: string;
	headers?: Record<string, string>;
}

/** The body and headers a JSON request with `options` sends (over http or https alike). */
export function requestParts(options: RequestOptions): {
	payload: string | undefined;
	headers: Record<string, string>;
} {
	const payload =
		options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		...options.headers
	};
	if (options.credential) headers.Authorization = `Bearer ${options.credential}`;
	if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
	return { payload, headers };
}

/** A request to `url`, sent from the local address `from`, on a connection of its own. */
export function sendFrom(
	from: string,
	url: string,
	options: RequestOptions = {}
): Promise<RawResponse> {
	const { payload, headers } = requestParts(options);
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{ method: options.method ?? 'GET', headers, localAddress: from, agent: false },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						text: Buffer.concat(chunks).toString('utf8'),
						headers: res.headers
					})
				);
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end(payload);
	});
}

/** A JSON request to `url`, sent from the local address `from`. */
export async function requestFrom<T = Record<string, unknown>>(
	from: string,
	url: string,
	options: RequestOptions = {}
): Promise<JsonResponse<T>> {
	const { status, text, headers } = await sendFrom(from, url, options);
	return { status, body: (text ? JSON.parse(text) : null) as T, headers };
}

/**
 * A WebSocket class whose sockets leave from `from`, for y-websocket's `WebSocketPolyfill`
 * (which only ever passes a URL and, at most, protocols).
 */
export function webSocketFrom(from: string): typeof globalThis.WebSocket {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { localAddress: from });
		}
	} as unknown as typeof globalThis.WebSocket;
}

/**
 * Ports the kernel never hands out for a listen on port 0: below Linux's ephemeral range
 * (32768-60999), so a server or provider another test starts on port 0 cannot take the port
 * between this probe and the server that listens on it.
 */
const FIXED_PORTS = { from: 20_000, to: 32_767 } as const;

/**
 * A free port on 127.0.0.1, for a server whose address must be known before it starts (its
 * ORIGIN, or a redirect URI registered with an identity provider). Picked at random outside the
 * ephemeral range (see FIXED_PORTS), and probed: a port in use is skipped for another.
 */
export async function freePort(): Promise<number> {
	for (;;) {
		const port = FIXED_PORTS.from + randomInt(FIXED_PORTS.to - FIXED_PORTS.from + 1);
		const free = await new Promise<boolean>((resolve) => {
			const probe = createServer();
			probe.once('error', () => resolve(false));
			probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
		});
		if (free) return port;
	}
}
