// npm run restore -- FILE
//
// Puts a backup made by `npm run backup` in place of the database in DATA_DIR, with the server
// stopped. The erasure log in DATA_DIR is kept, and the one the backup carries (FILE.erasures.log)
// merged into it: the server, when it starts, erases again every session of the backup that was
// erased after the backup was made, also on a new machine. See docs/operations.md.
import Database from 'better-sqlite3';
import {
	closeSync,
	existsSync,
	fstatSync,
	fsyncSync,
	mkdirSync,
	openSync,
	readSync,
	renameSync,
	rmSync,
	writeSync
} from 'node:fs';
import { dirname, join } from 'node:path';
import {
	argumentPath,
	checkKoersbordDatabase,
	CommandError,
	databaseInUse,
	databasePath,
	dataDir,
	ERASURE_LOG_FILE,
	erasuresBeside,
	forEachErasure,
	fsyncPath,
	run
} from './data-dir.mjs';

await run(async ([file, ...rest]) => {
	if (!file || rest.length > 0) throw new CommandError('usage: npm run restore -- FILE');
	// The restored database and the log hold personal data: for the server's user alone.
	process.umask(0o077);
	const backup = argumentPath(file);
	const dir = dataDir();
	const target = databasePath(dir);
	if (!existsSync(backup)) throw new CommandError(`there is no file ${backup}`);
	if (existsSync(target) && databaseInUse(target)) {
		throw new CommandError(
			`${target} is open in another process: stop the server before restoring a backup`
		);
	}
	mkdirSync(dir, { recursive: true });

	// Copied with the backup API too, so a backup that is itself in WAL mode comes whole, and
	// checked where it will be used before anything of the current database is touched.
	const incoming = `${target}.restoring-${process.pid}`;
	const leftovers = (base) => ['', '-journal', '-wal', '-shm'].map((suffix) => base + suffix);
	try {
		let sessions;
		const source = openBackup(backup);
		try {
			checkKoersbordDatabase(source, backup);
			await source.backup(incoming, { progress: () => 0x7fffffff });
		} finally {
			source.close();
		}
		const copy = new Database(incoming, { fileMustExist: true });
		try {
			sessions = checkKoersbordDatabase(copy, backup);
			// One file, no write-ahead log beside it: the rename below moves all of it.
			copy.pragma('journal_mode = DELETE');
		} finally {
			copy.close();
		}
		fsyncPath(incoming);

		// The tombstones first: should the restore stop after this, they erase nothing that is
		// not erased already; in the other order a crash could leave the backup's sessions back
		// without the memory that some of them were erased.
		const logFile = join(dir, ERASURE_LOG_FILE);
		const beside = erasuresBeside(backup);
		const merged = existsSync(beside) ? mergeErasures(beside, logFile) : undefined;

		// The current database's log belongs to it: left beside the backup it would be replayed
		// into it. Removed first, then the backup renamed over the database in one step.
		for (const path of leftovers(target).slice(1)) rmSync(path, { force: true });
		renameSync(incoming, target);
		fsyncPath(dir);

		// Read a chunk at a time and held against the backup's ids: never the whole log in memory.
		const stored = new Set(sessions);
		const erased = new Set();
		forEachErasure(logFile, ({ id }) => {
			if (stored.has(id)) erased.add(id);
		});
		const again = erased.size;
		console.log(`Restored ${sessions.length} session(s) from ${backup} to ${target}`);
		if (merged !== undefined) {
			console.log(`Added ${merged} erasure(s) from ${beside} to ${logFile}`);
		} else {
			console.log(`There is no ${beside}; ${logFile} stays as it is`);
		}
		if (again > 0) {
			console.log(
				`${again} of them were erased after the backup was made; the server erases them again when it starts`
			);
		}
	} finally {
		for (const path of leftovers(incoming)) rmSync(path, { force: true });
	}
});

/**
 * The backup, opened to be read. One in WAL mode (not made by `npm run backup`) gets a log and
 * an index file beside it when it is opened; those are removed again when it is closed.
 */
function openBackup(file) {
	const beside = [`${file}-wal`, `${file}-shm`].filter((path) => !existsSync(path));
	let db;
	try {
		db = new Database(file, { readonly: true, fileMustExist: true });
	} catch (error) {
		throw new CommandError(`cannot open ${file}: ${error.message}`);
	}
	const close = db.close.bind(db);
	db.close = () => {
		close();
		for (const path of beside) rmSync(path, { force: true });
		return db;
	};
	return db;
}

/**
 * Appends to the erasure log `into` every erasure of the log `from` whose session `into` does
 * not name yet (a union: the order of lines does not matter, only which ids are there), and
 * returns how many. The lines are written as the server writes them, `{"id","at","reason"}`,
 * after any line a crash cut off, and on disk before this returns. What this holds in memory is
 * the set of erased ids, some tens of bytes each; both logs are read a chunk at a time.
 * @param {string} from
 * @param {string} into
 * @returns {number}
 */
function mergeErasures(from, into) {
	/** @type {Set<string>} */
	const known = new Set();
	forEachErasure(into, ({ id }) => known.add(id));
	const created = !existsSync(into);
	// 'a+': appends, and can read the last byte written (as server/erasure-log.ts does).
	const fd = openSync(into, 'a+', 0o600);
	let added = 0;
	try {
		let pending = endsMidLine(fd) ? '\n' : '';
		forEachErasure(from, ({ id, at, reason }) => {
			if (known.has(id)) return;
			known.add(id);
			added++;
			pending += `${JSON.stringify({ id, at, reason })}\n`;
			if (pending.length >= 64 * 1024) {
				writeSync(fd, pending);
				pending = '';
			}
		});
		if (added > 0) {
			writeSync(fd, pending);
			fsyncSync(fd);
		}
	} finally {
		closeSync(fd);
	}
	// A new file is on disk only once its directory's entry is.
	if (created) fsyncPath(dirname(into));
	return added;
}

/** Whether the file open as `fd` is not empty and does not end with a newline. */
function endsMidLine(/** @type {number} */ fd) {
	const { size } = fstatSync(fd);
	if (size === 0) return false;
	const last = Buffer.alloc(1);
	readSync(fd, last, 0, 1, size - 1);
	return last[0] !== 0x0a;
}
