/**
 * WebSocket close codes of the sync socket, shared by the server and the browser. The
 * y-websocket client does not reconnect after a code in 4400-4499 (a deliberate refusal, like an
 * HTTP 4xx), and reconnects, with backoff, after anything else.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-7.4.2
 */
export const CloseCode = {
	/**
	 * The socket sent frames faster than allowed (policy violation). Not a refusal for good: a
	 * client overwhelmed by a burst reconnects after a backoff, a flood is slowed by it.
	 */
	tooManyMessages: 1008,
	/** A frame over the size limit (the `ws` library closes with this itself). */
	messageTooBig: 1009,
	/** The session's room failed on the server and was unloaded; reconnecting loads it again. */
	roomFailed: 1011,
	/** The server is shutting down; the client should come back. */
	serverRestart: 1012,
	/** Over a connection limit, or the session cannot be opened right now; come back later. */
	tryAgainLater: 1013,
	/** A message could not be decoded; reconnecting would send it again. */
	malformedMessage: 4400,
	/**
	 * No credential, or one that does not open this session: the first frame was not a
	 * credential frame (src/lib/sync/auth-frame.ts), or its credential is wrong.
	 */
	unauthorized: 4401,
	/**
	 * A facilitator's update changed something other than a co-edited text (or put characters
	 * there that no document may hold); it was not applied, stored or passed on.
	 */
	updateRefused: 4403,
	/** The session does not exist (or no longer does). */
	sessionNotFound: 4404,
	/** More sockets than one credential may hold: the oldest is closed. */
	replaced: 4409,
	/** The session was deleted while this socket was open. */
	sessionDeleted: 4410,
	/** An update larger than allowed, or one that would grow the document past its cap. */
	tooLarge: 4413,
	/**
	 * The socket's URL has a query string: a client from before credentials moved into the first
	 * frame (HTTP's 426 Upgrade Required). Such a page is told to reload, which brings the
	 * current client; its credential stays good, so it is not `unauthorized`.
	 */
	upgradeRequired: 4426,
	/**
	 * No credential frame arrived in time (`socketAuthMs`). Not a refusal for good, unlike
	 * `unauthorized`: a phone that froze between connecting and sending simply tries again.
	 * HTTP's 408 Request Timeout, moved from 44xx into 45xx, the range y-websocket retries.
	 */
	authTimeout: 4508
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Codes after which the session is not there any more: the page says so instead of retrying. */
export const SESSION_GONE_CODES: ReadonlySet<number> = new Set([
	CloseCode.sessionNotFound,
	CloseCode.sessionDeleted
]);
