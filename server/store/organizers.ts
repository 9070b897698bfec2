import type Database from 'better-sqlite3';

/**
 * An organizer as the board knows them: who their identity provider says they are (issuer and
 * subject), and a name and e-mail address to show and to hand sessions over by. Nothing of the
 * provider's tokens is kept.
 */
export interface OrganizerRecord {
	/** Our own id for them: random, shown to co-organizers, never the provider's subject. */
	id: string;
	issuer: string;
	subject: string;
	name: string;
	/** Lower case; empty when the provider gave none. */
	email: string;
	lastSignedInAt: number;
}

/** A signed-in browser: the hash of its cookie's value, never the value. */
export interface SignInRecord {
	tokenHash: Buffer;
	organizerId: string;
	createdAt: number;
	expiresAt: number;
}

/** How an organizer came to a session: they made it, or an organizer of it added them. */
export type OwnerRole = 'creator' | 'co-organizer';

export interface OwnerRecord {
	sessionId: string;
	organizer: OrganizerRecord;
	role: OwnerRole;
	addedAt: number;
}

/** An organizer-bound console key of a session, as stored: hashes only. */
export interface ConsoleKeyRecord {
	id: string;
	sessionId: string;
	organizerId: string;
	keyHash: Buffer;
	screenKeyHash: Buffer;
	createdAt: number;
}

/** A session in an organizer's list, with what the list shows of it. */
export interface OwnedSessionRecord {
	sessionId: string;
	title: string;
	role: OwnerRole;
	createdAt: number;
	lastActiveAt: number;
	participants: number;
}

/** What the server keeps of organizers; part of the Store, in the same database. */
export interface OrganizerStore {
	/** Adds an organizer or, on a later sign-in, refreshes their name and e-mail address. */
	upsertOrganizer(record: OrganizerRecord): OrganizerRecord;
	getOrganizer(id: string): OrganizerRecord | undefined;
	/**
	 * Forgets organizers who last signed in before `before` and organize no session any more
	 * (their name and address are kept for nothing else); returns how many.
	 */
	deleteIdleOrganizers(before: number): number;
	/** The organizer who signed in last with this e-mail address (compared in lower case). */
	/**
	 * The organizers who signed in with this e-mail address (at most two: more than one already
	 * means the address does not say who is meant).
	 */
	findOrganizersByEmail(email: string): OrganizerRecord[];

	addSignIn(record: SignInRecord): void;
	/** The sign-in whose cookie hashes to `tokenHash`, unless it expired before `now`. */
	getSignIn(tokenHash: Buffer, now: number): SignInRecord | undefined;
	deleteSignIn(tokenHash: Buffer): void;
	/** Drops expired sign-ins, and an organizer's oldest beyond `keep`. */
	pruneSignIns(organizerId: string, now: number, keep: number): void;

	/** Records a session's title for the lists of its organizers (it never changes). */
	addOwnedSession(sessionId: string, title: string): void;
	addOwner(sessionId: string, organizerId: string, role: OwnerRole, at: number): void;
	/** Removes an organizer from a session; their console keys go with them. */
	removeOwner(sessionId: string, organizerId: string): boolean;
	owners(sessionId: string): OwnerRecord[];
	isOwner(sessionId: string, organizerId: string): boolean;
	ownedSessions(organizerId: string): OwnedSessionRecord[];

