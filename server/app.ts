import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import type { Duplex } from 'node:stream';
import { createApi } from './api.ts';
import type { OidcConfig } from './config.ts';
import { createOidcClient } from './organizers/oidc-client.ts';
import { Organizers } from './organizers/organizers.ts';
import { createOrganizerHttp, SIGN_IN_MS, type OrganizerHttp } from './organizers/routes.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { hashSecret } from './credentials.ts';
import { JoinGuard } from './join-guard.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { Rooms } from './rooms.ts';
import { Sessions } from './sessions.ts';
import { openSqliteStore } from './store/sqlite.ts';
import type { Store } from './store/types.ts';
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
	/**
	 * Organizer sign-in through OpenID Connect (`OIDC_*`; needs `origin`): creating a session then
	 * needs a signed-in organizer, who sees and hands over their sessions.
	 */
	oidc?: OidcConfig;
	log?: (message: string, error?: unknown) => void;
}

/** The transport-level parts of Koersbord, ready to mount on any Node HTTP server. */
export interface App {
	/** Handles /api/*, /healthz and, with sign-in, /auth/*; returns false for anything else. */
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
	const sessions = new Sessions(store, rooms);
	const signIn =
		options.oidc && createSignIn(options.oidc, { ...settings, store, rooms, sessions, limits });
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
		signIn,
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
		handleHttp: (req, res) => (signIn?.http.handle(req, res) ?? false) || api(req, res),
		handleUpgrade(req, socket, head) {
			if (!isSyncPath(req.url)) return false;
			sync.handleUpgrade(req, socket, head);
			return true;
		},
		limits,
		close() {
			if (closed) return;
			closed = true;
			sync.close();
			rooms.closeAll(CloseCode.serverRestart, 'server restart');
			store.close();
		}
	};
}

/** The organizer sign-in's parts, on the app's store, rooms and sessions. */
function createSignIn(
	oidc: OidcConfig,
	app: Pick<AppOptions, 'origin' | 'trustProxy'> & {
		store: Store;
		rooms: Rooms;
		sessions: Sessions;
		limits: Limits;
		log: (message: string, error?: unknown) => void;
	}
): { http: OrganizerHttp; organizers: Organizers } {
	if (!app.origin) throw new Error('organizer sign-in needs the public origin (ORIGIN)');
	const organizers = new Organizers(app.store.organizers, app.rooms, {
		signInMs: SIGN_IN_MS,
		organizersPerSession: app.limits.organizersPerSession,
		consoleKeysPerOrganizer: app.limits.consoleKeysPerOrganizer,
		now: Date.now
	});
	const http = createOrganizerHttp({
		oidc: createOidcClient(oidc, `${app.origin}/auth/callback`),
		origin: app.origin,
		organizers,
		sessions: app.sessions,
		limits: app.limits,
		trustProxy: app.trustProxy,
		now: Date.now,
		log: app.log
	});
	return { http, organizers };
}
