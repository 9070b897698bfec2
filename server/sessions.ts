import { SqliteError } from 'better-sqlite3';
import type { SessionLifetime } from '../src/lib/api/session-info.ts';
import type * as Y from 'yjs';
import { addParticipant, initSessionDoc, readPerspectives } from '../src/lib/model/session-doc.ts';
import { addTemplateAgenda } from '../src/lib/model/steps.ts';
import { templates } from '../src/lib/model/templates.ts';
import type { Locale } from '../src/lib/model/types.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import {
	hashMatches,
	hashSecret,
	newFacilitatorKey,
	newJoinCode,
	newParticipantId,
	newParticipantToken,
	newResultsKey,
	newSessionId,
	newStepId,
	parseCredential,
	screenKeyFor,
	secretMatches
} from './credentials.ts';
import { openErasureLog, type ErasureLog, type ErasureReason } from './erasure-log.ts';
import { HttpError } from './errors.ts';
import { recountParticipation } from './intents/participants.ts';
import { SERVER_ORIGIN } from './origins.ts';
import type { Actor } from './peer.ts';
import type { Rooms } from './rooms.ts';
import type { SessionRecord, Store } from './store/types.ts';

/**
 * What a new session's agenda starts as: the template's (the start page's choice: a BORN
 * session starts with its typical agenda) or none, for a caller that builds its own.
 */
export const AGENDA_STARTS = ['template', 'empty'] as const;
export type AgendaStart = (typeof AGENDA_STARTS)[number];

export interface CreatedSession {
	id: string;
	joinCode: string;
	facilitatorKey: string;
}

/** A session's results link as the console may know it: never its key, which is shown once. */
export interface ResultsLinkState {
	active: boolean;
	createdAt?: number;
}

/**
 * What a join code opens now: its session, or why not. A code no session has, one whose session
 * has been idle too long, and one whose session the facilitator closed to newcomers are told
 * apart, so a phone can say which.
 */
export type JoinCodeCheck =
	| { ok: true; session: SessionRecord }
	| { ok: false; code: 'unknown_code' | 'code_expired' | 'joins_closed' };

export interface JoinedSession {
	sessionId: string;
	participantId: string;
	token: string;
}

/** Creating, joining, authenticating and erasing sessions. */
export class Sessions {
	readonly #store: Store;
	readonly #rooms: Rooms;
	readonly #now: () => number;
	readonly #erasures: ErasureLog;

	constructor(
		store: Store,
		rooms: Rooms,
		now: () => number = Date.now,
		erasures: ErasureLog = openErasureLog(':memory:')
	) {
		this.#store = store;
		this.#rooms = rooms;
		this.#now = now;
		this.#erasures = erasures;
	}

