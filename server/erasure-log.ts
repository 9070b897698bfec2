import {
	closeSync,
	existsSync,
	fstatSync,
	fsyncSync,
	mkdirSync,
	openSync,
	readSync,
	writeSync
} from 'node:fs';
import { join } from 'node:path';

/** The audit log of erasures, beside the database in `DATA_DIR` and never inside it. */
export const ERASURE_LOG_FILE = 'erasures.log';

/**
 * Why a session was erased: its facilitator erased it (the console's button), an organizer did
 * ("my sessions"), it was idle longer than `RETENTION_DAYS`, or it came back with a restored
 * backup although it had been erased after that backup was made.
 */
export const ERASURE_REASONS = ['facilitator', 'organizer', 'retention', 'tombstone'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/** One line of the log: which session, when, why. Nothing else, so the log holds no content. */
export interface Erasure {
	id: string;
	/** ISO 8601, UTC. */
	at: string;
	reason: ErasureReason;
}

/**
 * Every erasure leaves one line here, written (and on disk) before the session's rows are
 * deleted. The log doubles as the list of tombstones: a database restored from a backup made
 * before an erasure still holds that session, and the server erases it again at start.
 */
export interface ErasureLog {
	/** Appends one line and returns only when it is on disk. */
	record(id: string, at: number, reason: ErasureReason): void;
	/**
	 * Hands every line that can be read to `visit`, in order; a damaged one is skipped, never
	 * thrown over. The log grows by a line per erased session for as long as the server runs, so
	 * it is read a chunk at a time and never held whole (see `readLines`).
	 */
	forEach(visit: (erasure: Erasure) => void): void;
}

const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** One line of the log as JSON, newline included. */
export const erasureLine = (id: string, at: number, reason: ErasureReason): string =>
	`${JSON.stringify({ id, at: new Date(at).toISOString(), reason } satisfies Erasure)}\n`;

/**
 * The erasure one line of the log holds, or undefined. Total: a line cut off by a crash, edited
 * by hand or otherwise damaged names nothing. A line with a valid id but an odd time or reason
 * still counts as a tombstone, since the id is what a restore needs.
 */
export function parseErasureLine(line: string): Erasure | undefined {
	if (!line.trim()) return undefined;
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return undefined;
	}
	if (typeof value !== 'object' || value === null) return undefined;
	const { id, at, reason } = value as Record<string, unknown>;
	if (typeof id !== 'string' || !SESSION_ID.test(id)) return undefined;
	return {
		id,
		at: typeof at === 'string' ? at : '',
		reason: ERASURE_REASONS.find((known) => known === reason) ?? 'tombstone'
	};
}

/** The erasures in a log's text, the damaged lines left out and the lines around them kept. */
export function parseErasureLog(text: string): Erasure[] {
	const erasures: Erasure[] = [];
	for (const line of text.split('\n')) {
		const erasure = parseErasureLine(line);
		if (erasure) erasures.push(erasure);
	}
	return erasures;
}

/** How much of the log is read at a time. */
const CHUNK_BYTES = 64 * 1024;

/**
 * The longest line kept to be parsed. The server's lines are under 150 bytes; a longer one is
 * damage (or no log of ours), skipped without being held, so reading needs one chunk and one
 * line of memory whatever the file holds.
 */
export const LINE_MAX_BYTES = 1024;

const EMPTY = Buffer.alloc(0);

/**
 * Calls `visit` with each line of the file open as `fd`, from where it stands to its end, read
 * `CHUNK_BYTES` at a time: a line cut by a chunk's end is carried over to the next chunk, and one
 * longer than `LINE_MAX_BYTES` is skipped. Lines are split at the byte 0x0a, which UTF-8 never
 * uses inside a character, so a character cut by a chunk's end comes whole.
 */
export function readLines(fd: number, visit: (line: string) => void): void {
	const chunk = Buffer.alloc(CHUNK_BYTES);
	/** The start of the line the last chunk ended in (a copy: `chunk` is read into again). */
	let partial = EMPTY;
	/** Whether the line under way is already too long: the rest of it is skipped. */
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
			partial = EMPTY;
			skipping = false;
			start = end + 1;
		}
		const rest = bytes.subarray(start);
		if (skipping || partial.length + rest.length > LINE_MAX_BYTES) {
			skipping = true;
			partial = EMPTY;
		} else if (rest.length > 0) partial = Buffer.concat([partial, rest]);
	}
	if (!skipping && partial.length > 0) visit(partial.toString('utf8'));
}

/**
 * The erasure log of a data directory (`DATA_DIR/erasures.log`, JSON lines, appended and
 * fsynced), or one kept in memory for a store that is (`:memory:`).
 */
export function openErasureLog(dataDir: string): ErasureLog {
	if (dataDir === ':memory:') {
		let text = '';
		return {
			record: (id, at, reason) => void (text += erasureLine(id, at, reason)),
			forEach: (visit) => parseErasureLog(text).forEach((erasure) => visit(erasure))
		};
	}
	mkdirSync(dataDir, { recursive: true });
	const file = join(dataDir, ERASURE_LOG_FILE);
	return {
		record(id, at, reason) {
			const created = !existsSync(file);
			// 'a+': appends, and can read the last byte written.
			const fd = openSync(file, 'a+', 0o600);
			try {
				// A crash mid-write leaves a line without its end; start on a line of our own.
				const line = erasureLine(id, at, reason);
				writeSync(fd, endsMidLine(fd) ? `\n${line}` : line);
				fsyncSync(fd);
			} finally {
				closeSync(fd);
			}
			// A new file is on disk only once its directory's entry is.
			if (created) fsyncPath(dataDir);
		},
		forEach(visit) {
			let fd: number;
			try {
				fd = openSync(file, 'r');
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
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
	};
}

/** Whether the file open as `fd` is not empty and does not end with a newline. */
function endsMidLine(fd: number): boolean {
	const { size } = fstatSync(fd);
	if (size === 0) return false;
	const last = Buffer.alloc(1);
	readSync(fd, last, 0, 1, size - 1);
	return last[0] !== 0x0a;
}

function fsyncPath(path: string): void {
	const fd = openSync(path, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}
