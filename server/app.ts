import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import type { Duplex } from 'node:stream';
import { createApi } from './api.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { hashSecret } from './credentials.ts';
import { JoinGuard } from './join-guard.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { Rooms } from './rooms.ts';
import { Sessions } from './sessions.ts';
import { openSqliteStore } from './store/sqlite.ts';
import { createSyncEndpoint, isSyncPath } from './sync-endpoint.ts';

export interface AppOptions {
	/** Where the SQLite file lives; `:memory:` for a throwaway store. */
	dataDir: string;
	/** Public origin used in links, e.g. https://koersbord.example.org. */
	origin?: string;
	/** Compact a session's stored log after this many updates. */
	compactAfter?: number;
	/** Unload a room this long after its last peer left. */
	idleMs?: number;
	/** Publish a step's counts of votes, responses and dots at most this often. */
	publishIntervalMs?: number;
	/** Limits to change from DEFAULT_LIMITS (tests of a limit itself use small ones). */
	limits?: Partial<Limits>;
	/** Keys that may create sessions (`ORGANIZER_KEY`); none: anyone may. */
	organizerKeys?: readonly string[];
	/** Reverse proxies whose X-Forwarded-For is believed (`TRUST_PROXY`). */
	trustProxy?: BlockList;
	/**
	 * The origins phones on this machine's networks can open the board on (see server/lan.ts),
	 * asked anew each time, as a laptop may join a network after the server started. None by
	 * default.
	 */
	lanOrigins?: () => readonly string[];
	log?: (message: string, error?: unknown) => void;
}

/** The transport-level parts of Koersbord, ready to mount on any Node HTTP server. */
export interface App {
	/** Handles /api/* and /healthz; returns false for anything else. */
	handleHttp(req: IncomingMessage, res: ServerResponse): boolean;
	/** Handles WebSocket upgrades to /sync/*; returns false for anything else. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/** The limits in force. */
	readonly limits: Limits;
	/**
	 * Closes sockets (`1012`, "restarting"), saves live rooms, checkpoints the write-ahead log
	 * and closes the store; each step is attempted even when one before it failed.
	 */
	close(): void;
}

const defaultLog = (message: string, error?: unknown): void => {
	// Only the message and the error's own text: request URLs can carry tokens.
	console.error(`[koersbord] ${message}`, error instanceof Error ? error.message : (error ?? ''));
};

export function createApp(options: AppOptions): App {
	const settings = {
		compactAfter: 500,
		idleMs: 60_000,
		publishIntervalMs: 50,
		log: defaultLog,
		...options
	};
	const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
	const store = openSqliteStore(settings.dataDir);
	const rooms = new Rooms(store, {
		compactAfter: settings.compactAfter,
		idleMs: settings.idleMs,
		publishIntervalMs: settings.publishIntervalMs,
		maxRooms: limits.liveRooms,
		limits: { updateBytes: limits.updateBytes, documentBytes: limits.documentBytes },
		log: settings.log
	});
	const sessions = new Sessions(store, rooms);
	const api = createApi({
		store,
		rooms,
		sessions,
		limits,
		joinGuard: new JoinGuard(limits),
		organizerKeyHashes: (options.organizerKeys ?? []).map(hashSecret),
		trustProxy: options.trustProxy,
		origin: settings.origin,
		lanOrigins: options.lanOrigins ?? (() => []),
		now: Date.now,
		log: settings.log
	});
	const sync = createSyncEndpoint({
		sessions,
		rooms,
		limits,
		trustProxy: options.trustProxy,
		log: settings.log
	});
	let closed = false;

	return {
		handleHttp: api,
		handleUpgrade(req, socket, head) {
			if (!isSyncPath(req.url)) return false;
			sync.handleUpgrade(req, socket, head);
			return true;
		},
		limits,
		close() {
			if (closed) return;
			closed = true;
			// Each step is tried whatever the one before it threw: above all the checkpoint, which
			// leaves the database whole in one file for the next start (or a backup).
			const attempt = (what: string, step: () => void): void => {
				try {
					step();
				} catch (error) {
					settings.log(`${what} failed while closing`, error);
				}
			};
			attempt('closing the sync sockets', () => sync.close());
			attempt('saving the rooms', () => rooms.closeAll(CloseCode.serverRestart, 'restarting'));
			attempt('checkpointing the write-ahead log', () => store.checkpoint());
			attempt('closing the store', () => store.close());
		}
	};
}
