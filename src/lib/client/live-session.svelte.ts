import { createSubscriber } from 'svelte/reactivity';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { presentParticipantIds } from '$lib/model/presence';
import { credentialWebSocket } from '$lib/sync/auth-frame';
import { CloseCode, SESSION_GONE_CODES } from '$lib/sync/close-codes';
import { forgetClocksOfRemovedClients } from './awareness';

/**
 * What the person sees about the live connection. `restarting`: the server said it is
 * restarting (close code 1012) and the provider is reconnecting, which takes seconds, so this is
 * no cause for alarm; `refused`: the credential does not open the session; `stopped`: the server
 * closed this connection for good for another reason (this tab was replaced by a newer
 * connection, or sent what the server does not take), so the page should be reloaded, but the
 * credential is still good.
 */
export type ConnectionState =
	'connecting' | 'connected' | 'offline' | 'restarting' | 'refused' | 'stopped' | 'gone';

/** Longer than the 15-second awareness echo a live socket always gets. */
const STALE_AFTER_MS = 20_000;

/**
 * A restart takes seconds; a server still away after this long is not restarting but gone for
 * now, and the page says it is offline.
 */
const RESTART_PATIENCE_MS = 30_000;

/**
 * A session's document, kept in sync over the y-websocket connection, exposed reactively:
 * `read(selector)` re-runs in effects and templates whenever the document changes.
 */
export class LiveSession {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	#state = $state<ConnectionState>('connecting');
	#synced = $state(false);
	#restartPatience: ReturnType<typeof setTimeout> | undefined;
	readonly #subscribeDoc: () => void;
	readonly #subscribePresence: () => void;

	/**
	 * @param channel `private` syncs the facilitators' own document (names, hidden counts and
	 *   texts; see model/private-doc.ts), which the server sends to facilitator keys only.
	 */
	constructor(
		readonly sessionId: string,
		credential: string,
		channel: 'shared' | 'private' = 'shared'
	) {
		const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
		this.provider = new WebsocketProvider(
			`${protocol}//${location.host}/sync`,
			channel === 'private' ? `${sessionId}/private` : sessionId,
			this.doc,
			{
				// The credential goes in the socket's first frame, never in its URL (proxies log URLs).
				WebSocketPolyfill: credentialWebSocket(credential),
				// Tabs of one browser must not sync past the server: the server checks every change.
				disableBc: true,
				maxBackoffTime: 5000
			}
		);
		// A fresh awareness state has clock 0, which peers ignore (y-protocols only accepts a newer
		// clock). Setting it once makes this client count as present from the first message.
		this.provider.awareness.setLocalState({ online: true });
		forgetClocksOfRemovedClients(this.provider.awareness);
		this.provider.on('status', ({ status }) => {
			if (status === 'connected') this.#announcePresence();
			if (this.#state === 'refused' || this.#state === 'stopped' || this.#state === 'gone') return;
			if (status === 'connected') {
				clearTimeout(this.#restartPatience);
				this.#state = 'connected';
			} else if (this.#state === 'restarting') {
				// Attempts fail while the server is away; that is what restarting looks like.
				return;
			} else if (status === 'disconnected' || this.#synced) {
				this.#state = 'offline';
			}
		});
		this.provider.on('connection-close', (event) => {
			if (event?.code !== CloseCode.serverRestart) return;
			this.#state = 'restarting';
			clearTimeout(this.#restartPatience);
			this.#restartPatience = setTimeout(() => {
				if (this.#state === 'restarting') this.#state = 'offline';
			}, RESTART_PATIENCE_MS);
		});
		this.provider.on('sync', (synced: boolean) => {
			if (synced) this.#synced = true;
		});
		this.provider.on('closed', ({ code }) => {
			clearTimeout(this.#restartPatience);
			this.#state = SESSION_GONE_CODES.has(code)
				? 'gone'
				: code === CloseCode.unauthorized
					? 'refused'
					: 'stopped';
		});
		document.addEventListener('visibilitychange', this.#onVisible);
		window.addEventListener('online', this.#onOnline);
		this.#subscribeDoc = createSubscriber((update) => {
			this.doc.on('update', update);
			return () => this.doc.off('update', update);
		});
		this.#subscribePresence = createSubscriber((update) => {
			this.provider.awareness.on('change', update);
			return () => this.provider.awareness.off('change', update);
		});
	}

	/**
	 * A reconnect re-sends our state with an unchanged clock, which the server and other viewers
	 * ignore if they still remember that clock; a newer one is accepted everywhere.
	 */
	#announcePresence(): void {
		this.provider.awareness.setLocalState({ ...this.provider.awareness.getLocalState() });
	}

	/**
	 * A phone that slept may hold a socket that died silently; the provider notices only after
	 * 30 quiet seconds. When the page becomes visible again after longer than a keep-alive
	 * interval without a message, reconnect at once so it follows the facilitator right away.
	 */
	#onVisible = (): void => {
		if (document.visibilityState !== 'visible' || !this.provider.shouldConnect) return;
		const quietFor = Date.now() - this.provider.wsLastMessageReceived;
		if (this.provider.wsconnected && quietFor > STALE_AFTER_MS) {
			this.provider.disconnect();
			this.provider.connect();
		}
	};

	/** Back online: try now rather than after the provider's backoff (up to 5 seconds). */
	#onOnline = (): void => {
		if (!this.provider.shouldConnect || this.provider.wsconnected) return;
		this.provider.disconnect();
		this.provider.connect();
	};

	get state(): ConnectionState {
		return this.#state;
	}

	/** True once the first full state arrived; before that the doc is empty, not "no data". */
	get synced(): boolean {
		return this.#synced;
	}

	/** Reads from the document and re-runs when it changes. */
	read<T>(selector: (doc: Y.Doc) => T): T {
		this.#subscribeDoc();
		return selector(this.doc);
	}

	/** Ids of participants connected right now (the server stamps their presence). */
	get presentParticipants(): ReadonlySet<string> {
		this.#subscribePresence();
		return presentParticipantIds(this.provider.awareness.getStates().values());
	}

	destroy(): void {
		clearTimeout(this.#restartPatience);
		document.removeEventListener('visibilitychange', this.#onVisible);
		window.removeEventListener('online', this.#onOnline);
		this.provider.destroy();
		this.doc.destroy();
	}
}
