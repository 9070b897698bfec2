// How the benchmark's simulated devices reach a server: each from a loopback address of its own,
// over the JSON API with keep-alive connections, as phones on their own networks would.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** Wall-clock milliseconds with sub-millisecond precision, comparable across threads. */
export const now = () => performance.timeOrigin + performance.now();

/**
 * The loopback address of simulated device `index` (0, 1, …) in the range that starts at
 * 127.`first`.0.1: 254 to a /24, as tests/helpers/loopback.ts deals them out (this file is plain
 * JavaScript and cannot import it). The server limits joins, session creations and connections
 * per client address, and all of 127.0.0.0/8 reaches this machine, so every simulated phone and
 * facilitator gets an address of its own and meets those limits as real devices on their own
 * networks would, instead of the limits being switched off for the benchmark.
 */
function loopbackAddress(index, first) {
	const block = Math.floor(index / 254);
	return `127.${first + Math.floor(block / 256)}.${block % 256}.${(index % 254) + 1}`;
}
// Phones from 127.1.0.1 on; a facilitator's laptop (which also runs the projector) from
// 127.128.0.1 on, far above the phones of the largest run (5,000: 127.1.0.1–127.1.19.174).
export const phoneAddress = (index) => loopbackAddress(index, 1);
export const facilitatorAddress = (index) => loopbackAddress(index, 128);

// Devices reuse connections, as browsers do. The agent keeps connections apart by local
// address, so each phone reuses only its own, as it would on its own network; a facilitator's
// calls share at most a few.
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** Closes the kept connections (between runs: the next server is another one). */
export const closeConnections = () => agent.destroy();

/** A call the server refused (status 400 or more). */
export class RefusedError extends Error {
	constructor(method, path, from, status, text, retryAfter) {
		super(
			`${method} ${path} from ${from}: ${status} ${text}` +
				(retryAfter ? ` (Retry-After ${retryAfter} s)` : '')
		);
		this.status = status;
	}
}

/**
 * A JSON call from the local address `from`. A reused connection the server has just closed (its
 * keep-alive timeout) is retried, as a phone retries: intents carry their id, so a retry never
 * counts twice. Anything else, a 429 of the server's limits included, is thrown: in a latency run
 * a refused call would be a vote or a phone missing from the figures.
 */
export async function api(from, url, method, path, credential, body, attempts = 3) {
	try {
		return await request(from, url, method, path, credential, body);
	} catch (error) {
		if (attempts <= 1 || !['ECONNRESET', 'EPIPE'].includes(error.code)) throw error;
		return api(from, url, method, path, credential, body, attempts - 1);
	}
}

function request(from, url, method, path, credential, body) {
	const payload = body === undefined ? undefined : JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const request = http.request(
			url + path,
			{
				method,
				agent,
				localAddress: from,
				headers: {
					'Content-Type': 'application/json',
					...(payload ? { 'Content-Length': Buffer.byteLength(payload) } : {}),
					...(credential ? { Authorization: `Bearer ${credential}` } : {})
				}
			},
			(response) => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk) => (text += chunk));
				response.on('end', () => {
					if (response.statusCode >= 400) {
						const retry = response.headers['retry-after'];
						reject(new RefusedError(method, path, from, response.statusCode, text, retry));
					} else resolve(text ? JSON.parse(text) : null);
				});
			}
		);
		request.on('error', reject);
		request.end(payload);
	});
}

/** Runs `task` over `items` with at most `limit` at once; the results in the items' order. */
export async function pool(items, limit, task) {
	const queue = [...items.entries()];
	const results = [];
	const worker = async () => {
		for (let next = queue.shift(); next; next = queue.shift()) {
			results[next[0]] = await task(next[1], next[0]);
		}
	};
	await Promise.all(Array.from({ length: limit }, worker));
	return results;
}

/** The value at percentile `p` of ascending `sorted` (nearest rank), NaN when empty. */
export function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return sorted[Math.max(0, index)];
}

/** p50, p95 and p99 of `values` (any order). */
export function percentiles(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return {
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted.at(-1) ?? NaN
	};
}

export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
