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
import { openErasureLog } from './erasure-log.ts';
import { JoinGuard } from './join-guard.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { createLogger, logFunction, type Logger, type LogFunction, type LogLevel } from './log.ts';
import { createMetrics } from './metrics.ts';
import { createMetricsEndpoint } from './metrics-endpoint.ts';
import { DEFAULT_RETENTION_DAYS, Retention, retentionMs } from './retention.ts';
import { Rooms } from './rooms.ts';
import { Sessions } from './sessions.ts';
import { openSqliteStore } from './store/sqlite.ts';
import type { Store } from './store/types.ts';
import { createSyncEndpoint, isSyncPath } from './sync-endpoint.ts';
import type { PublishPacing } from './publisher.ts';

/** How long closing waits for a reader of the write-ahead log (a backup) before it leaves it. */
const CLOSE_CHECKPOINT_WAIT_MS = 1_000;

export interface AppOptions {
	/** Where the SQLite file lives; `:memory:` for a throwaway store. */
	dataDir: string;
	/** Public origin used in links, e.g. https://koersbord.example.org. */
	origin?: string;
	/** Compact a session's stored log after this many updates. */
	compactAfter?: number;
	/** Unload a room this long after its last peer left. */
	idleMs?: number;
	/** How often a room may publish counts of votes, responses and dots (see Publisher). */
	pacing?: PublishPacing;
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
	/** The least severe level the default logger writes (`LOG_LEVEL`); `info` by default. */
	logLevel?: LogLevel;
	/** Where the server logs: JSON lines on stderr at `logLevel` by default (see server/log.ts). */
	logger?: Logger;
	/** Receives every failure instead of the logger (tests that watch failures). */
	log?: LogFunction;
	/** The bearer token /metrics needs (`METRICS_TOKEN`); none: there is no /metrics. */
	metricsToken?: string;
	/** Erase a session this many days after it was last used (`RETENTION_DAYS`); 90 by default. */
	retentionDays?: number;
	/** How often retention looks for sessions to erase; hourly by default (tests: sooner). */
	retentionSweepMs?: number;
	/**
	 * The clock sessions, their marks of use, retention and the API's rate limits go by; Date.now
	 * by default. Tests move it on to see days pass (a retention period, a join code's idle time).
	 */
	now?: () => number;
	/**
	 * Organizer sign-in through OpenID Connect (`OIDC_*`; needs `origin`): creating a session then
	 * needs a signed-in organizer, who sees and hands over their sessions.
	 */
	oidc?: OidcConfig;
}

/** The transport-level parts of Koersbord, ready to mount on any Node HTTP server. */
export interface App {
	/** Handles /api/*, /healthz, /metrics and, with sign-in, /auth/*; returns false for anything else. */
	handleHttp(req: IncomingMessage, res: ServerResponse): boolean;
	/** Handles WebSocket upgrades to /sync/*; returns false for anything else. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/** The limits in force. */
	readonly limits: Limits;
	/** The log every part writes to (see server/log.ts). */
	readonly logger: Logger;
	/** Reports a failure (an error line) or a refusal worth noting (a warning). */
	readonly log: LogFunction;
	/**
	 * Closes sockets (`1012`, "restarting"), saves live rooms, checkpoints the write-ahead log
	 * and closes the store; each step is attempted even when one before it failed.
	 */
	close(): void;
}

export function createApp(options: AppOptions): App {
	const settings = {
		compactAfter: 500,
		idleMs: 60_000,
		...options
	};
	const logger =
		options.logger ??
		createLogger({
			level: options.logLevel,
			secrets: [...(options.organizerKeys ?? []), options.metricsToken, options.oidc?.clientSecret]
		});
	const log = options.log ?? logFunction(logger);
	const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
	const now = options.now ?? Date.now;
	const metrics = createMetrics({ eventLoop: options.metricsToken !== undefined });
	const store = openSqliteStore(settings.dataDir, { log });
	const rooms = new Rooms(store, {
		compactAfter: settings.compactAfter,
		idleMs: settings.idleMs,
		pacing: settings.pacing,
		maxRooms: limits.liveRooms,
		limits: { updateBytes: limits.updateBytes, documentBytes: limits.documentBytes },
		log,
		observer: metrics,
		now
	});
	// Beside the database, not in it: it outlives a restore, and names what must be erased again.
	const sessions = new Sessions(store, rooms, now, openErasureLog(settings.dataDir));
	const tombstoned = sessions.eraseTombstoned();
	if (tombstoned > 0) {
		logger.info('erased sessions again that the erasure log lists (a restore)', {
			sessions: tombstoned
		});
	}
	const keepMs = retentionMs(options.retentionDays ?? DEFAULT_RETENTION_DAYS);
	const retention = new Retention(store, rooms, sessions, {
		retentionMs: keepMs,
		now,
		...(options.retentionSweepMs !== undefined && { intervalMs: options.retentionSweepMs }),
		// A sweep that erased something is news, not a warning; a failure carries its error.
		log: (message, error) => (error === undefined ? logger.info(message) : log(message, error)),
		// Organizers whose sessions are all erased, and who have not signed in since, go too.
		afterSweep: (cutoff) => {
			signIn?.organizers.forgetIdle(cutoff);
		}
	});
	const signIn =
		options.oidc &&
		createSignIn(options.oidc, { ...settings, log, store, rooms, sessions, limits });
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
		signIn,
		now,
		log,
		metrics
	});
	const sync = createSyncEndpoint({
		sessions,
		rooms,
		limits,
		trustProxy: options.trustProxy,
		log
	});
	const metricsEndpoint = createMetricsEndpoint({
		token: options.metricsToken,
		metrics,
		rooms,
		dataDir: settings.dataDir,
		limits,
		trustProxy: options.trustProxy,
		now: Date.now,
		log
	});
	let closed = false;
	retention.start();

	return {
		handleHttp: (req, res) =>
			metricsEndpoint(req, res) || (signIn?.http.handle(req, res) ?? false) || api(req, res),
		handleUpgrade(req, socket, head) {
			if (!isSyncPath(req.url)) return false;
			sync.handleUpgrade(req, socket, head);
			return true;
		},
		limits,
		logger,
		log,
		close() {
			if (closed) return;
			closed = true;
			metrics.close();
			retention.stop();
			// Each step is tried whatever the one before it threw: above all the checkpoint, which
			// leaves the database whole in one file for the next start (or a backup).
			const attempt = (what: string, step: () => void): void => {
				try {
					step();
				} catch (error) {
					log(`${what} failed while closing`, error);
				}
			};
			attempt('closing the sync sockets', () => sync.close());
			attempt('saving the rooms', () => rooms.closeAll(CloseCode.serverRestart, 'restarting'));
			attempt('checkpointing the write-ahead log', () => {
				// A backup that is reading holds part of the log; the stop waits for it only briefly.
				if (!store.checkpoint({ waitMs: CLOSE_CHECKPOINT_WAIT_MS })) {
					log('the write-ahead log is not empty: a reader (a backup?) held it past the stop');
				}
			});
			attempt('closing the store', () => store.close());
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
