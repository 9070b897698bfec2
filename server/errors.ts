/** An error meant for the client: a status, a stable code and a human message. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
	}
}

export const unauthorized = (): HttpError =>
	new HttpError(401, 'unauthorized', 'A valid key or token for this session is required.');

export const sessionNotFound = (): HttpError =>
	new HttpError(404, 'session_not_found', 'There is no session with this id.');

/** 429 with the seconds to wait, rounded up, in `Retry-After`. */
export const tooManyRequests = (
	waitMs: number,
	message: string,
	code = 'too_many_requests'
): HttpError =>
	new HttpError(429, code, message, {
		'Retry-After': String(Number.isFinite(waitMs) ? Math.max(1, Math.ceil(waitMs / 1000)) : 3600)
	});
