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