	addConsoleKey(record: ConsoleKeyRecord): void;
	/** Every console key of a session (a few per organizer). */
	consoleKeys(sessionId: string): ConsoleKeyRecord[];
	deleteConsoleKey(id: string): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS organizers (
	id TEXT PRIMARY KEY,
	issuer TEXT NOT NULL,
	subject TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	last_signed_in_at INTEGER NOT NULL,
	UNIQUE (issuer, subject)
) STRICT;
CREATE INDEX IF NOT EXISTS organizers_by_email ON organizers (email, last_signed_in_at);
CREATE TABLE IF NOT EXISTS sign_ins (
	token_hash BLOB PRIMARY KEY,
	organizer_id TEXT NOT NULL REFERENCES organizers(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS sign_ins_by_organizer ON sign_ins (organizer_id, created_at);
CREATE TABLE IF NOT EXISTS owned_sessions (
	session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
	title TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS session_owners (
	session_id TEXT NOT NULL REFERENCES owned_sessions(session_id) ON DELETE CASCADE,
	organizer_id TEXT NOT NULL REFERENCES organizers(id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	added_at INTEGER NOT NULL,
	PRIMARY KEY (session_id, organizer_id)
) STRICT;
CREATE INDEX IF NOT EXISTS session_owners_by_organizer ON session_owners (organizer_id);
CREATE TABLE IF NOT EXISTS console_keys (
	id TEXT PRIMARY KEY,
	session_id TEXT NOT NULL,
	organizer_id TEXT NOT NULL,
	key_hash BLOB NOT NULL,
	screen_key_hash BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	FOREIGN KEY (session_id, organizer_id)
		REFERENCES session_owners(session_id, organizer_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX IF NOT EXISTS console_keys_by_session ON console_keys (session_id, organizer_id);
`;

interface OrganizerRow {
	id: string;
	issuer: string;
	subject: string;
	name: string;
	email: string;
	last_signed_in_at: number;
}

const toOrganizer = (row: OrganizerRow): OrganizerRecord => ({
	id: row.id,
	issuer: row.issuer,
	subject: row.subject,
	name: row.name,
	email: row.email,
	lastSignedInAt: row.last_signed_in_at
});

/** A role as stored; an odd value reads as the lesser one. */
const asRole = (value: string): OwnerRole => (value === 'creator' ? 'creator' : 'co-organizer');

/**
 * Opens the organizer tables in the store's database (made on first use). Every row hangs off
 * a session or an organizer by a cascading key, so erasing a session takes its owners and its
 * console keys along, and removing an owner takes their console keys.
 */
export function openOrganizerStore(db: Database.Database): OrganizerStore {
	db.exec(SCHEMA);
	const statements = {
		upsertOrganizer: db.prepare(
			`INSERT INTO organizers (id, issuer, subject, name, email, last_signed_in_at)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (issuer, subject) DO UPDATE SET
				name = excluded.name, email = excluded.email, last_signed_in_at = excluded.last_signed_in_at`
		),
		organizerBySubject: db.prepare<[string, string], OrganizerRow>(
			'SELECT * FROM organizers WHERE issuer = ? AND subject = ?'
		),
		organizer: db.prepare<[string], OrganizerRow>('SELECT * FROM organizers WHERE id = ?'),
		deleteIdleOrganizers: db.prepare(
			`DELETE FROM organizers WHERE last_signed_in_at < ?
			AND id NOT IN (SELECT organizer_id FROM session_owners)`
		),
		organizerByEmail: db.prepare<[string], OrganizerRow>(
			'SELECT * FROM organizers WHERE email = ? LIMIT 2'
		),
		addSignIn: db.prepare(
			'INSERT INTO sign_ins (token_hash, organizer_id, created_at, expires_at) VALUES (?, ?, ?, ?)'
		),
		signIn: db.prepare<
			[Buffer, number],
			{ token_hash: Buffer; organizer_id: string; created_at: number; expires_at: number }
		>('SELECT * FROM sign_ins WHERE token_hash = ? AND expires_at > ?'),
		deleteSignIn: db.prepare('DELETE FROM sign_ins WHERE token_hash = ?'),
		deleteExpiredSignIns: db.prepare('DELETE FROM sign_ins WHERE expires_at <= ?'),
		deleteOldSignIns: db.prepare(
			`DELETE FROM sign_ins WHERE organizer_id = ? AND token_hash NOT IN (
				SELECT token_hash FROM sign_ins WHERE organizer_id = ? ORDER BY created_at DESC LIMIT ?)`
		),
		addOwnedSession: db.prepare(
			'INSERT OR IGNORE INTO owned_sessions (session_id, title) VALUES (?, ?)'
		),
		addOwner: db.prepare(
			'INSERT OR IGNORE INTO session_owners (session_id, organizer_id, role, added_at) VALUES (?, ?, ?, ?)'
		),
		removeOwner: db.prepare('DELETE FROM session_owners WHERE session_id = ? AND organizer_id = ?'),
		owners: db.prepare<[string], OrganizerRow & { role: string; added_at: number }>(
			`SELECT organizers.*, session_owners.role, session_owners.added_at FROM session_owners
			JOIN organizers ON organizers.id = session_owners.organizer_id
			WHERE session_owners.session_id = ? ORDER BY session_owners.added_at, organizers.id`
		),
		isOwner: db.prepare<[string, string], { one: number }>(
			'SELECT 1 AS one FROM session_owners WHERE session_id = ? AND organizer_id = ?'
		),
		ownedSessions: db.prepare<
			[string],
			{
				session_id: string;
				title: string;
				role: string;
				created_at: number;
				last_active_at: number;
				participants: number;
			}
		>(
			`SELECT owned_sessions.session_id, owned_sessions.title, session_owners.role,
				sessions.created_at, sessions.last_active_at,
				(SELECT count(*) FROM participants WHERE participants.session_id = sessions.id) AS participants
			FROM session_owners
			JOIN owned_sessions ON owned_sessions.session_id = session_owners.session_id
			JOIN sessions ON sessions.id = session_owners.session_id
			WHERE session_owners.organizer_id = ?
			ORDER BY max(sessions.last_active_at, sessions.created_at) DESC, sessions.id`
		),
		addConsoleKey: db.prepare(
			'INSERT INTO console_keys (id, session_id, organizer_id, key_hash, screen_key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)'
		),
		consoleKeys: db.prepare<
			[string],
			{
				id: string;
				session_id: string;
				organizer_id: string;
				key_hash: Buffer;
				screen_key_hash: Buffer;
				created_at: number;
			}
		>('SELECT * FROM console_keys WHERE session_id = ? ORDER BY created_at, id'),
		deleteConsoleKey: db.prepare('DELETE FROM console_keys WHERE id = ?')
	};

	return {
		upsertOrganizer(record) {
			statements.upsertOrganizer.run(
				record.id,
				record.issuer,
				record.subject,
				record.name,
				record.email,
				record.lastSignedInAt
			);
			// On a later sign-in the row keeps the id it was given the first time.
			return toOrganizer(statements.organizerBySubject.get(record.issuer, record.subject)!);
		},
		getOrganizer(id) {
			const row = statements.organizer.get(id);
			return row && toOrganizer(row);
		},
		deleteIdleOrganizers: (before) => statements.deleteIdleOrganizers.run(before).changes,
		findOrganizersByEmail(email) {
			return email ? statements.organizerByEmail.all(email.toLowerCase()).map(toOrganizer) : [];
		},
		addSignIn(record) {
			statements.addSignIn.run(
				record.tokenHash,
				record.organizerId,
				record.createdAt,
				record.expiresAt
			);
		},
		getSignIn(tokenHash, now) {
			const row = statements.signIn.get(tokenHash, now);
			return (
				row && {
					tokenHash: row.token_hash,
					organizerId: row.organizer_id,
					createdAt: row.created_at,
					expiresAt: row.expires_at
				}
			);
		},
		deleteSignIn(tokenHash) {
			statements.deleteSignIn.run(tokenHash);
		},
		pruneSignIns(organizerId, now, keep) {
			statements.deleteExpiredSignIns.run(now);
			statements.deleteOldSignIns.run(organizerId, organizerId, keep);
		},
		addOwnedSession(sessionId, title) {
			statements.addOwnedSession.run(sessionId, title);
		},
		addOwner(sessionId, organizerId, role, at) {
			statements.addOwner.run(sessionId, organizerId, role, at);
		},
		removeOwner: (sessionId, organizerId) =>
			statements.removeOwner.run(sessionId, organizerId).changes > 0,
		owners: (sessionId) =>
			statements.owners.all(sessionId).map((row) => ({
				sessionId,
				organizer: toOrganizer(row),
				role: asRole(row.role),
				addedAt: row.added_at
			})),
		isOwner: (sessionId, organizerId) =>
			statements.isOwner.get(sessionId, organizerId) !== undefined,
		ownedSessions: (organizerId) =>
			statements.ownedSessions.all(organizerId).map((row) => ({
				sessionId: row.session_id,
				title: row.title,
				role: asRole(row.role),
				createdAt: row.created_at,
				// Sessions stored before activity was kept count as active since their creation.
				lastActiveAt: Math.max(row.last_active_at, row.created_at),
				participants: row.participants
			})),
		addConsoleKey(record) {
			statements.addConsoleKey.run(
				record.id,
				record.sessionId,
				record.organizerId,
				record.keyHash,
				record.screenKeyHash,
				record.createdAt
			);
		},
		consoleKeys: (sessionId) =>
			statements.consoleKeys.all(sessionId).map((row) => ({
				id: row.id,
				sessionId: row.session_id,
				organizerId: row.organizer_id,
				keyHash: row.key_hash,
				screenKeyHash: row.screen_key_hash,
				createdAt: row.created_at
			})),
		deleteConsoleKey(id) {
			statements.deleteConsoleKey.run(id);
		}
	};
}
