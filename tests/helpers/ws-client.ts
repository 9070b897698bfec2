import { onTestFinished } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';

export interface SyncClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Resolves once the first full sync from the server arrived. */
	synced: Promise<void>;
	/** Resolves with the close code when the server refuses the socket for good. */
	refused: Promise<number>;
}

/**
 * The stock y-websocket client over a real socket, as the browser uses it, with its own doc.
 * Destroyed when the test ends.
 */
export function connectSync(server: { url: string }, sessionId: string, token: string): SyncClient {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(
		`${server.url.replace(/^http/, 'ws')}/sync`,
		sessionId,
		doc,
		{
			params: { token },
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
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
