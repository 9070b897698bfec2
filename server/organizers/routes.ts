import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import { AuthorizationResponseError } from 'openid-client';
import {
	SIGN_IN_PROBLEM_PARAM,
	type SignInProblem,
	type WhoAmI
} from '../../src/lib/api/organizers.ts';
import { object, text } from '../../src/lib/intents/validate.ts';
import { CloseCode } from '../../src/lib/sync/close-codes.ts';
import { addressKey, clientAddress } from '../client-address.ts';
import { newCookieSecret } from '../credentials.ts';
import { HttpError, sessionNotFound, tooManyRequests } from '../errors.ts';
import { BASE_HEADERS, readJson, sendError, sendJson, sendNoContent } from '../http.ts';
import type { Limits } from '../limits.ts';
import type { Sessions } from '../sessions.ts';
import type { OrganizerRecord } from '../store/organizers.ts';
import { TokenBuckets } from '../token-bucket.ts';
import { cookieJar, fromOwnPages, readCookie } from './cookies.ts';
import type { OidcClient } from './oidc-client.ts';
import type { Organizers } from './organizers.ts';
import { PendingSignIns } from './pending-sign-ins.ts';

/** How long a sign-in lasts: a working day, after which the organizer signs in again. */
export const SIGN_IN_MS = 12 * 60 * 60 * 1000;

/** How long a sign-in may take at the provider before its callback is refused as expired. */
const PENDING_MS = 10 * 60 * 1000;

/** Where a sign-in may return to: the start page or a console (never another site). */
const RETURN_PATH = /^\/(f\/[A-Za-z0-9_-]{1,64})?$/;

const ORGANIZER_PATH =
	/^\/api\/organizer\/sessions\/([A-Za-z0-9_-]{1,64})(\/console-key|\/organizers|\/organizers\/[A-Za-z0-9_-]{1,64})?$/;

const coOrganizerBody = object({ email: text({ min: 3, max: 254 }) });

export interface OrganizerHttpDependencies {
	oidc: OidcClient;
	/** `ORIGIN`: where the provider sends people back to, and the only origin of our pages. */
	origin: string;
	organizers: Organizers;
	sessions: Sessions;
	limits: Limits;
	trustProxy?: BlockList;
	now: () => number;
	log: (message: string, error?: unknown) => void;
}

export interface OrganizerHttp {
	/** Handles /auth/* and /api/organizer*; returns false for anything else. */
	handle(req: IncomingMessage, res: ServerResponse): boolean;
	/**
	 * The signed-in organizer behind a request that changes something (creating a session):
	 * refused without a sign-in, and when it does not come from the board's own pages.
	 */
	requireOrganizer(req: IncomingMessage): OrganizerRecord;
}

/**
 * The organizer sign-in's endpoints: the authorization code flow (`/auth/login`,
 * `/auth/callback`, `/auth/logout`) and what a signed-in organizer does with their sessions
 * (`/api/organizer…`). Everything a cookie authorizes to change also needs a request from the
 * board's own pages (see fromOwnPages).
 */
