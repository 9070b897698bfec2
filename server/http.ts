import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from '../src/lib/api/error-codes.ts';
import { HttpError } from './errors.ts';

/** Request bodies are small JSON objects; anything larger is refused before it is read whole. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Headers every response of ours carries: nothing is cached, sniffed, framed or referred. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

/**
 * `Strict-Transport-Security` for a board whose public origin is https: a browser that has seen
 * it once goes there over https for a year, even when a person types the bare host name, so no
 * first request (with a join code or a facilitator's page) travels in the clear for a network to
 * read or rewrite. Not on an http origin: a laptop in a room serves plain http on purpose.
 * @see https://www.rfc-editor.org/rfc/rfc6797
 */
export const HSTS = 'max-age=31536000';

/** The headers every response carries on a board served at `origin` (`ORIGIN`). */
export function baseHeaders(origin: string | undefined): Readonly<Record<string, string>> {
	return origin?.startsWith('https://')
		? { ...BASE_HEADERS, 'Strict-Transport-Security': HSTS }
		: BASE_HEADERS;
}

const API_HEADERS: Readonly<Record<string, string>> = {
	...BASE_HEADERS,
	'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
	'Cache-Control': 'no-store'
};

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {}
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...API_HEADERS,
		...headers,
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text)
	});
	res.end(text);
}

/** A file to download; the name is ASCII by construction, so it needs no encoding. */
export function sendFile(
	res: ServerResponse,
	file: { body: Buffer; contentType: string; filename: string }
): void {
	res.writeHead(200, {
		...API_HEADERS,
		'Content-Type': file.contentType,
		'Content-Length': file.body.length,
		'Content-Disposition': `attachment; filename="${file.filename}"`
	});
	res.end(file.body);
}

export function sendNoContent(res: ServerResponse): void {
	res.writeHead(204, API_HEADERS);
	res.end();
}

export function sendError(res: ServerResponse, error: HttpError): void {
	sendJson(
		res,
		error.status,
		{ error: { code: error.code, message: error.message } } satisfies ApiError,
		error.headers
	);
}

/**
 * Reads and parses a JSON body, refusing oversized and malformed ones with clear errors. Read
 * through the stream's events rather than an async iterator, which costs a promise per chunk
 * and a few objects per request: every vote comes through here.
 */
export function readJson(req: IncomingMessage): Promise<unknown> {
	const declared = Number(req.headers['content-length'] ?? 0);
	if (declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const done = (): void => {
			req.off('data', onData);
			req.off('end', onEnd);
			req.off('error', onError);
			req.off('close', onClose);
		};
		const onData = (chunk: Buffer): void => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				done();
				// As a stream left half read is: the rest is not read, the connection is cut.
				req.destroy();
				reject(tooLarge());
				return;
			}
			chunks.push(chunk);
		};
		const onEnd = (): void => {
			done();
			if (size === 0) {
				reject(new HttpError('invalid_json', 'The request needs a JSON body.'));
				return;
			}
			try {
				const text =
					chunks.length === 1
						? chunks[0]!.toString('utf8')
						: Buffer.concat(chunks).toString('utf8');
				resolve(JSON.parse(text) as unknown);
			} catch {
				reject(new HttpError('invalid_json', 'The request body is not valid JSON.'));
			}
		};
		const onError = (error: Error): void => {
			done();
			reject(error);
		};
		// Closed before its end: the client went away in the middle of its body.
		const onClose = (): void => {
			done();
			reject(new Error('the request was closed before its body ended'));
		};
		req.on('data', onData);
		req.on('end', onEnd);
		req.on('error', onError);
		req.on('close', onClose);
	});
}

const tooLarge = (): HttpError =>
	new HttpError('payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);

/** The credential from `Authorization: Bearer …`, if any. */
export function bearer(req: IncomingMessage): string | undefined {
	const header = req.headers.authorization;
	if (!header) return undefined;
	const match = /^Bearer\s+(\S+)$/i.exec(header);
	return match?.[1];
}