	/**
	 * Creates a session from a template, with the template's agenda unless `agenda` is 'empty';
	 * `seed` may fill its board further (as a series does), after the agenda.
	 */
	create(input: {
		title: string;
		template: string;
		locale: Locale;
		agenda?: AgendaStart;
		seed?: (doc: Y.Doc) => void;
	}): CreatedSession {
		const template = templates[input.template];
		if (!template) throw new HttpError('unknown_template', 'There is no such template.');
		const id = newSessionId();
		const facilitatorKey = newFacilitatorKey();
		const createdAt = this.#now();
		// A fresh code collides with a live one about once in a few hundred million; retry then.
		for (let attempt = 0; ; attempt++) {
			const joinCode = newJoinCode();
			try {
				this.#store.transaction(() => {
					this.#store.createSession({
						id,
						joinCode,
						facilitatorKeyHash: hashSecret(facilitatorKey),
						screenKeyHash: hashSecret(screenKeyFor(facilitatorKey, id)),
						createdAt
					});
					const room = this.#rooms.get(id);
					room.doc.transact(() => {
						initSessionDoc(room.doc, template, {
							title: input.title,
							locale: input.locale,
							joinCode,
							createdAt
						});
						if ((input.agenda ?? 'template') === 'template') {
							addTemplateAgenda(room.doc, template, input.locale, {
								now: createdAt,
								newId: newStepId
							});
						}
						input.seed?.(room.doc);
					}, SERVER_ORIGIN);
				});
				return { id, joinCode, facilitatorKey };
			} catch (error) {
				this.#rooms.discard(id, CloseCode.roomFailed, 'creation failed');
				const collided =
					error instanceof SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && attempt < 5;
				if (!collided) throw error;
			}
		}
	}

	exists(id: string): boolean {
		return this.#store.getSession(id) !== undefined;
	}

	/**
	 * The session `joinCode` opens now. A code stops working when its facilitator has not used the
	 * session for `idleMs` (a code that works forever could be guessed forever; phones joining do
	 * not count, or guessers could keep it alive), and while the facilitator has closed the session
	 * to newcomers.
	 */
	checkJoinCode(joinCode: string, idleMs: number): JoinCodeCheck {
		const session = this.#store.findSessionByJoinCode(joinCode);
		if (!session) return { ok: false, code: 'unknown_code' };
		if (session.joinsClosedAt !== undefined) return { ok: false, code: 'joins_closed' };
		if (this.#lastUse(session) + idleMs <= this.#now()) return { ok: false, code: 'code_expired' };
		return { ok: true, session };
	}

	/** Opens the session to new participants or closes it; those who joined keep taking part. */
	setJoinsOpen(id: string, open: boolean): void {
		this.#store.setJoinsClosed(id, open ? undefined : this.#now());
	}

	/**
	 * Until when the session takes newcomers by its code, and is kept, if nobody uses it from
	 * now on; undefined for a session there is not.
	 */
	lifetime(
		id: string,
		limits: { joinCodeIdleMs: number; retentionMs: number }
	): SessionLifetime | undefined {
		const session = this.#store.getSession(id);
		if (!session) return undefined;
		const lastUse = this.#lastUse(session);
		return {
			joinsOpen: session.joinsClosedAt === undefined,
			joinCodeExpiresAt: lastUse + limits.joinCodeIdleMs,
			erasesAt: lastUse + limits.retentionMs
		};
	}

	/**
	 * A session with a console connected is in use now; else it was last used at its stored mark.
	 * A loaded room is not use by itself: projectors, phones and results links load it too.
	 */
	#lastUse(session: SessionRecord): number {
		return this.#rooms.facilitatorPresent(session.id) ? this.#now() : session.lastActiveAt;
	}

	/**
	 * Notes that the session's facilitator or organizer used it now: what retention and the join
	 * code's idle time count from. Only they call this (a facilitator's API call or intent, an
	 * organizer's action; a console's socket is marked by Rooms). A projector, a phone or a
	 * results link never does, so none of them can keep a session, or its code, alive for ever.
	 */
	markUsed(id: string): void {
		this.#store.touchSession(id, this.#now());
	}

	/** Adds a participant to a session, at most `maxParticipants` in all. */
	join(
		sessionId: string,
		profile: { name?: string; perspective?: string },
		maxParticipants: number
	): JoinedSession {
		if (this.#store.countParticipants(sessionId) >= maxParticipants) {
			throw new HttpError(
				'session_full',
				`This session has reached its ${maxParticipants} participants.`
			);
		}
		const room = this.#rooms.get(sessionId);
		const perspective = profile.perspective ?? '';
		if (perspective && !readPerspectives(room.doc).some((p) => p.id === perspective)) {
			throw new HttpError('unknown_perspective', 'This session has no such perspective.');
		}
		const participantId = newParticipantId();
		const token = newParticipantToken(participantId);
		const joinedAt = this.#now();
		this.#store.transaction(() => {
			this.#store.addParticipant({
				sessionId,
				id: participantId,
				tokenHash: hashSecret(token),
				createdAt: joinedAt
			});
			// Who joined is for facilitators only; the room learns how many, per perspective.
			room.privateDoc.transact(
				() =>
					addParticipant(room.privateDoc, {
						id: participantId,
						name: profile.name ?? '',
						perspective,
						joinedAt
					}),
				SERVER_ORIGIN
			);
			room.doc.transact(() => recountParticipation(room), SERVER_ORIGIN);
		});
		return { sessionId, participantId, token };
	}

	/**
	 * Who a credential belongs to in this session, or undefined (also when there is no such
	 * session). Every path compares a hash in constant time, so the time taken does not tell how
	 * much of a key was right. A participant's token names its participant: checking it is one
	 * keyed read of their row, which exists only while its session does (the store deletes it
	 * with the session), and one hash; a key reads the session's row once.
	 */
	authenticate(sessionId: string, credential: string | null | undefined): Actor | undefined {
		const parsed = parseCredential(credential);
		if (!parsed) return undefined;
		switch (parsed.kind) {
			case 'facilitator':
			case 'screen': {
				const session = this.#store.getSession(sessionId);
				if (!session) return undefined;
				return this.#authenticateKey(sessionId, parsed.kind, parsed.secret, session);
			}
			case 'results':
				// A results key opens the report page (see opensResults) and nothing else.
				return undefined;
			case 'participant': {
				const participant = this.#store.getParticipant(sessionId, parsed.participantId);
				// Without a record, still hash once so both outcomes take the same time.
				const matches = secretMatches(parsed.secret, participant?.tokenHash ?? hashSecret(''));
				return participant && matches
					? { role: 'participant', key: `p:${participant.id}`, participantId: participant.id }
					: undefined;
			}
		}
	}

	/**
	 * A console or projector key: the session's own (made at creation), or one an organizer of
	 * the session was given (see organizers/organizers.ts). The hash is held against every one of
	 * the session's keys, without stopping at a match, so the time taken tells nothing about
	 * which key, if any, nearly matched.
	 */
	#authenticateKey(
		sessionId: string,
		kind: 'facilitator' | 'screen',
		secret: string,
		session: SessionRecord
	): Actor | undefined {
		const hash = hashSecret(secret);
		const own = kind === 'facilitator' ? session.facilitatorKeyHash : session.screenKeyHash;
		let actor: Actor | undefined = hashMatches(hash, own) ? { role: kind, key: kind } : undefined;
		for (const consoleKey of this.#store.organizers.consoleKeys(sessionId)) {
			const stored = kind === 'facilitator' ? consoleKey.keyHash : consoleKey.screenKeyHash;
			if (hashMatches(hash, stored)) {
				const organizerId = consoleKey.organizerId;
				actor = {
					role: kind,
					key: `${kind === 'facilitator' ? 'f' : 's'}:${organizerId}`,
					organizerId
				};
			}
		}
		return actor;
	}

	/**
	 * Erases a session: its sockets are closed and nothing of it stays in the store. The erasure
	 * log gets its line first, on disk before a row is deleted: a crash in between leaves a
	 * tombstone that the next start honours, never an erasure a restored backup could undo.
	 * False when there is no such session (and nothing is logged).
	 */
	delete(id: string, closeCode: CloseCode, reason: ErasureReason): boolean {
		if (!this.exists(id)) return false;
		this.#erasures.record(id, this.#now(), reason);
		this.#rooms.discard(id, closeCode, 'session deleted');
		return this.#store.deleteSession(id);
	}

	/**
	 * Erases again every stored session the erasure log names: they came back with a restored
	 * backup made before their erasure. Run at start, before anyone can open one; returns their
	 * number. The log, which only grows, is read once in chunks and each line held against the
	 * stored ids (one query): what this keeps in memory grows with the sessions, not the log.
	 */
	eraseTombstoned(): number {
		const stored = new Set(this.#store.sessionIds());
		if (stored.size === 0) return 0;
		const again = new Set<string>();
		this.#erasures.forEach(({ id }) => {
			if (stored.has(id)) again.add(id);
		});
		let erased = 0;
		for (const id of again) {
			if (this.delete(id, CloseCode.sessionDeleted, 'tombstone')) erased++;
		}
		return erased;
	}

	/**
	 * Makes a new results link for a session, replacing the one before (which stops working at
	 * once). The key is returned this once: only its hash is stored.
	 */
	createResultsLink(id: string): { key: string; createdAt: number } {
		const key = newResultsKey();
		const createdAt = this.#now();
		this.#store.setResultsKey(id, { hash: hashSecret(key), createdAt });
		return { key, createdAt };
	}

	revokeResultsLink(id: string): void {
		this.#store.setResultsKey(id, undefined);
	}

	resultsLink(id: string): ResultsLinkState {
		const key = this.#store.getSession(id)?.resultsKey;
		return key ? { active: true, createdAt: key.createdAt } : { active: false };
	}

	/**
	 * Whether `credential` is the session's active results key. Compared in constant time, and
	 * hashed even when the session has no link, so the time taken does not tell whether it has.
	 */
	opensResults(id: string, credential: string | null | undefined): boolean {
		const parsed = parseCredential(credential);
		const stored = this.#store.getSession(id)?.resultsKey?.hash;
		const matches = secretMatches(
			parsed?.kind === 'results' ? parsed.secret : '',
			stored ?? hashSecret('')
		);
		return parsed?.kind === 'results' && stored !== undefined && matches;
	}

	/** The link a results key is handed out in: the key in the fragment, as for every link. */
	resultsUrl(origin: string, id: string, key: string): string {
		return `${origin}/r/${id}#key=${key}`;
	}

	/** The links a facilitator hands out; the screen key is derived, never stored. */
	links(
		origin: string,
		id: string,
		joinCode: string,
		facilitatorKey: string
	): { facilitator: string; join: string; screen: string } {
		return {
			facilitator: `${origin}/f/${id}#key=${facilitatorKey}`,
			join: `${origin}/j/${joinCode}`,
			screen: `${origin}/s/${id}#key=${screenKeyFor(facilitatorKey, id)}`
		};
	}
}
