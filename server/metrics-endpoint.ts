import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import { addressKey, clientAddress } from './client-address.ts';
import { hashSecret, secretMatches } from './credentials.ts';
import { HttpError, tooManyRequests } from './errors.ts';
import { GuessLimiter } from './guess-limiter.ts';
import { BASE_HEADERS, bearer, sendError } from './http.ts';
import type { Limits } from './limits.ts';
import type { LogFunction } from './log.ts';
import type { Metrics } from './metrics.ts';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus.ts';
import type { Rooms } from './rooms.ts';

export const METRICS_PATH = '/metrics';

export interface MetricsEndpointOptions {
	/** `METRICS_TOKEN`; without one there is no /metrics (404), as if it did not exist. */
	token?: string;
	metrics: Metrics;
	rooms: Rooms;
	dataDir: string;
	limits: Pick<
		Limits,
		'failedOrganizerKeysPerAddress' | 'failedOrganizerKeys' | 'failedJoinMemoryMs'
	>;
	trustProxy?: BlockList;
	now: () => number;
	log: LogFunction;
}

/**
 * `GET /metrics` for Prometheus, behind `Authorization: Bearer <METRICS_TOKEN>`. The figures say
 * how busy the server is and when sessions run, so they are not public. An operator may pick a
 * memorable token, so wrong ones are limited as wrong organizer keys are (per address and over
 * all addresses). Returns false for any other path.
 */
export function createMetricsEndpoint(
	options: MetricsEndpointOptions
): (req: IncomingMessage, res: ServerResponse) => boolean {
	const tokenHash = options.token === undefined ? undefined : hashSecret(options.token);
	const guesses = new GuessLimiter({
		perAddress: options.limits.failedOrganizerKeysPerAddress,
		everyone: options.limits.failedOrganizerKeys,
		memoryMs: options.limits.failedJoinMemoryMs
	});

	function serve(req: IncomingMessage, res: ServerResponse): void {
		if (!tokenHash) throw new HttpError('not_found', 'There is no such endpoint.');
		if (req.method !== 'GET') {
			throw new HttpError('method_not_allowed', 'Use GET here.', { Allow: 'GET' });
		}
		const address = addressKey(clientAddress(req, options.trustProxy));
		const wait = guesses.admit(address, options.now());
		if (wait > 0) {
			throw tooManyRequests(
				wait,
				'Too many wrong metrics tokens from this address; try again later.',
				'too_many_attempts'
			);
		}
		if (!secretMatches(bearer(req) ?? '', tokenHash)) {
			guesses.failed(address, options.now());
			throw new HttpError('unauthorized', 'Reading the metrics needs the metrics token.');
		}
		const text = options.metrics.render(options.rooms, options.dataDir);
		res.writeHead(200, {
			...BASE_HEADERS,
			'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
			'Cache-Control': 'no-store',
			'Content-Type': PROMETHEUS_CONTENT_TYPE,
			'Content-Length': Buffer.byteLength(text)
		});
		res.end(text);
	}

	return (req, res) => {
		if ((req.url ?? '/').split('?')[0] !== METRICS_PATH) return false;
		try {
			serve(req, res);
		} catch (error) {
			if (!(error instanceof HttpError)) options.log('reading the metrics failed', error);
			const answer =
				error instanceof HttpError
					? error
					: new HttpError('internal', 'Something went wrong on the server.');
			if (!res.headersSent) sendError(res, answer);
			else res.end();
		}
		return true;
	};
}
