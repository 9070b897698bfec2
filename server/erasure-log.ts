import {
	closeSync,
	existsSync,
	fstatSync,
	fsyncSync,
	mkdirSync,
	openSync,
	readFileSync,
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
	/** Every line that can be read; a damaged one is skipped, never thrown over. */
	read(): Erasure[];
}

const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** One line of the log as JSON, newline included. */
export const erasureLine = (id: string, at: number, reason: ErasureReason): string =>
	`${JSON.stringify({ id, at: new Date(at).toISOString(), reason } satisfies Erasure)}\n`;

/**
 * The erasures in a log's text. Total: a line cut off by a crash, edited by hand or otherwise
 * damaged is left out, and the lines around it still count. A line with a valid id but an odd
 * time or reason still counts as a tombstone, since the id is what a restore needs.
 */
export function parseErasureLog(text: string): Erasure[] {
	const erasures: Erasure[] = [];
	for (const line of text.split('\n')) {
		if (!line.trim()) continue;
		let value: unknown;
		try {
			value = JSON.parse(line);
		} catch {
			continue;
		}
		if (typeof value !== 'object' || value === null) continue;
		const { id, at, reason } = value as Record<string, unknown>;
		if (typeof id !== 'string' || !SESSION_ID.test(id)) continue;
		erasures.push({
			id,
			at: typeof at === 'string' ? at : '',
			reason: ERASURE_REASONS.find((known) => known === reason) ?? 'tombstone'
		});
	}
	return erasures;
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
			read: () => parseErasureLog(text)
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
		read() {
			try {
				return parseErasureLog(readFileSync(file, 'utf8'));
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
				throw error;
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
