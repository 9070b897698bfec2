/**
 * Message types of the y-websocket wire protocol: each frame starts with one of these as a
 * varuint, followed by its payload.
 * @see https://github.com/yjs/y-websocket (the client this server speaks to)
 */
export const MessageType = {
	/** y-protocols/sync: step 1 (state vector), step 2 (missing updates) or an update. */
	sync: 0,
	/** y-protocols/awareness: an encoded awareness update. */
	awareness: 1,
	/** y-protocols/auth: permission denied; the server never needs to receive it. */
	auth: 2,
	/** Asks for every awareness state. */
	queryAwareness: 3
} as const;

/** Sub-types inside a sync message (y-protocols/sync). */
export const SyncMessageType = {
	step1: 0,
	step2: 1,
	update: 2
} as const;

/** Awareness states bigger than this are refused: presence is a few fields, not a document. */
export const MAX_AWARENESS_STATE_BYTES = 4096;
