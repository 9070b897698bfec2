// npm run backup -- FILE
//
// Copies the database in DATA_DIR to FILE with SQLite's online backup API: a consistent copy,
// safe while the server runs and writes, and the erasure log beside it as FILE.erasures.log, so
// that a restore on another machine still knows what was erased. Neither file may exist yet.
// See docs/operations.md.
import Database from 'better-sqlite3';
import {
	chmodSync,
	constants,
	copyFileSync,
	existsSync,
	linkSync,
	mkdtempSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
	argumentPath,
	checkKoersbordDatabase,
	CommandError,
	dataDir,
	databasePath,
	ERASURE_LOG_FILE,
	erasuresBeside,
	fsyncPath,
	run
} from './data-dir.mjs';

/** Pages per step: all of them, so the copy is one read of one moment (see below). */
const ALL_PAGES = 0x7fffffff;

await run(async ([file, ...rest]) => {
	if (!file || rest.length > 0) throw new CommandError('usage: npm run backup -- FILE');
	// Everything this command creates is for the server's user alone: a backup holds names and
	// texts, and a moment's laxer mode would be enough for another user to open it.
	process.umask(0o077);
	const target = argumentPath(file);
	const targetLog = erasuresBeside(target);
	const dir = dataDir();
	const source = databasePath(dir);
	for (const path of [target, targetLog]) {
		if (existsSync(path)) throw new CommandError(`${path} exists already; choose a new name`);
	}
	if (!existsSync(dirname(target))) throw new CommandError(`${dirname(target)} does not exist`);
	if (!existsSync(source)) throw new CommandError(`there is no database at ${source} (DATA_DIR)`);

	// Written in a directory of its own beside the target, made new (mkdtemp fails rather than
	// reuse one) and open to nobody else, so no one can put a file or a symlink where the copy
	// goes; then linked to FILE only when whole: a failed or interrupted backup leaves no FILE
	// that looks like one, and a link (unlike a rename) never replaces a FILE that appeared in the
	// meantime, nor follows a symlink put there.
	const work = mkdtempSync(join(dirname(target), `.${basename(target)}.partial-`));
	const partial = join(work, 'backup.sqlite');
	const partialLog = join(work, 'erasures.log');
	const linked = [];
	const db = new Database(source, { readonly: true, fileMustExist: true });
	try {
		// In one step SQLite copies every page under one read transaction: a snapshot of one
		// moment, which the server's writes (to the WAL) neither block nor disturb. In smaller
		// steps a write in between would make SQLite start the copy over.
		await db.backup(partial, { progress: () => ALL_PAGES });
		chmodSync(partial, 0o600);
		const copy = new Database(partial, { fileMustExist: true });
		let sessions;
		try {
			sessions = checkKoersbordDatabase(copy, 'the copy').length;
			// One self-contained file: no write-ahead log is ever made or needed beside it.
			copy.pragma('journal_mode = DELETE');
		} finally {
			copy.close();
		}
		fsyncPath(partial);

		// The erasure log, copied after the database: it names at least every session erased
		// before the copy's moment, and those erased since (still in the copy) are erased again
		// when the backup is restored. A line cut off by an erasure under way is skipped there.
		const logFile = join(dir, ERASURE_LOG_FILE);
		try {
			copyFileSync(logFile, partialLog, constants.COPYFILE_EXCL);
		} catch (error) {
			if (error.code !== 'ENOENT') throw error;
			// Nothing erased yet: an empty log says so.
			writeFileSync(partialLog, '', { flag: 'wx', mode: 0o600 });
		}
		chmodSync(partialLog, 0o600);
		fsyncPath(partialLog);

		for (const [from, to] of [
			[partialLog, targetLog],
			[partial, target]
		]) {
			try {
				linkSync(from, to);
			} catch (error) {
				if (error.code === 'EEXIST') {
					throw new CommandError(`${to} exists already; choose a new name`);
				}
				throw error;
			}
			linked.push(to);
		}
		fsyncPath(dirname(target));
		console.log(`Backed up ${sessions} session(s) from ${source} to ${target}`);
		console.log(`with the erasure log as ${targetLog}; keep the two together`);
		linked.length = 0;
	} finally {
		db.close();
		// A backup that failed halfway leaves neither file, so no FILE without its log.
		for (const path of linked) rmSync(path, { force: true });
		rmSync(work, { recursive: true, force: true });
	}
});
