// npm run backup -- FILE
//
// Copies the database in DATA_DIR to FILE with SQLite's online backup API: a consistent copy,
// safe while the server runs and writes. FILE must not exist yet. See docs/operations.md.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, linkSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
	argumentPath,
	checkKoersbordDatabase,
	CommandError,
	dataDir,
	databasePath,
	fsyncPath,
	run
} from './data-dir.mjs';

/** Pages per step: all of them, so the copy is one read of one moment (see below). */
const ALL_PAGES = 0x7fffffff;

await run(async ([file, ...rest]) => {
	if (!file || rest.length > 0) throw new CommandError('usage: npm run backup -- FILE');
	const target = argumentPath(file);
	const source = databasePath(dataDir());
	if (existsSync(target)) throw new CommandError(`${target} exists already; choose a new name`);
	if (!existsSync(dirname(target))) throw new CommandError(`${dirname(target)} does not exist`);
	if (!existsSync(source)) throw new CommandError(`there is no database at ${source} (DATA_DIR)`);

	// Written beside the target under a name of its own, and linked to FILE only when whole:
	// a failed or interrupted backup leaves no FILE that looks like one, and the link (unlike a
	// rename) never replaces a FILE that appeared in the meantime.
	const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
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
		try {
			linkSync(partial, target);
		} catch (error) {
			if (error.code === 'EEXIST') {
				throw new CommandError(`${target} exists already; choose a new name`);
			}
			throw error;
		}
		fsyncPath(dirname(target));
		console.log(`Backed up ${sessions} session(s) from ${source} to ${target}`);
	} finally {
		db.close();
		for (const suffix of ['', '-journal', '-wal', '-shm'])
			rmSync(partial + suffix, { force: true });
	}
});
