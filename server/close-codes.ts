/**
 * WebSocket close codes the sync endpoint uses. The y-websocket client does not reconnect after
 * a code in 4400-4499 (a deliberate refusal), and does reconnect after anything else.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-7.4.2
 */
export const CloseCode = {
	/** A message could not be decoded; reconnecting would send it again. */
	malformedMessage: 4400,
	/** No credential, or one that does not open this session. */
	unauthorized: 4401,
	/** The session does not exist (or no longer does). */
	sessionNotFound: 4404,
	/** The session was deleted while this socket was open. */
	sessionDeleted: 4410,
	/** The server is shutting down; the client should come back. */
	serverRestart: 1012,
	/** A frame over the size limit (the `ws` library closes with this itself). */
	messageTooBig: 1009
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
