// What the backup and restore commands share: where the data is, what a Koersbord database looks
// like, and whether a server has it open. Plain JavaScript, so the commands run without a build;
// server/data-files.spec.ts holds the names equal to the server's.
import Database from 'better-sqlite3';
import { closeSync, fsyncSync, openSync, readSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** The server's database in DATA_DIR (server/store/sqlite.ts DATABASE_FILE). */
export const DATABASE_FILE = 'koersbord.sqlite';
/** The erasure log and tombstone list in DATA_DIR (server/erasure-log.ts ERASURE_LOG_FILE). */
export const ERASURE_LOG_FILE = 'erasures.log';

/** The erasure log a backup FILE carries beside it (`npm run backup` writes it, restore reads it). */
export const erasuresBeside = (/** @type {string} */ file) => `${file}.erasures.log`;

/** A failure the command explains in one sentence, without a stack trace. */
export class CommandError extends Error {}

/**
 * DATA_DIR as the server reads it (server/config.ts): `./data` unless set.
 * @param {NodeJS.ProcessEnv} env
 * @returns {string}
 */
export function dataDir(env = process.env) {
	return resolve(env.DATA_DIR || './data');
}

/**
 * A file named on the command line, relative to where the command was typed: `npm run` starts
 * scripts in the project's folder and says in INIT_CWD where the person was.
 */
export function argumentPath(/** @type {string} */ file, env = process.env) {
	return isAbsolute(file) ? file : resolve(env.INIT_CWD || process.cwd(), file);
}

/** The tables the server creates: a database without them is not one of ours. */
const TABLES = {
	sessions: ['id', 'join_code', 'facilitator_key_hash', 'screen_key_hash', 'created_at'],
	participants: ['session_id', 'id', 'token_hash'],
	updates: ['seq', 'session_id', 'data'],
	ballots: ['session_id', 'step_id', 'participant_id', 'data'],
	intents: ['session_id', 'actor', 'id']
};

/**
 * Throws a CommandError unless the database open as `db` is a whole Koersbord database: SQLite's
 * integrity check passes and it has the server's tables. Returns its sessions' ids.
 * @param {import('better-sqlite3').Database} db
 * @param {string} name how the database is called in a message
 * @returns {string[]}
 */
export function checkKoersbordDatabase(db, name) {
	let integrity;
	try {
		integrity = db.pragma('integrity_check', { simple: true });
	} catch (error) {
		throw new CommandError(`${name} is not an SQLite database (${messageOf(error)})`);
	}
	if (integrity !== 'ok') {
		throw new CommandError(`${name} is damaged: SQLite's integrity check says "${integrity}"`);
	}
	for (const [table, columns] of Object.entries(TABLES)) {
		const info = /** @type {{ name: string }[]} */ (db.pragma(`table_info(${table})`));
		const present = info.map((column) => column.name);
		const missing = columns.filter((column) => !present.includes(column));
		if (missing.length > 0) {
			throw new CommandError(
				`${name} is not a Koersbord database: ${present.length === 0 ? `no table "${table}"` : `table "${table}" lacks ${missing.join(', ')}`}`
			);
		}
	}
	const rows = /** @type {{ id: string }[]} */ (db.prepare('SELECT id FROM sessions').all());
	return rows.map((row) => row.id);
}

/**
 * Whether another process has the database open (a running server). SQLite's own locks tell:
 * in WAL mode every open connection keeps a shared lock, so an exclusive one is refused at once
 * while a server runs, and granted once it has stopped, crashed or been killed.
 */
export function databaseInUse(/** @type {string} */ file) {
	let db;
	try {
		db = new Database(file, { fileMustExist: true, timeout: 0 });
		db.pragma('locking_mode = EXCLUSIVE');
		db.exec('BEGIN EXCLUSIVE');
		db.exec('COMMIT');
		return false;
	} catch (error) {
		const code = /** @type {{ code?: unknown }} */ (error).code;
		if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
		throw new CommandError(`cannot open ${file}: ${messageOf(error)}`);
	} finally {
		db?.close();
	}
}

/** Flushes a file or directory to disk, so a rename that follows survives a power cut. */
export function fsyncPath(/** @type {string} */ path) {
	const fd = openSync(path, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

/** How much of the erasure log is read at a time (as server/erasure-log.ts reads it). */
const CHUNK_BYTES = 64 * 1024;
/** The longest line kept to be parsed (server/erasure-log.ts LINE_MAX_BYTES). */
const LINE_MAX_BYTES = 1024;
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Calls `visit` with each line of the file open as `fd`, read a chunk at a time and never whole:
 * the log only grows, past what one string can hold. A line longer than LINE_MAX_BYTES is
 * skipped; lines are split at the byte 0x0a, which UTF-8 never uses inside a character.
 * @param {number} fd
 * @param {(line: string) => void} visit
 */
function readLines(fd, visit) {
	const chunk = Buffer.alloc(CHUNK_BYTES);
	let partial = Buffer.alloc(0);
	let skipping = false;
	for (;;) {
		const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
		if (read === 0) break;
		const bytes = chunk.subarray(0, read);
		let start = 0;
		for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
			const piece = bytes.subarray(start, end);
			if (!skipping && partial.length + piece.length <= LINE_MAX_BYTES) {
				visit((partial.length > 0 ? Buffer.concat([partial, piece]) : piece).toString('utf8'));
			}
			partial = Buffer.alloc(0);
			skipping = false;
			start = end + 1;
		}
		const rest = bytes.subarray(start);
		if (skipping || partial.length + rest.length > LINE_MAX_BYTES) {
			skipping = true;
			partial = Buffer.alloc(0);
		} else if (rest.length > 0) partial = Buffer.concat([partial, rest]);
	}
	if (!skipping && partial.length > 0) visit(partial.toString('utf8'));
}

/** Why a session was erased (server/erasure-log.ts ERASURE_REASONS). */
export const ERASURE_REASONS = ['facilitator', 'organizer', 'retention', 'tombstone'];

/**
 * The erasure a line of the log holds, or undefined for a damaged line, read as
 * server/erasure-log.ts reads it: an odd time or reason still names an erased session.
 * @param {string} line
 * @returns {{ id: string, at: string, reason: string } | undefined}
 */
function parseErasureLine(line) {
	let value;
	try {
		value = JSON.parse(line);
	} catch {
		return undefined;
	}
	if (typeof value !== 'object' || value === null) return undefined;
	const { id, at, reason } = value;
	if (typeof id !== 'string' || !SESSION_ID.test(id)) return undefined;
	return {
		id,
		at: typeof at === 'string' ? at : '',
		reason: ERASURE_REASONS.includes(reason) ? reason : 'tombstone'
	};
}

/**
 * Calls `visit` with each readable erasure of a log, in order; nothing for a log that does not
 * exist. Read a chunk at a time, never whole.
 * @param {string} file
 * @param {(erasure: { id: string, at: string, reason: string }) => void} visit
 */
export function forEachErasure(file, visit) {
	let fd;
	try {
		fd = openSync(file, 'r');
	} catch (error) {
		if (/** @type {{ code?: unknown }} */ (error).code === 'ENOENT') return;
		throw error;
	}
	try {
		readLines(fd, (line) => {
			const erasure = parseErasureLine(line);
			if (erasure) visit(erasure);
		});
	} finally {
		closeSync(fd);
	}
}

/**
 * Runs a command's main function: a CommandError is one line on stderr and exit code 1.
 * @param {(args: string[]) => Promise<void>} main
 */
export async function run(main) {
	try {
		await main(process.argv.slice(2));
	} catch (error) {
		const message = error instanceof CommandError ? error.message : `failed: ${messageOf(error)}`;
		console.error(`koersbord: ${message}`);
		process.exitCode = 1;
	}
}

export const databasePath = (/** @type {string} */ dir) => join(dir, DATABASE_FILE);

/** An error's own words, never its stack. */
const messageOf = (/** @type {unknown} */ error) =>
	error instanceof Error ? error.message : String(error);
