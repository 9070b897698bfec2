import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import { parseIntent } from '../src/lib/intents/parse.ts';
import { NAME_MAX } from '../src/lib/intents/types.ts';
import { bool, id, object, oneOf, optional, text } from '../src/lib/intents/validate.ts';
import { JOIN_CODE_LENGTH, normalizeJoinCode } from '../src/lib/model/join-code.ts';
import { readSnapshot } from '../src/lib/model/session-doc.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { addressKey, clientAddress } from './client-address.ts';
import { secretMatches } from './credentials.ts';
import { HttpError, sessionNotFound, tooManyRequests, unauthorized } from './errors.ts';
import { EXPORT_FORMATS, exportSession } from './export/index.ts';
import { buildReport } from '../src/lib/report/build.ts';
import { bearer, readJson, sendError, sendFile, sendJson, sendNoContent } from './http.ts';
import { seedFromPrevious } from './series.ts';
import { applyIntent } from './intents/index.ts';
import { facilitatorSnapshot, participantBallots, participantView } from './snapshot.ts';
import type { Actor } from './peer.ts';
import { GuessLimiter } from './guess-limiter.ts';
import type { JoinGuard } from './join-guard.ts';
import type { Limits } from './limits.ts';
import type { Metrics } from './metrics.ts';
import type { Rooms } from './rooms.ts';
import { TokenBuckets } from './token-bucket.ts';
import type { SessionLifetime } from '../src/lib/api/session-info.ts';
import { AGENDA_STARTS, type CreatedSession, type Sessions } from './sessions.ts';
import type { Store } from './store/types.ts';
import type { Organizers } from './organizers/organizers.ts';
import type { OrganizerHttp } from './organizers/routes.ts';

export const TITLE_MAX = 120;

export interface ApiDependencies {
	store: Store;
	rooms: Rooms;
	sessions: Sessions;
	limits: Limits;
	joinGuard: JoinGuard;
	/** Hashes of the organizer keys that may create sessions; empty: anyone may. */
	organizerKeyHashes: readonly Buffer[];
	/** Reverse proxies whose X-Forwarded-For is believed (`TRUST_PROXY`). */
	trustProxy?: BlockList;
	/** Public origin for links (`ORIGIN`); otherwise taken from the request's Host header. */
	origin?: string;
	/** The origins phones on this machine's networks can use (see server/lan.ts). */
	lanOrigins: () => readonly string[];
	/** How long an unused session is kept (`RETENTION_DAYS`). */
	retentionMs: number;
	/** Organizer sign-in (`OIDC_*`): creating a session then needs a signed-in organizer. */
	signIn?: { http: OrganizerHttp; organizers: Organizers };
	now: () => number;
	log: (message: string, error?: unknown) => void;
	/** Counts intents by type and outcome, and error answers by code (see server/metrics.ts). */
	metrics: Pick<Metrics, 'countIntent' | 'intentUnparsed' | 'apiError'>;
}

const createSessionBody = object({
	title: text({ min: 1, max: TITLE_MAX }),
	template: optional(id()),
	locale: optional(oneOf(['nl', 'en'])),
	/** The template's agenda (the default) or an empty one. */
	agenda: optional(oneOf(AGENDA_STARTS))
});

const exportQuery = object({
	format: oneOf(EXPORT_FORMATS),
	/** The export's language; the session's own by default. */
	lang: optional(oneOf(['nl', 'en']))
});

const resultsQuery = object({
	/** The report's language; the session's own by default. */
	lang: optional(oneOf(['nl', 'en']))
});

const nextSessionBody = object({ title: text({ min: 1, max: TITLE_MAX }) });

/** Whether new participants may join: false closes the session to them, true opens it again. */
const joiningBody = object({ open: bool() });

const joinBody = object({
	code: (value, path) =>
		typeof value === 'string' && value.length <= 32
			? { ok: true as const, value }
			: { ok: false as const, path, problem: 'must be a string' },
	name: optional(text({ max: NAME_MAX })),
	perspective: optional(id())
});

const SESSION_PATH =
	/^\/api\/sessions\/([A-Za-z0-9_-]{1,64})(\/snapshot|\/intents|\/ballots|\/me|\/export|\/next|\/results-link|\/joining)?$/;

