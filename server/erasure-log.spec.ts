import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ERASURE_LOG_FILE, openErasureLog, parseErasureLog } from './erasure-log.ts';

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
		expect(log.read()).toEqual([
			{ id: 'sessieA_123', at: '2026-03-01T09:30:00.000Z', reason: 'facilitator' },
			{ id: 'sessieB-456', at: '2026-03-01T09:30:01.000Z', reason: 'retention' }
		]);
		// Only the server's user may read which sessions were erased when.
		expect(statSync(join(dir, ERASURE_LOG_FILE)).mode & 0o777).toBe(0o600);
	});

	it('reads an absent log as empty, and skips damaged lines without losing the ones around them', () => {
		const dir = freshDir();
		const log = openErasureLog(dir);
		expect(log.read()).toEqual([]);
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

		expect(log.read().map((erasure) => [erasure.id, erasure.reason])).toEqual([
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
		expect(log.read()).toEqual([
			{ id: 'in_geheugen', at: '2026-03-01T09:30:00.000Z', reason: 'facilitator' }
		]);
	});

	it('fails loudly when it cannot be written, so nothing is erased without its line', () => {
		const dir = freshDir();
		// A directory where the file should be: a real failure to open it for appending.
		mkdirSync(join(dir, ERASURE_LOG_FILE));
		expect(() => openErasureLog(dir).record('x', AT, 'facilitator')).toThrow();
	});
});
