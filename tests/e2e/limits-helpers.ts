import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { encodeCredentialFrame } from '../../src/lib/sync/auth-frame';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../../src/lib/model/join-code';
import { requestFrom, type JsonResponse } from '../helpers/loopback';

/** The error body every endpoint answers with. */
export interface ErrorBody {
	error: { code: string; message: string };
}

/**
 * A join by code from the local address `from`, with extra headers (X-Forwarded-For): the
 * answer as a phone or a script sees it, status, body and headers.
 */
export function joinFrom(
	from: string,
	origin: string,
	code: string,
	headers: Record<string, string> = {}
): Promise<JsonResponse<{ token?: string } & Partial<ErrorBody>>> {
	return requestFrom(from, `${origin}/api/join`, { method: 'POST', body: { code }, headers });
}

/** `count` different well-formed join codes, none of them `except`: guesses that count. */
export function wrongCodes(count: number, except: string): string[] {
	const codes = new Set<string>();
	while (codes.size < count) {
		let code = '';
		for (let i = 0; i < JOIN_CODE_LENGTH; i++) {
			code += JOIN_CODE_ALPHABET[Math.floor(Math.random() * JOIN_CODE_ALPHABET.length)];
		}
		if (code !== except) codes.add(code);
	}
	return [...codes];
}

/** `code` with one character changed, as a person mistypes it. */
export function typo(code: string, at: number): string {
	const wrong =
		JOIN_CODE_ALPHABET[(JOIN_CODE_ALPHABET.indexOf(code[at]!) + 1) % JOIN_CODE_ALPHABET.length]!;
	return `${code.slice(0, at)}${wrong}${code.slice(at + 1)}`;
}

/** Runs `task` over `items`, at most `width` at a time, and returns the results in order. */
export async function inParallel<T, R>(
	items: readonly T[],
	width: number,
	task: (item: T, index: number) => Promise<R>
): Promise<R[]> {
	const results: R[] = new Array<R>(items.length);
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < items.length) {
			const index = next++;
			results[index] = await task(items[index]!, index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
	return results;
}

/** The `p`-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** A sync socket as a test holds it: the socket, and the close code once the server closed it. */
export interface HeldSocket {
	socket: WebSocket;
	closedWith?: number;
}

/**
 * Opens `count` sync sockets to `url` with one credential (sent as each one's first frame) from
 * one address, one after the other (each open, its credential sent, before the next starts), so
 * the server sees them in this order.
 */
export async function openSockets(
	url: string,
	credential: string,
	count: number,
	localAddress: string
): Promise<HeldSocket[]> {
	const held: HeldSocket[] = [];
	for (let i = 0; i < count; i++) {
		const entry: HeldSocket = { socket: new WebSocket(url, { localAddress }) };
		entry.socket.on('close', (code) => (entry.closedWith = code));
		entry.socket.on('error', () => {});
		held.push(entry);
		await new Promise<void>((resolve, reject) => {
			entry.socket.once('open', () => {
				entry.socket.send(encodeCredentialFrame(credential), () => resolve());
			});
			entry.socket.once('close', () => reject(new Error(`socket ${i} closed before it opened`)));
		});
	}
	return held;
}

/** A plain TCP connection from `localAddress`, and whether the server has closed it. */
export interface HeldConnection {
	socket: Socket;
	closed: boolean;
}

/** Opens a TCP connection and resolves once it is connected (or already closed again). */
export function openConnection(port: number, localAddress: string): Promise<HeldConnection> {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port, localAddress });
		const held: HeldConnection = { socket, closed: false };
		socket.on('error', () => {});
		socket.once('close', () => {
			held.closed = true;
			resolve(held);
		});
		socket.once('connect', () => resolve(held));
	});
}

/** This process's soft limit of open files (Linux); the boards it starts inherit it. */
export function openFileLimit(): number {
	try {
		const soft = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
		return soft ? Number(soft) : Infinity;
	} catch {
		return Infinity;
	}
}

/**
 * A join whose headers go out now and whose body waits for `send()`, as a client that sends
 * slowly (or on purpose) does: the server has the request before it can read the code.
 */
export function heldJoin(
	from: string,
	origin: string,
	code: string
): { connected: Promise<void>; send: () => void; answer: Promise<number> } {
	const payload = JSON.stringify({ code });
	const req = request(`${origin}/api/join`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			'Content-Length': String(Buffer.byteLength(payload))
		},
		localAddress: from,
		agent: false
	});
	const answer = new Promise<number>((resolve, reject) => {
		req.on('response', (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('error', reject);
	});
	const connected = new Promise<void>((resolve) =>
		req.on('socket', (socket) => socket.once('connect', () => resolve()))
	);
	req.flushHeaders();
	return { connected, send: () => req.end(payload), answer };
}
