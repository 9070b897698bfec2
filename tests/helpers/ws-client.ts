import { onTestFinished } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
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
 * The stock y-websocket client over a real socket, as the browser uses it, with its own doc.
 * Destroyed when the test ends.
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
			params: { token },
			WebSocketPolyfill: from
				? webSocketFrom(from)
				: (WebSocket as unknown as typeof globalThis.WebSocket),
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
