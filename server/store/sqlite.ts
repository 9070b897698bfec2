import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openOrganizerStore } from './organizers.ts';
import type { BallotRecord, DocChannel, ParticipantRecord, SessionRecord, Store } from './types.ts';

export const DATABASE_FILE = 'koersbord.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
	id TEXT PRIMARY KEY,
	join_code TEXT NOT NULL UNIQUE,
	facilitator_key_hash BLOB NOT NULL,
	screen_key_hash BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	last_active_at INTEGER NOT NULL DEFAULT 0,
	results_key_hash BLOB,
	results_key_created_at INTEGER,
	joins_closed_at INTEGER
) STRICT;
CREATE TABLE IF NOT EXISTS participants (
	session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
	id TEXT NOT NULL,
	token_hash BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (session_id, id)
) STRICT;
CREATE TABLE IF NOT EXISTS updates (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
	data BLOB NOT NULL,
	channel INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX IF NOT EXISTS updates_by_session ON updates (session_id, seq);
CREATE TABLE IF NOT EXISTS ballots (
	session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
	step_id TEXT NOT NULL,
	round INTEGER NOT NULL,
	participant_id TEXT NOT NULL,
	data TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	perspective TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (session_id, step_id, round, participant_id)
) STRICT;
CREATE TABLE IF NOT EXISTS intents (
	session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
	actor TEXT NOT NULL,
	id TEXT NOT NULL,
	applied_at INTEGER NOT NULL,
	type TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (session_id, actor, id)
) STRICT;
`;

/** Columns added since the first release: stores made before get them on open. */
const ADDED_COLUMNS = [
	['sessions', 'last_active_at', 'INTEGER NOT NULL DEFAULT 0'],
	['intents', 'type', "TEXT NOT NULL DEFAULT ''"],
	['updates', 'channel', 'INTEGER NOT NULL DEFAULT 0'],
	['ballots', 'perspective', "TEXT NOT NULL DEFAULT ''"],
	['sessions', 'results_key_hash', 'BLOB'],
	['sessions', 'results_key_created_at', 'INTEGER'],
	['sessions', 'joins_closed_at', 'INTEGER']
] as const;

/** The `updates.channel` of each document. */
const CHANNELS: Record<DocChannel, number> = { shared: 0, private: 1 };

interface SessionRow {
	id: string;
	join_code: string;
	facilitator_key_hash: Buffer;
	screen_key_hash: Buffer;
	created_at: number;
	last_active_at: number;
	results_key_hash: Buffer | null;
	results_key_created_at: number | null;
	joins_closed_at: number | null;
}

const toSession = (row: SessionRow | undefined): SessionRecord | undefined =>
	row && {
		id: row.id,
		joinCode: row.join_code,
		facilitatorKeyHash: row.facilitator_key_hash,
		screenKeyHash: row.screen_key_hash,
		createdAt: row.created_at,
		// Sessions stored before activity was kept count as active since their creation.
		lastActiveAt: Math.max(row.last_active_at, row.created_at),
		...(row.results_key_hash && {
			resultsKey: { hash: row.results_key_hash, createdAt: row.results_key_created_at ?? 0 }
		}),
		...(row.joins_closed_at !== null && { joinsClosedAt: row.joins_closed_at })
	};

/**
 * How long a statement waits for another connection's lock (a backup's or a migration's) before
 * it fails. better-sqlite3 is synchronous, so a wait holds the whole server.
 */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * How soon a checkpoint that a reader held up (a backup copies the database under one read
 * transaction) is tried again, without waiting: erased text stays in the files until it succeeds.
 */
export const CHECKPOINT_RETRY_MS = 1_000;

/** Pages the WAL may hold before SQLite checkpoints it by itself: about 40 MB. */
const WAL_CHECKPOINT_PAGES = 10_000;

/** After a checkpoint failed (not one that was only held up), tries come at most this often. */
const CHECKPOINT_FAILED_RETRY_MS = 60_000;

export interface SqliteStoreOptions {
	/** Where a failed checkpoint that is being retried is reported. */
	log?: (message: string, error?: unknown) => void;
}

/** Opens (and if needed creates) the store in `dataDir`; `:memory:` keeps it in memory. */
export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Store {
	let file = ':memory:';
	if (dataDir !== ':memory:') {
		mkdirSync(dataDir, { recursive: true });
		file = join(dataDir, DATABASE_FILE);
	}
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	// NORMAL: a commit is written to the WAL (in the operating system's cache) before we answer,
	// so a killed or crashed process loses nothing it acknowledged; only a power cut of the
	// server itself can lose the last moments. FULL adds an fsync per commit: the benchmark
	// measured 1.6 ms each, a third of the server's time with 50 sessions voting at once.
	db.pragma('synchronous = NORMAL');
	// The WAL is copied into the database file (a checkpoint, with an fsync of each) once it holds
	// this many pages (4 KiB each), not at SQLite's default of 1,000: a vote writes about four
	// pages, mostly the same few, so a checkpoint every 250 votes held the thread for two fsyncs
	// again and again to copy the same pages. Erasures still empty the WAL at once (checkpoint).
	db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
	db.pragma('foreign_keys = ON');
	// Deleted sessions are overwritten, not just unlinked (a facilitator's erase request, AVG).
	db.pragma('secure_delete = ON');
	db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
	db.exec(SCHEMA);
	for (const [table, column, definition] of ADDED_COLUMNS) {
		const columns = db.pragma(`table_info(${table})`) as { name: string }[];
		if (!columns.some((c) => c.name === column)) {
			db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
		}
	}

	const statements = {
		insertSession: db.prepare(
			'INSERT INTO sessions (id, join_code, facilitator_key_hash, screen_key_hash, created_at, last_active_at) VALUES (?, ?, ?, ?, ?, ?)'
		),
		touchSession: db.prepare(
			'UPDATE sessions SET last_active_at = ? WHERE id = ? AND last_active_at < ?'
		),
		countParticipants: db.prepare<[string], { n: number }>(
			'SELECT count(*) AS n FROM participants WHERE session_id = ?'
		),
		countIntents: db.prepare<[string, string, string], { n: number }>(
			'SELECT count(*) AS n FROM intents WHERE session_id = ? AND actor = ? AND type = ?'
		),
		setResultsKey: db.prepare(
			'UPDATE sessions SET results_key_hash = ?, results_key_created_at = ? WHERE id = ?'
		),
		setJoinsClosed: db.prepare('UPDATE sessions SET joins_closed_at = ? WHERE id = ?'),
		// Sessions stored before activity was kept count as active since their creation.
		sessionIds: db.prepare<[], { id: string }>('SELECT id FROM sessions'),
		idleSessions: db.prepare<[number], { id: string }>(
			'SELECT id FROM sessions WHERE max(last_active_at, created_at) < ? ORDER BY max(last_active_at, created_at)'
		),
		getSession: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
		findByCode: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE join_code = ?'),
		deleteSession: db.prepare('DELETE FROM sessions WHERE id = ?'),
		insertParticipant: db.prepare(
			'INSERT INTO participants (session_id, id, token_hash, created_at) VALUES (?, ?, ?, ?)'
		),
		getParticipant: db.prepare<
			[string, string],
			{ session_id: string; id: string; token_hash: Buffer; created_at: number }
		>('SELECT * FROM participants WHERE session_id = ? AND id = ?'),
		loadUpdates: db.prepare<[string, number], { data: Buffer }>(
			'SELECT data FROM updates WHERE session_id = ? AND channel = ? ORDER BY seq'
		),
		appendUpdate: db.prepare('INSERT INTO updates (session_id, data, channel) VALUES (?, ?, ?)'),
		countUpdates: db.prepare<[string, number], { n: number }>(
			'SELECT count(*) AS n FROM updates WHERE session_id = ? AND channel = ?'
		),
		clearUpdates: db.prepare('DELETE FROM updates WHERE session_id = ? AND channel = ?'),
		// An upsert changes a participant's earlier ballot in place, where INSERT OR REPLACE deletes
		// the row (overwriting it with zeros: secure_delete) and inserts it again, in the table and
		// in its key's index: a third of a vote's time in the store.
		putBallot: db.prepare(
			'INSERT INTO ballots (session_id, step_id, round, participant_id, data, updated_at, perspective) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, step_id, round, participant_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, perspective = excluded.perspective'
		),
		deleteBallots: db.prepare('DELETE FROM ballots WHERE session_id = ? AND step_id = ?'),
		deleteParticipantBallots: db.prepare(
			'DELETE FROM ballots WHERE session_id = ? AND participant_id = ?'
		),
		loadBallots: db.prepare<
			[string],
			{ step_id: string; round: number; participant_id: string; data: string; perspective: string }
		>('SELECT step_id, round, participant_id, data, perspective FROM ballots WHERE session_id = ?'),
		listIntents: db.prepare<[string, string, string], { id: string }>(
			'SELECT id FROM intents WHERE session_id = ? AND actor = ? AND type = ?'
		),
		deleteIntents: db.prepare('DELETE FROM intents WHERE session_id = ? AND actor = ?'),
		deleteParticipant: db.prepare('DELETE FROM participants WHERE session_id = ? AND id = ?'),
		insertIntent: db.prepare(
			'INSERT OR IGNORE INTO intents (session_id, actor, id, applied_at, type) VALUES (?, ?, ?, ?, ?)'
		),
		hasIntent: db.prepare<[string, string, string], { one: number }>(
			'SELECT 1 AS one FROM intents WHERE session_id = ? AND actor = ? AND id = ?'
		)
	};

	// Counting the log on every append would be a table scan per vote; keep a running count per
	// document instead, seeded from the database the first time a document is touched.
	const logLength = new Map<string, number>();
	const lengthOf = (sessionId: string, channel: number): number => {
		const key = `${channel}:${sessionId}`;
		let n = logLength.get(key);
		if (n === undefined) {
			n = statements.countUpdates.get(sessionId, channel)?.n ?? 0;
			logLength.set(key, n);
		}
		return n;
	};

	const compact = db.transaction((sessionId: string, state: Uint8Array, channel: number) => {
		statements.clearUpdates.run(sessionId, channel);
		statements.appendUpdate.run(sessionId, Buffer.from(state), channel);
		logLength.set(`${channel}:${sessionId}`, 1);
	});

	/** Checkpoints and empties the WAL, waiting up to `waitMs` for readers; true when done. */
	const truncateLog = (waitMs: number): boolean => {
		if (file === ':memory:') return true;
		db.pragma(`busy_timeout = ${waitMs}`);
		try {
			const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
			return result?.busy === 0;
		} finally {
			db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
		}
	};

	/** The next try of a checkpoint that has not succeeded yet. */
	let retry: NodeJS.Timeout | undefined;
	const retryCheckpoint = (afterMs: number): void => {
		if (retry) return;
		retry = setTimeout(() => {
			retry = undefined;
			if (!db.open) return;
			try {
				if (!truncateLog(0)) retryCheckpoint(CHECKPOINT_RETRY_MS);
			} catch (error) {
				options.log?.('checkpointing the write-ahead log failed; trying again later', error);
				retryCheckpoint(CHECKPOINT_FAILED_RETRY_MS);
			}
		}, afterMs);
		// The process does not stay up for it: closing the store checkpoints once more.
		retry.unref();
	};

	const checkpoint = ({ waitMs = 0 }: { waitMs?: number } = {}): boolean => {
		const done = truncateLog(waitMs);
		if (done) {
			clearTimeout(retry);
			retry = undefined;
		} else retryCheckpoint(CHECKPOINT_RETRY_MS);
		return done;
	};

	// One wrapper for every transaction: better-sqlite3 builds a new one per call otherwise. A call
	// inside a transaction becomes a savepoint of it, as before.
	const inTransaction = db.transaction((fn: () => unknown) => fn());

	return {
		transaction: <T>(fn: () => T): T => inTransaction(fn) as T,
		createSession(record) {
			statements.insertSession.run(
				record.id,
				record.joinCode,
				record.facilitatorKeyHash,
				record.screenKeyHash,
				record.createdAt,
				record.createdAt
			);
		},
		touchSession(id, at) {
			statements.touchSession.run(at, id, at);
		},
		countParticipants: (sessionId) => statements.countParticipants.get(sessionId)?.n ?? 0,
		countIntents: (sessionId, actor, type) =>
			statements.countIntents.get(sessionId, actor, type)?.n ?? 0,
		getSession: (id) => toSession(statements.getSession.get(id)),
		findSessionByJoinCode: (code) => toSession(statements.findByCode.get(code)),
		setResultsKey(sessionId, key) {
			statements.setResultsKey.run(key?.hash ?? null, key?.createdAt ?? null, sessionId);
		},
		setJoinsClosed(sessionId, at) {
			statements.setJoinsClosed.run(at ?? null, sessionId);
		},
		idleSessions: (before) => statements.idleSessions.all(before).map((row) => row.id),
		sessionIds: () => statements.sessionIds.all().map((row) => row.id),
		deleteSession(id) {
			for (const channel of Object.values(CHANNELS)) logLength.delete(`${channel}:${id}`);
			const deleted = statements.deleteSession.run(id).changes > 0;
			// Move the erased pages out of the WAL as well, so no copy of the session lingers there:
			// now, or as soon as a backup that is reading lets go.
			if (deleted) checkpoint();
			return deleted;
		},
		addParticipant(record: ParticipantRecord) {
			statements.insertParticipant.run(
				record.sessionId,
				record.id,
				record.tokenHash,
				record.createdAt
			);
		},
		getParticipant(sessionId, id) {
			const row = statements.getParticipant.get(sessionId, id);
			return (
				row && {
					sessionId: row.session_id,
					id: row.id,
					tokenHash: row.token_hash,
					createdAt: row.created_at
				}
			);
		},
		loadUpdates: (sessionId, channel: DocChannel = 'shared') =>
			statements.loadUpdates
				.all(sessionId, CHANNELS[channel])
				.map((row) => new Uint8Array(row.data)),
		appendUpdate(sessionId, update, channel: DocChannel = 'shared') {
			const n = lengthOf(sessionId, CHANNELS[channel]) + 1;
			statements.appendUpdate.run(sessionId, Buffer.from(update), CHANNELS[channel]);
			logLength.set(`${CHANNELS[channel]}:${sessionId}`, n);
			return n;
		},
		compact: (sessionId, state, channel: DocChannel = 'shared') =>
			compact(sessionId, state, CHANNELS[channel]),
		checkpoint,
		putBallot(sessionId, ballot: BallotRecord, at) {
			statements.putBallot.run(
				sessionId,
				ballot.stepId,
				ballot.round,
				ballot.participantId,
				ballot.data,
				at,
				ballot.perspective
			);
		},
		deleteBallots(sessionId, stepId) {
			statements.deleteBallots.run(sessionId, stepId);
		},
		deleteParticipantBallots(sessionId, participantId) {
			statements.deleteParticipantBallots.run(sessionId, participantId);
		},
		loadBallots: (sessionId) =>
			statements.loadBallots.all(sessionId).map((row) => ({
				stepId: row.step_id,
				round: row.round,
				participantId: row.participant_id,
				data: row.data,
				perspective: row.perspective
			})),
		listIntents: (sessionId, actor, type) =>
			statements.listIntents.all(sessionId, actor, type).map((row) => row.id),
		deleteActor(sessionId, actor, participantId) {
			statements.deleteIntents.run(sessionId, actor);
			if (participantId) statements.deleteParticipant.run(sessionId, participantId);
		},
		recordIntent: (sessionId, actor, intentId, at, type = '') =>
			statements.insertIntent.run(sessionId, actor, intentId, at, type).changes > 0,
		hasIntent: (sessionId, actor, intentId) =>
			statements.hasIntent.get(sessionId, actor, intentId) !== undefined,
		organizers: openOrganizerStore(db),
		close() {
			clearTimeout(retry);
			db.close();
		}
	};
}