export function createOrganizerHttp(deps: OrganizerHttpDependencies): OrganizerHttp {
	const { oidc, origin, organizers, sessions, limits, now } = deps;
	const cookies = cookieJar(origin);
	const pending = new PendingSignIns({ max: limits.pendingSignIns, ttlMs: PENDING_MS });
	const signInsByAddress = new TokenBuckets(limits.signInsPerAddress);
	const callsByOrganizer = new TokenBuckets(limits.organizerCalls);

	const signedIn = (req: IncomingMessage): OrganizerRecord | undefined =>
		organizers.signedIn(readCookie(req, cookies.signIn));

	const requireSameOrigin = (req: IncomingMessage): void => {
		if (!fromOwnPages(req, origin)) {
			throw new HttpError(
				'cross_site_request',
				"Only the board's own pages may do this with a sign-in (send an Origin header)."
			);
		}
	};

	/** The signed-in organizer, charged one call; for a change, only from our own pages. */
	const requireOrganizer = (req: IncomingMessage, changes: boolean): OrganizerRecord => {
		const organizer = signedIn(req);
		if (!organizer) {
			throw new HttpError('sign_in_required', 'Sign in as an organizer first.');
		}
		if (changes) requireSameOrigin(req);
		const wait = callsByOrganizer.take(organizer.id, now());
		if (wait > 0) throw tooManyRequests(wait, 'Too many requests from this organizer; slow down.');
		return organizer;
	};

	/** A redirect of a browser navigation, with cookies to set. */
	const redirect = (res: ServerResponse, location: string, setCookies: string[] = []): void => {
		res.writeHead(303, {
			...BASE_HEADERS,
			'Cache-Control': 'no-store',
			Location: location,
			...(setCookies.length > 0 && { 'Set-Cookie': setCookies })
		});
		res.end();
	};

	const backToStart = (problem: SignInProblem): string => `/?${SIGN_IN_PROBLEM_PARAM}=${problem}`;

	async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const address = addressKey(clientAddress(req, deps.trustProxy));
		const wait = signInsByAddress.take(address, now());
		if (wait > 0)
			throw tooManyRequests(wait, 'Too many sign-ins from this address; try again later.');
		const asked = new URL(req.url ?? '/', origin).searchParams.get('return') ?? '/';
		const returnTo = RETURN_PATH.test(asked) ? asked : '/';
		let started: Awaited<ReturnType<OidcClient['start']>>;
		try {
			started = await oidc.start(returnTo);
		} catch (error) {
			// The log keeps an error's name, code and stack, never its message (server/log.ts).
			deps.log('sign-in: the identity provider cannot be reached', error);
			return redirect(res, backToStart('unavailable'));
		}
		const value = newCookieSecret();
		pending.add(value, started.pending, now());
		redirect(res, started.url.href, [cookies.set(cookies.pending, value, PENDING_MS / 1000)]);
	}

	async function callback(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const clearPending = cookies.set(cookies.pending, '', 0);
		const started = pending.take(readCookie(req, cookies.pending), now());
		if (!started) return redirect(res, backToStart('expired'), [clearPending]);
		let identity;
		try {
			identity = await oidc.finish(new URL(req.url ?? '/', origin), started);
		} catch (error) {
			const cancelled =
				error instanceof AuthorizationResponseError && error.error === 'access_denied';
			// The name of what failed, never its text: it may quote what the provider sent.
			if (!cancelled) deps.log('sign-in failed', error);
			return redirect(res, backToStart(cancelled ? 'cancelled' : 'failed'), [clearPending]);
		}
		// A browser that was signed in already (as someone else, say) is so no longer.
		organizers.signOut(readCookie(req, cookies.signIn));
		const { token } = organizers.signIn(identity);
		redirect(res, started.returnTo, [
			clearPending,
			cookies.set(cookies.signIn, token, SIGN_IN_MS / 1000)
		]);
	}

	async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
		const method = req.method ?? 'GET';
		switch (path) {
			case '/auth/login':
				if (method !== 'GET') throw methodNotAllowed('GET');
				return login(req, res);
			case '/auth/callback':
				if (method !== 'GET') throw methodNotAllowed('GET');
				return callback(req, res);
			case '/auth/logout':
				if (method !== 'POST') throw methodNotAllowed('POST');
				requireSameOrigin(req);
				organizers.signOut(readCookie(req, cookies.signIn));
				res.setHeader('Set-Cookie', cookies.set(cookies.signIn, '', 0));
				return sendNoContent(res);
			case '/api/organizer': {
				if (method !== 'GET') throw methodNotAllowed('GET');
				const organizer = signedIn(req);
				const body: WhoAmI = {
					organizer: organizer
						? { id: organizer.id, name: organizer.name, email: organizer.email }
						: null
				};
				return sendJson(res, 200, body);
			}
			case '/api/organizer/sessions': {
				if (method !== 'GET') throw methodNotAllowed('GET');
				const organizer = requireOrganizer(req, false);
				return sendJson(res, 200, { sessions: organizers.sessionsOf(organizer.id) });
			}
		}
		const match = ORGANIZER_PATH.exec(path);
		if (!match?.[1]) throw new HttpError('not_found', 'There is no such endpoint.');
		const sessionId = match[1];
		const part = match[2] ?? '';
		const removed = part.startsWith('/organizers/') ? part.slice('/organizers/'.length) : '';
		const action = `${method} ${removed ? '/organizers/:organizerId' : part}`;
		switch (action) {
			case 'DELETE ': {
				const organizer = requireOrganizer(req, true);
				organizers.requireOwner(sessionId, organizer.id);
				// Erasure as the console's erase button does it, with its own line in the erasure log.
				sessions.delete(sessionId, CloseCode.sessionDeleted, 'organizer');
				return sendNoContent(res);
			}
			case 'POST /console-key': {
				const organizer = requireOrganizer(req, true);
				if (!sessions.exists(sessionId)) throw sessionNotFound();
				const key = organizers.consoleKey(sessionId, organizer.id);
				// What an owner does with one session is a use of it; listing them all is not, or
				// an organizer who signs in now and then would keep every session they ever made.
				sessions.markUsed(sessionId);
				return sendJson(res, 201, { facilitatorKey: key });
			}
			case 'POST /organizers': {
				const organizer = requireOrganizer(req, true);
				const body = coOrganizerBody(await readJson(req), 'body');
				if (!body.ok) throw new HttpError('invalid_request', `${body.path} ${body.problem}.`);
				const added = organizers.addCoOrganizer(sessionId, organizer.id, body.value.email);
				sessions.markUsed(sessionId);
				return sendJson(res, 201, { organizer: added });
			}
			case 'DELETE /organizers/:organizerId': {
				const organizer = requireOrganizer(req, true);
				organizers.removeOrganizer(sessionId, organizer.id, removed);
				sessions.markUsed(sessionId);
				return sendNoContent(res);
			}
			default:
				throw methodNotAllowed(
					part === '/console-key' || part === '/organizers' ? 'POST' : 'DELETE'
				);
		}
	}

	return {
		handle(req, res) {
			const path = (req.url ?? '/').split('?')[0] ?? '/';
			if (
				!path.startsWith('/auth/') &&
				path !== '/api/organizer' &&
				!path.startsWith('/api/organizer/')
			) {
				return false;
			}
			if (
				path.startsWith('/auth/') &&
				!['/auth/login', '/auth/callback', '/auth/logout'].includes(path)
			) {
				return false;
			}
			route(req, res, path).catch((error: unknown) => {
				if (error instanceof HttpError) return sendError(res, error);
				deps.log(`request failed: ${req.method} ${path}`, error);
				if (!res.headersSent) {
					sendError(res, new HttpError('internal', 'Something went wrong on the server.'));
				}
			});
			return true;
		},
		requireOrganizer: (req) => requireOrganizer(req, true)
	};
}

const methodNotAllowed = (allow: string): HttpError =>
	new HttpError('method_not_allowed', `Use ${allow} here.`, { Allow: allow });
