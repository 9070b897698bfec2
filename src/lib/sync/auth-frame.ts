import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The message type of the credential frame, the first frame every sync socket sends. It is our
 * own: y-websocket uses 0-3 (sync, awareness, auth, query awareness), and y-protocols' `auth`
 * (2) only carries a "permission denied" from server to client.
 */
export const CREDENTIAL_MESSAGE_TYPE = 100;

/** Longer than any credential (see server/credentials.ts); a longer one is not read at all. */
export const MAX_CREDENTIAL_LENGTH = 256;

/** The type, a varuint string length and at most MAX_CREDENTIAL_LENGTH ASCII characters. */
export const MAX_CREDENTIAL_FRAME_BYTES = 1 + 2 + MAX_CREDENTIAL_LENGTH;

/**
 * The frame that authenticates a sync socket, y-websocket style: a varuint message type, then
 * the credential as a varstring. It travels inside the socket, so the credential never appears
 * in a URL that the server, a proxy or a browser's history records.
 */
export function encodeCredentialFrame(credential: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, CREDENTIAL_MESSAGE_TYPE);
	encoding.writeVarString(encoder, credential);
	return encoding.toUint8Array(encoder);
}

/**
 * The credential a credential frame carries; undefined for anything else: another message type,
 * a truncated or oversized frame, trailing bytes, or an empty or overlong credential.
 */
export function decodeCredentialFrame(frame: Uint8Array): string | undefined {
	if (frame.length > MAX_CREDENTIAL_FRAME_BYTES) return undefined;
	try {
		const decoder = decoding.createDecoder(frame);
		if (decoding.readVarUint(decoder) !== CREDENTIAL_MESSAGE_TYPE) return undefined;
		const credential = decoding.readVarString(decoder);
		if (decoding.hasContent(decoder)) return undefined;
		return credential.length > 0 && credential.length <= MAX_CREDENTIAL_LENGTH
			? credential
			: undefined;
	} catch {
		// lib0 throws on a length that runs past the frame, TextDecoder on invalid UTF-8.
		return undefined;
	}
}

/**
 * A WebSocket class for y-websocket's `WebSocketPolyfill` that sends `credential` as its first
 * frame. y-websocket constructs the socket and only then sets `onopen` (which sends its sync
 * step 1); the listener added here in the constructor comes first, because event listeners run
 * in the order they were added, and an `on<event>` handler takes its place in that order when it
 * is set (the HTML standard, which the `ws` package follows too).
 * @param Base the browser's WebSocket, or a Node one (`ws`) in tests and the benchmark
 * @see https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-attributes
 */
export function credentialWebSocket(
	credential: string,
	Base: typeof WebSocket = WebSocket
): typeof WebSocket {
	const frame = encodeCredentialFrame(credential);
	return class CredentialWebSocket extends Base {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols);
			this.addEventListener('open', () => this.send(frame));
		}
	};
}
