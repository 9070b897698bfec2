// npm run restore -- FILE
//
// Puts a backup made by `npm run backup` in place of the database in DATA_DIR, with the server
// stopped. The erasure log stays as it is: the server, when it starts, erases again every session
// of the backup that was erased after the backup was made. See docs/operations.md.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
	argumentPath,
	checkKoersbordDatabase,
	CommandError,
	databaseInUse,
	databasePath,
	dataDir,
	ERASURE_LOG_FILE,
	erasedIds,
	fsyncPath,
	run
} from './data-dir.mjs';

await run(async ([file, ...rest]) => {
	if (!file || rest.length > 0) throw new CommandError('usage: npm run restore -- FILE');
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

		// The current database's log belongs to it: left beside the backup it would be replayed
		// into it. Removed first, then the backup renamed over the database in one step.
		for (const path of leftovers(target).slice(1)) rmSync(path, { force: true });
		renameSync(incoming, target);
		fsyncPath(dir);

		const logFile = join(dir, ERASURE_LOG_FILE);
		const erased = existsSync(logFile) ? erasedIds(readFileSync(logFile, 'utf8')) : new Set();
		const again = sessions.filter((id) => erased.has(id)).length;
		console.log(`Restored ${sessions.length} session(s) from ${backup} to ${target}`);
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
