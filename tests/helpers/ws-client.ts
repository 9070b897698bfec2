import { onTestFinished } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { credentialWebSocket, encodeCredentialFrame } from '../../src/lib/sync/auth-frame.ts';
import { webSocketFrom } from './loopback.ts';

export interface SyncClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Resolves once the first full sync from the server arrived. */
	synced: Promise<void>;
	/** Resolves with the close code when the server refuses the socket for good. */
	refused: Promise<number>;
}

export interface SyncOptions {
	/** `private`: the facilitators' own document (`/sync/<id>/private`) instead of the shared one. */
	channel?: 'shared' | 'private';
	/** The local address the socket leaves from (see loopback.ts); the default one if not given. */
	from?: string;
}

/**
 * The stock y-websocket client over a real socket, as the browser uses it (its credential in
 * its first frame), with its own doc. Destroyed when the test ends.
 */
export function connectSync(
	server: { url: string },
	sessionId: string,
	token: string,
	{ channel = 'shared', from }: SyncOptions = {}
): SyncClient {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(
		`${server.url.replace(/^http/, 'ws')}/sync`,
		channel === 'private' ? `${sessionId}/private` : sessionId,
		doc,
		{
			WebSocketPolyfill: credentialWebSocket(
				token,
				from ? webSocketFrom(from) : (WebSocket as unknown as typeof globalThis.WebSocket)
			),
			disableBc: true
		}
	);
	provider.awareness.setLocalState({ online: true });
	const synced = new Promise<void>((resolve) => {
		if (provider.synced) resolve();
		provider.on('sync', (state: boolean) => state && resolve());
	});
	const refused = new Promise<number>((resolve) => {
		provider.on('closed', ({ code }) => resolve(code));
	});
	onTestFinished(() => {
		provider.destroy();
		doc.destroy();
	});
	return { doc, provider, synced, refused };
}

/** A raw sync socket as a test holds it: the socket, and the close code once it closed. */
export interface RawSyncSocket {
	socket: WebSocket;
	/** Resolves with the close code (and reason) when the socket closes. */
	closed: Promise<{ code: number; reason: string }>;
}

/**
 * A raw sync socket to `path` (`/sync/<id>` or `/sync/<id>/private`) that sends `credential` in
 * its first frame as soon as it opens (none when undefined), for tests that send frames by hand.
 * Resolves once the socket is open (or has already closed).
 */
export async function openRawSync(
	server: { url: string },
	path: string,
	credential: string | undefined,
	from?: string
): Promise<RawSyncSocket> {
	const socket = new WebSocket(
		`${server.url.replace(/^http/, 'ws')}${path}`,
		from ? { localAddress: from } : {}
	);
	socket.on('error', () => {});
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	onTestFinished(() => socket.terminate());
	await new Promise<void>((resolve) => {
		socket.once('open', () => {
			if (credential !== undefined) socket.send(encodeCredentialFrame(credential));
			resolve();
		});
		socket.once('close', () => resolve());
	});
	return { socket, closed };
}