const RESULTS_PATH = /^\/api\/results\/([A-Za-z0-9_-]{1,64})$/;

/**
 * The JSON API. Returns false for paths that are not ours, so the caller can hand them to the
 * pages; everything under /api answers with JSON, errors included.
 */
export function createApi(
	deps: ApiDependencies
): (req: IncomingMessage, res: ServerResponse) => boolean {
	const { store, rooms, sessions, limits, joinGuard, now } = deps;
	const callsByCredential = Object.fromEntries(
		(['facilitator', 'participant', 'screen'] as const).map((role) => [
			role,
			new TokenBuckets(limits.intentsPerCredential[role])
		])
	) as Record<Actor['role'], TokenBuckets>;
	const exports = new TokenBuckets(limits.exports);
	const resultsReads = new TokenBuckets(limits.resultsReads);
	const keyGuesses = new GuessLimiter({
		perAddress: limits.failedOrganizerKeysPerAddress,
		everyone: limits.failedOrganizerKeys,
		memoryMs: limits.failedJoinMemoryMs
	});
	const creationsByAddress = new TokenBuckets(limits.sessionsPerAddress);
	const creations = new TokenBuckets(limits.sessions);

	const addressOf = (req: IncomingMessage): string =>
		addressKey(clientAddress(req, deps.trustProxy));

	const originOf = (req: IncomingMessage): string => {
		if (deps.origin) return deps.origin;
		const host = req.headers.host ?? 'localhost';
		return /^[A-Za-z0-9.:[\]-]+$/.test(host) ? `http://${host}` : 'http://localhost';
	};

	/** Answers a created session (a new one, or the next in a series) with its links. */
	const sendCreated = (req: IncomingMessage, res: ServerResponse, created: CreatedSession) =>
		sendJson(res, 201, {
			...created,
			links: sessions.links(originOf(req), created.id, created.joinCode, created.facilitatorKey)
		});

	/**
	 * Who sent a request, charged `cost` from their credential's bucket: every call that reads
	 * or changes a session is counted, so no one credential can keep the server busy.
	 */
	const requireActor = (req: IncomingMessage, sessionId: string, cost = 1): Actor => {
		const actor = sessions.authenticate(sessionId, bearer(req));
		// Whether the session exists is asked only of a credential that opens nothing: one that
		// opens something proves it (a participant's row is deleted with its session), so a vote
		// reads no session row at all.
		if (!actor) throw sessions.exists(sessionId) ? unauthorized() : sessionNotFound();
		const wait = callsByCredential[actor.role].take(`${sessionId} ${actor.key}`, now(), cost);
		if (wait > 0) throw tooManyRequests(wait, 'Too many requests with this key; slow down.');
		// A facilitator's call is a use of the session (retention and the join code count from
		// it); a phone's or a projector's is not.
		if (actor.role === 'facilitator') sessions.markUsed(sessionId);
		return actor;
	};

	/**
	 * Creating a session needs an organizer key when the server is set up to ask for one. An
	 * operator may pick a memorable key, so wrong keys are limited like join codes.
	 */
	const requireOrganizer = (req: IncomingMessage): void => {
		if (deps.organizerKeyHashes.length === 0) return;
		const address = addressOf(req);
		const wait = keyGuesses.admit(address, now());
		if (wait > 0) {
			throw tooManyRequests(
				wait,
				'Too many wrong organizer keys from this address; try again later.',
				'too_many_attempts'
			);
		}
		const presented = bearer(req) ?? '';
		// Compare with every key, so the time taken does not tell which one nearly matched.
		let matches = false;
		for (const hash of deps.organizerKeyHashes) {
			if (secretMatches(presented, hash)) matches = true;
		}
		if (!matches) {
			keyGuesses.failed(address, now());
			throw new HttpError(
				'organizer_key_required',
				'Creating a session on this server needs a valid organizer key.'
			);
		}
	};

	/** Sessions are created at a limited rate per address and over all addresses. */
	const chargeCreation = (req: IncomingMessage): void => {
		const at = now();
		const address = addressOf(req);
		const wait = creationsByAddress.wait(address, at) || creations.wait('*', at) || 0;
		if (wait > 0) {
			throw tooManyRequests(
				wait,
				'Too many sessions created; try again later.',
				'too_many_sessions'
			);
		}
		creationsByAddress.take(address, at);
		creations.take('*', at);
	};

	const requireFacilitator = (req: IncomingMessage, sessionId: string, cost = 1): Actor => {
		const actor = requireActor(req, sessionId, cost);
		if (actor.role !== 'facilitator') {
			throw new HttpError('forbidden', 'Only the facilitator may do this.');
		}
		return actor;
	};

	async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
		const method = req.method ?? 'GET';
		if (path === '/healthz') {
			if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET');
			return sendJson(res, 200, { ok: true });
		}
		if (path === '/api/settings') {
			if (method !== 'GET') throw methodNotAllowed('GET');
			return sendJson(res, 200, {
				organizerKeyRequired: deps.organizerKeyHashes.length > 0,
				signIn: deps.signIn !== undefined
			});
		}
		if (path === '/api/sessions') {
			if (method !== 'POST') throw methodNotAllowed('POST');
			// With sign-in on, the organizer signs in; an organizer key, when set, is asked as well.
			const organizer = deps.signIn?.http.requireOrganizer(req);
			requireOrganizer(req);
			chargeCreation(req);
			const body = createSessionBody(await readJson(req), 'body');
			if (!body.ok) throw invalid(body);
			const created = sessions.create({
				title: body.value.title,
				template: body.value.template ?? 'born',
				locale: body.value.locale ?? 'nl',
				agenda: body.value.agenda ?? 'template'
			});
			let handedOut = created;
			if (organizer && deps.signIn) {
				deps.signIn.organizers.created(created.id, body.value.title, organizer.id);
				handedOut = boundToOrganizer(created, deps.signIn.organizers, organizer.id);
			}
			return sendCreated(req, res, handedOut);
		}
		if (path === '/api/join') {
			if (method !== 'POST') throw methodNotAllowed('POST');
			return join(req, res);
		}
		const results = RESULTS_PATH.exec(path);
		if (results?.[1]) {
			if (method !== 'GET') throw methodNotAllowed('GET');
			return readResults(req, res, results[1]);
		}
		const match = SESSION_PATH.exec(path);
		if (!match?.[1]) throw new HttpError('not_found', 'There is no such endpoint.');
		const sessionId = match[1];
		switch (`${method} ${match[2] ?? ''}`) {
			case 'GET ': {
				requireFacilitator(req, sessionId);
				const room = rooms.get(sessionId);
				const joinCode = store.getSession(sessionId)?.joinCode ?? '';
				const key = bearer(req) ?? '';
				// Where phones can reach the board, for a console opened on an address they cannot
				// (localhost): ORIGIN when set, else this machine's addresses on its networks.
				const lan = (deps.origin ? [deps.origin] : deps.lanOrigins()).map((origin) => {
					const { join, facilitator } = sessions.links(origin, sessionId, joinCode, key);
					return { join, facilitator };
				});
				return sendJson(res, 200, {
					id: sessionId,
					joinCode,
					title: readSnapshot(room.doc, sessionId).title,
					links: { ...sessions.links(originOf(req), sessionId, joinCode, key), lan },
					...lifetimeOf(sessionId)
				});
			}
			case 'DELETE ':
				requireFacilitator(req, sessionId);
				sessions.delete(sessionId, CloseCode.sessionDeleted, 'facilitator');
				return sendNoContent(res);
			case 'POST /joining': {
				requireFacilitator(req, sessionId);
				const body = joiningBody(await readJson(req), 'body');
				if (!body.ok) throw invalid(body);
				sessions.setJoinsOpen(sessionId, body.value.open);
				return sendJson(res, 200, lifetimeOf(sessionId));
			}
			case 'GET /snapshot':
				requireFacilitator(req, sessionId);
				return sendJson(res, 200, facilitatorSnapshot(rooms.get(sessionId)));
			case 'GET /export': {
				requireFacilitator(req, sessionId, limits.exportCost);
				const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
				const query = exportQuery(Object.fromEntries(params), 'query');
				if (!query.ok) throw invalid(query);
				const wait = exports.take('*', now(), limits.exportWeight[query.value.format]);
				if (wait > 0) {
					throw tooManyRequests(wait, 'The server is busy exporting; try again shortly.');
				}
				const snapshot = facilitatorSnapshot(rooms.get(sessionId));
				const file = await exportSession(
					snapshot,
					query.value.format,
					query.value.lang ?? snapshot.locale,
					now()
				);
				return sendFile(res, file);
			}
			case 'GET /results-link':
				requireFacilitator(req, sessionId);
				return sendJson(res, 200, sessions.resultsLink(sessionId));
			case 'POST /results-link': {
				requireFacilitator(req, sessionId);
				const { key, createdAt } = sessions.createResultsLink(sessionId);
				const url = sessions.resultsUrl(originOf(req), sessionId, key);
				return sendJson(res, 201, { url, createdAt });
			}
			case 'DELETE /results-link':
				requireFacilitator(req, sessionId);
				sessions.revokeResultsLink(sessionId);
				return sendNoContent(res);
			case 'POST /next': {
				// The facilitator key stands for the organizer who created this session.
				const actor = requireFacilitator(req, sessionId, limits.exportCost);
				chargeCreation(req);
				const body = nextSessionBody(await readJson(req), 'body');
				if (!body.ok) throw invalid(body);
				const previous = readSnapshot(rooms.get(sessionId).doc, sessionId);
				const created = sessions.create({
					title: body.value.title,
					template: previous.template,
					locale: previous.locale,
					// The template's agenda, with this session's boards and plan in their places.
					agenda: 'template',
					seed: (doc) => seedFromPrevious(doc, previous)
				});
				let handedOut = created;
				if (deps.signIn) {
					deps.signIn.organizers.follows(created.id, body.value.title, sessionId);
					if (actor.organizerId) {
						handedOut = boundToOrganizer(created, deps.signIn.organizers, actor.organizerId);
					}
				}
				return sendCreated(req, res, handedOut);
			}
			case 'GET /ballots': {
				const actor = requireActor(req, sessionId);
				if (actor.role !== 'participant') {
					throw new HttpError('forbidden', 'Only a participant has ballots.');
				}
				const ballots = participantBallots(rooms.get(sessionId), actor.participantId ?? '');
				return sendJson(res, 200, { ballots });
			}
			case 'GET /me': {
				// A phone's own name and perspective: the shared document holds nobody's.
				const actor = requireActor(req, sessionId);
				if (actor.role !== 'participant') {
					throw new HttpError('forbidden', 'Only a participant has a profile.');
				}
				return sendJson(res, 200, participantView(rooms.get(sessionId), actor.participantId ?? ''));
			}
			case 'POST /intents': {
				const actor = requireActor(req, sessionId);
				const parsed = parseIntent(await readJson(req));
				if (!parsed.ok) {
					deps.metrics.intentUnparsed(parsed.code);
					throw new HttpError(parsed.code, parsed.message);
				}
				const room = rooms.get(sessionId);
				try {
					const apply = () => applyIntent(store, room, actor, parsed.intent, now(), limits);
					return sendJson(res, 200, deps.metrics.countIntent(parsed.intent.type, apply));
				} catch (error) {
					// A handler that failed other than by refusing may have changed the doc halfway.
					if (!(error instanceof HttpError)) rooms.fail(room, 'intent', error);
					throw error;
				}
			}
			default:
				throw methodNotAllowed(
					match[2] === '/intents' || match[2] === '/next' || match[2] === '/joining'
						? 'POST'
						: match[2] === '/results-link'
							? 'GET, POST, DELETE'
							: match[2]
								? 'GET'
								: 'GET, DELETE'
				);
		}
	}

	/** Until when a session takes newcomers and is kept, as the console shows it. */
	const lifetimeOf = (sessionId: string): SessionLifetime => {
		const lifetime = sessions.lifetime(sessionId, {
			joinCodeIdleMs: limits.joinCodeIdleMs,
			retentionMs: deps.retentionMs
		});
		if (!lifetime) throw sessionNotFound();
		return lifetime;
	};

	/**
	 * The report a results link shows, built here from the facilitators' snapshot so that only
	 * what a report holds leaves the server: never the snapshot itself (names, hidden card texts,
	 * counts not yet released). The report follows the anonymity rule, as every export does.
	 */
	function readResults(req: IncomingMessage, res: ServerResponse, sessionId: string): void {
		if (!sessions.exists(sessionId)) throw sessionNotFound();
		if (!sessions.opensResults(sessionId, bearer(req))) {
			throw new HttpError(
				'results_link_invalid',
				'This results link does not open this session: it was revoked, replaced or mistyped.'
			);
		}
		const wait = resultsReads.take(sessionId, now());
		if (wait > 0) throw tooManyRequests(wait, 'This results link is read very often; slow down.');
		const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
		const query = resultsQuery(Object.fromEntries(params), 'query');
		if (!query.ok) throw invalid(query);
		const snapshot = facilitatorSnapshot(rooms.get(sessionId));
		const report = buildReport(snapshot, {
			locale: query.value.lang ?? snapshot.locale,
			now: now()
		});
		return sendJson(res, 200, { title: snapshot.title, blocks: report.blocks });
	}

	/**
	 * Joining by code: wrong codes are limited per address and over all addresses, right ones
	 * per address and session (see JoinGuard); only then is the participant added.
	 */
	async function join(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const address = addressOf(req);
		const body = joinBody(await readJson(req), 'body');
		// From here on nothing is awaited: the admission, the lookup and the count of a wrong code
		// happen in one go, so requests held open cannot all pass the admission at once.
		const wait = joinGuard.admit(address, now());
		if (wait > 0) {
			throw tooManyRequests(
				wait,
				'Too many wrong join codes from this address; try again later.',
				'too_many_attempts'
			);
		}
		if (!body.ok) throw invalid(body);
		const code = normalizeJoinCode(body.value.code);
		if (!code) {
			throw new HttpError(
				'unknown_code',
				`A join code has ${JOIN_CODE_LENGTH} letters and digits (no 0, O, 1, I or L).`
			);
		}
		const check = sessions.checkJoinCode(code, limits.joinCodeIdleMs);
		if (!check.ok) {
			// Only a code no session has is a wrong guess. One that opened a session (and may again,
			// when its facilitator opens it) is a room's code, and a room must not lock itself out.
			if (check.code === 'unknown_code') joinGuard.failed(address, now());
			throw new HttpError(check.code, JOIN_REFUSALS[check.code]);
		}
		const { session } = check;
		const joinWait = joinGuard.join(address, session.id, now());
		if (joinWait > 0) {
			throw tooManyRequests(
				joinWait,
				'Too many phones joined this session from this address just now; try again shortly.',
				'too_many_joins'
			);
		}
		const joined = sessions.join(session.id, body.value, limits.participantsPerSession);
		return sendJson(res, 201, joined);
	}

	return (req, res) => {
		const path = (req.url ?? '/').split('?')[0] ?? '/';
		if (path !== '/healthz' && path !== '/api' && !path.startsWith('/api/')) return false;
		route(req, res, path).catch((error: unknown) => {
			deps.metrics.apiError(error instanceof HttpError ? error.code : 'internal');
			if (error instanceof HttpError) return sendError(res, error);
			deps.log(`request failed: ${req.method} ${path}`, error);
			if (!res.headersSent) {
				sendError(res, new HttpError('internal', 'Something went wrong on the server.'));
			}
		});
		return true;
	};
}

/** Why a join code opens nothing, in the words of the API's answer. */
const JOIN_REFUSALS = {
	unknown_code: 'No session has this join code.',
	code_expired: 'This join code no longer works: its session has not been used for a while.',
	joins_closed: 'The facilitator has closed this session to new participants.'
} as const;

/**
 * A signed-in organizer's new session is opened with a console key bound to them, never with the
 * session's own key, which is dropped here unseen: then removing that organizer from the session
 * (their co-organizer may) closes their consoles and ends their access, as it does for everyone
 * else's. Without sign-in the session's own key is the only way in and is handed out.
 */
function boundToOrganizer(
	created: CreatedSession,
	organizers: Organizers,
	organizerId: string
): CreatedSession {
	return { ...created, facilitatorKey: organizers.consoleKey(created.id, organizerId) };
}

const methodNotAllowed = (allow: string): HttpError =>
	new HttpError('method_not_allowed', `Use ${allow} here.`, { Allow: allow });

const invalid = (result: { path: string; problem: string }): HttpError =>
	new HttpError('invalid_request', `${result.path} ${result.problem}.`);
