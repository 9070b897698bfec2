import {
	errorStatus,
	type ErrorCode,
	type ErrorCodeFor,
	type ErrorStatus
} from '../src/lib/api/error-codes.ts';

/**
 * An error meant for the client: a stable code and a human message. The status comes from the
 * code (see error-codes.ts), so the two can never disagree.
 */
export class HttpError extends Error {
	readonly status: ErrorStatus;

	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
		this.status = errorStatus[code];
	}
}

export const unauthorized = (): HttpError =>
	new HttpError('unauthorized', 'A valid key or token for this session is required.');

export const sessionNotFound = (): HttpError =>
	new HttpError('session_not_found', 'There is no session with this id.');

/** 429 with the seconds to wait, rounded up, in `Retry-After`. */
export const tooManyRequests = (
	waitMs: number,
	message: string,
	code: ErrorCodeFor<429> = 'too_many_requests'
): HttpError =>
	new HttpError(code, message, {
		'Retry-After': String(Number.isFinite(waitMs) ? Math.max(1, Math.ceil(waitMs / 1000)) : 3600)
	});
