// What the backup and restore commands share: where the data is, what a Koersbord database looks
// like, and whether a server has it open. Plain JavaScript, so the commands run without a build;
// server/data-files.spec.ts holds the names equal to the server's.
import Database from 'better-sqlite3';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** The server's database in DATA_DIR (server/store/sqlite.ts DATABASE_FILE). */
export const DATABASE_FILE = 'koersbord.sqlite';
/** The erasure log and tombstone list in DATA_DIR (server/erasure-log.ts ERASURE_LOG_FILE). */
export const ERASURE_LOG_FILE = 'erasures.log';

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

/**
 * The session ids of the erasure log's readable lines (as server/erasure-log.ts reads them).
 * @param {string} text
 * @returns {Set<string>}
 */
export function erasedIds(text) {
	/** @type {Set<string>} */
	const ids = new Set();
	for (const line of text.split('\n')) {
		try {
			const { id } = JSON.parse(line) ?? {};
			if (typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id)) ids.add(id);
		} catch {
			// A damaged line names nothing; the server skips it too.
		}
	}
	return ids;
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
