import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import type { Duplex } from 'node:stream';
import { createApi } from './api.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { hashSecret } from './credentials.ts';
import { openErasureLog } from './erasure-log.ts';
import { JoinGuard } from './join-guard.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { DEFAULT_RETENTION_DAYS, Retention, retentionMs } from './retention.ts';
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
	/** Erase a session this many days after it was last used (`RETENTION_DAYS`); 90 by default. */
	retentionDays?: number;
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
	/** Closes sockets, saves live rooms and closes the store. */
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
	// Beside the database, not in it: it outlives a restore, and names what must be erased again.
	const sessions = new Sessions(store, rooms, Date.now, openErasureLog(settings.dataDir));
	const tombstoned = sessions.eraseTombstoned();
	if (tombstoned > 0) {
		settings.log(`erased ${tombstoned} session(s) again that the erasure log lists (a restore)`);
	}
	const keepMs = retentionMs(options.retentionDays ?? DEFAULT_RETENTION_DAYS);
	const retention = new Retention(store, rooms, sessions, {
		retentionMs: keepMs,
		log: settings.log
	});
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
		retentionMs: keepMs,
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
	retention.start();

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
			retention.stop();
			sync.close();
			rooms.closeAll(CloseCode.serverRestart, 'server restart');
			store.close();
		}
	};
}
