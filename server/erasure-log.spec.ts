import {
	appendFileSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import * as scripts from '../scripts/data-dir.mjs';
import {
	ERASURE_LOG_FILE,
	LINE_MAX_BYTES,
	openErasureLog,
	parseErasureLog,
	type Erasure,
	type ErasureLog
} from './erasure-log.ts';
import { Rooms } from './rooms.ts';
import { Sessions } from './sessions.ts';
import { openSqliteStore } from './store/sqlite.ts';

const dirs: string[] = [];
const freshDir = (): string => {
	const dir = mkdtempSync(join(tmpdir(), 'koersbord-erasures-'));
	dirs.push(dir);
	return dir;
};
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const AT = Date.UTC(2026, 2, 1, 9, 30);

/** Every erasure a log hands out, in order. */
function readAll(log: ErasureLog): Erasure[] {
	const erasures: Erasure[] = [];
	log.forEach((erasure) => erasures.push(erasure));
	return erasures;
}

const LINES = 200_000;

/**
 * A log as years of erasures leave it: `LINES` lines (some 15 MB, so hundreds of the reader's
 * chunks), the server's ids `s000000`…, with damage among them: a line cut off by a crash (which
 * names `cut`), and a line far longer than any the server writes, with no end for megabytes.
 * `at` puts further ids on given lines. Returns the ids that can be read, in order.
 */
function writeLongLog(file: string, at: Record<number, string> = {}, cut = 'afgebroken'): string[] {
	const lines: string[] = [];
	const ids: string[] = [];
	for (let n = 0; n < LINES; n++) {
		if (n === 1_000) {
			lines.push(`{"id":"${cut}","at":"2026-03-0`);
			continue;
		}
		if (n === 50_000) {
			lines.push(`{"id":"te_lang","at":"${'x'.repeat(3 * 1024 * 1024)}","reason":"retention"}`);
			continue;
		}
		const id = at[n] ?? `s${String(n).padStart(6, '0')}`;
		ids.push(id);
		lines.push(JSON.stringify({ id, at: new Date(AT + n).toISOString(), reason: 'retention' }));
	}
	// The last line has no end: it was being written when the machine stopped, but is whole.
	writeFileSync(file, lines.join('\n'));
	return ids;
}

describe('the erasure log', () => {
	it('holds one line per erasure with the session id, the time and the reason, and nothing else', () => {
		const dir = freshDir();
		const log = openErasureLog(dir);
		log.record('sessieA_123', AT, 'facilitator');
		log.record('sessieB-456', AT + 1000, 'retention');

		const text = readFileSync(join(dir, ERASURE_LOG_FILE), 'utf8');
		expect(text.split('\n')).toEqual([
			'{"id":"sessieA_123","at":"2026-03-01T09:30:00.000Z","reason":"facilitator"}',
			'{"id":"sessieB-456","at":"2026-03-01T09:30:01.000Z","reason":"retention"}',
			''
		]);
		expect(readAll(log)).toEqual([
			{ id: 'sessieA_123', at: '2026-03-01T09:30:00.000Z', reason: 'facilitator' },
			{ id: 'sessieB-456', at: '2026-03-01T09:30:01.000Z', reason: 'retention' }
		]);
		// Only the server's user may read which sessions were erased when.
		expect(statSync(join(dir, ERASURE_LOG_FILE)).mode & 0o777).toBe(0o600);
	});

	it('reads an absent log as empty, and skips damaged lines without losing the ones around them', () => {
		const dir = freshDir();
		const log = openErasureLog(dir);
		expect(readAll(log)).toEqual([]);
		log.record('eerste', AT, 'organizer');
		const file = join(dir, ERASURE_LOG_FILE);
		appendFileSync(
			file,
			[
				'not json at all',
				'{"id":"../../etc","at":"x","reason":"facilitator"}',
				'{"id":42}',
				'null',
				'[]',
				'{"at":"2026-03-01T09:30:00.000Z"}',
				'{"id":"oude_regel","at":12,"reason":"who-knows"}',
				''
			].join('\n')
		);
		// A crash in the middle of a write: the line has no end.
		appendFileSync(file, '{"id":"halverw');
		log.record('na_de_crash', AT, 'retention');

		expect(readAll(log).map((erasure) => [erasure.id, erasure.reason])).toEqual([
			['eerste', 'organizer'],
			// An odd time or reason still names a session that was erased: a tombstone all the same.
			['oude_regel', 'tombstone'],
			['na_de_crash', 'retention']
		]);
		// The line after the cut starts on a line of its own.
		expect(readFileSync(file, 'utf8')).toContain('{"id":"halverw\n{"id":"na_de_crash"');
	});

	it('parses any text without throwing', () => {
		for (const text of ['', '\n\n', '{', '{"id":"a"}\n{', '\u0000\u0001', 'true\nfalse\n"id"']) {
			expect(() => parseErasureLog(text)).not.toThrow();
		}
		expect(parseErasureLog('{"id":"a"}\n{')).toEqual([{ id: 'a', at: '', reason: 'tombstone' }]);
	});

	it('is kept in memory for a store that is', () => {
		const log = openErasureLog(':memory:');
		log.record('in_geheugen', AT, 'facilitator');
		expect(readAll(log)).toEqual([
			{ id: 'in_geheugen', at: '2026-03-01T09:30:00.000Z', reason: 'facilitator' }
		]);
	});

	it('fails loudly when it cannot be written, so nothing is erased without its line', () => {
		const dir = freshDir();
		// A directory where the file should be: a real failure to open it for appending.
		mkdirSync(join(dir, ERASURE_LOG_FILE));
		expect(() => openErasureLog(dir).record('x', AT, 'facilitator')).toThrow();
	});

	it('reads a log of 200 000 lines a chunk at a time: every whole line in order, the damaged ones skipped', () => {
		const dir = freshDir();
		const ids = writeLongLog(join(dir, ERASURE_LOG_FILE));
		expect(ids).toHaveLength(LINES - 2);
		const read = readAll(openErasureLog(dir));
		expect(read.map((erasure) => erasure.id)).toEqual(ids);
		expect(read.at(-1)).toEqual({
			id: 's199999',
			at: new Date(AT + LINES - 1).toISOString(),
			reason: 'retention'
		});
		// The backup and restore commands read it the same way, with a reader of their own.
		const seen: string[] = [];
		scripts.forEachErasure(join(dir, ERASURE_LOG_FILE), ({ id }) => seen.push(id));
		expect(seen).toEqual(ids);
	});

	it('skips a line longer than LINE_MAX_BYTES, and keeps one just within it', () => {
		const dir = freshDir();
		const line = (id: string, length: number): string => {
			const start = `{"id":"${id}","at":"`;
			const end = '","reason":"organizer"}';
			return start + 'x'.repeat(length - start.length - end.length) + end;
		};
		writeFileSync(
			join(dir, ERASURE_LOG_FILE),
			[line('past_net', LINE_MAX_BYTES), line('te_lang', LINE_MAX_BYTES + 1), 'staart'].join('\n')
		);
		expect(readAll(openErasureLog(dir)).map((erasure) => erasure.id)).toEqual(['past_net']);
	});
});

describe('tombstones in a long log', () => {
	it('are found at start by one lookup of the stored ids, wherever in the log they are', () => {
		const dir = freshDir();
		const store = openSqliteStore(dir);
		const rooms = new Rooms(store, { compactAfter: 500, idleMs: 60_000 });
		onTestFinished(() => {
			rooms.closeAll(CloseCode.serverRestart, 'test over');
			store.close();
		});
		const sessions = new Sessions(store, rooms, Date.now, openErasureLog(dir));
		const create = (title: string): string =>
			sessions.create({ title, template: 'born', locale: 'nl', agenda: 'empty' }).id;
		const [first, afterDamage, last, onlyCut, kept] = ['a', 'b', 'c', 'd', 'e'].map(create);
		rooms.closeAll(CloseCode.serverRestart, 'restart');
		// As after a restore: the log, grown long, names three of the stored sessions; a fourth is
		// named only by the line a crash cut off, which names nothing.
		writeLongLog(
			join(dir, ERASURE_LOG_FILE),
			{ 0: first!, 1_001: afterDamage!, [LINES - 1]: last! },
			onlyCut
		);

		expect(sessions.eraseTombstoned()).toBe(3);
		for (const id of [first, afterDamage, last]) expect(sessions.exists(id!)).toBe(false);
		for (const id of [onlyCut, kept]) expect(sessions.exists(id!)).toBe(true);
		// Erased, they are gone: the next start finds nothing to do.
		expect(sessions.eraseTombstoned()).toBe(0);
	});
});
