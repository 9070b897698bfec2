import { describe, expect, it } from 'vitest';
import { HttpError } from './errors.ts';
import { createLogger, LOG_LEVELS, logFunction, redact, type LogLevel } from './log.ts';

const FACILITATOR_KEY = `fk_${'A'.repeat(43)}`;
const SCREEN_KEY = `sk_${'B'.repeat(32)}`;
const RESULTS_KEY = `rk_${'C'.repeat(43)}`;
const PARTICIPANT_TOKEN = `pt.${'p'.repeat(12)}.${'D'.repeat(43)}`;

/** A logger whose lines are kept, parsed, at a fixed time. */
function capture(level?: LogLevel, secrets: string[] = []) {
	const lines: string[] = [];
	const logger = createLogger({
		level,
		secrets,
		write: (line) => lines.push(line),
		now: () => new Date('2025-03-04T05:06:07.089Z')
	});
	const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
	return { logger, lines, entries };
}

describe('the log', () => {
	it('writes one JSON object per line: time, level, message, then fields', () => {
		const { logger, lines } = capture();
		logger.info('listening', { port: 3000, host: '0.0.0.0' });
		expect(lines).toEqual([
			'{"time":"2025-03-04T05:06:07.089Z","level":"info","msg":"listening","port":3000,"host":"0.0.0.0"}\n'
		]);
	});

	it.each(LOG_LEVELS.map((level, i) => [level, LOG_LEVELS.slice(i)] as const))(
		'at level %s writes %j and nothing less severe',
		(level, written) => {
			const { logger, entries } = capture(level);
			for (const at of LOG_LEVELS) logger[at](`a ${at} line`);
			expect(entries().map((entry) => entry.level)).toEqual(written);
		}
	);

	it('keeps of an error its name, code, frames and cause, never its message', () => {
		const { logger, entries } = capture();
		let parseError: unknown;
		try {
			JSON.parse('Onze geheime moestuin');
		} catch (error) {
			parseError = error;
		}
		const refusal = new HttpError('unknown_intent', 'Unknown intent type "Onze geheime moestuin".');
		const wrapped = new Error('vote.cast refused after changing the document', {
			cause: refusal
		});
		const system = Object.assign(
			new Error('ENOSPC: no space left on /data/Onze geheime moestuin'),
			{
				code: 'ENOSPC'
			}
		);
		for (const error of [parseError, wrapped, system, 'Onze geheime moestuin']) {
			logger.error('failed', { error });
		}
		const text = JSON.stringify(entries());
		expect(text).not.toContain('geheime');
		const [parsed, refused, disk, thrown] = entries().map((entry) => entry.error) as Record<
			string,
			unknown
		>[];
		expect(parsed).toMatchObject({ name: 'SyntaxError' });
		expect(parsed!.stack).toContainEqual(expect.stringMatching(/log\.spec\.ts:\d+:\d+\)?$/));
		expect(refused).toMatchObject({
			name: 'Error',
			cause: { name: 'Error', code: 'unknown_intent' }
		});
		expect(disk).toMatchObject({ name: 'Error', code: 'ENOSPC' });
		expect(thrown).toEqual({ name: 'string' });
	});

	it('replaces anything shaped like a credential, and the configured secrets, everywhere', () => {
		const secret = 'organizer-key-of-the-city-2025';
		const { logger, lines } = capture('debug', [secret]);
		logger.warn(`sync refused for /sync/abc?token=${PARTICIPANT_TOKEN}`, {
			[FACILITATOR_KEY]: 'as a key',
			url: `/f/abc#key=${FACILITATOR_KEY}`,
			header: `Bearer ${SCREEN_KEY}`,
			nested: { list: [RESULTS_KEY, `key=${secret}`, PARTICIPANT_TOKEN.slice(0, -5)] },
			ticket: '/sync/abc?ticket=one-time-ticket-value'
		});
		const [line] = lines;
		for (const credential of [FACILITATOR_KEY, SCREEN_KEY, RESULTS_KEY, secret]) {
			expect(line).not.toContain(credential);
		}
		expect(line).not.toContain(PARTICIPANT_TOKEN.slice(0, 20));
		expect(line).not.toContain('one-time-ticket-value');
		expect(line).toContain('[redacted]');
		expect(redact('a session id abc123 and a join code K7PQ2M stay')).toBe(
			'a session id abc123 and a join code K7PQ2M stay'
		);
	});

	it('bounds what a line holds: long strings, deep objects, many entries', () => {
		const { logger, entries } = capture();
		const deep = { a: { b: { c: { d: { e: 'too deep' } } } } };
		logger.info('bounded', {
			long: 'x'.repeat(10_000),
			deep,
			many: Array.from({ length: 100 }, (_, i) => i),
			odd: [undefined, () => {}, Symbol('s'), 10n, NaN]
		});
		const [entry] = entries();
		expect((entry!.long as string).length).toBe(500);
		expect(JSON.stringify(entry!.deep)).not.toContain('too deep');
		expect(entry!.many).toHaveLength(20);
		expect(entry!.odd).toEqual([null, 'function', 'symbol', '10', 'NaN']);
	});

	it('cannot be told a field that overwrites its time, level or message', () => {
		const { logger, entries } = capture();
		logger.info('ours', { time: 'then', level: 'error', msg: 'theirs' });
		expect(entries()).toEqual([{ time: '2025-03-04T05:06:07.089Z', level: 'info', msg: 'ours' }]);
	});

	it('keeps working when its output fails', () => {
		const logger = createLogger({
			write: () => {
				throw new Error('EPIPE');
			}
		});
		expect(() => logger.error('lost')).not.toThrow();
	});

	it('reports through log(message, error?): an error line with one, a warning without', () => {
		const { logger, entries } = capture();
		const log = logFunction(logger);
		log('sync refused: too many messages');
		log('room failed in intent; its peers are disconnected', new TypeError('x'));
		expect(entries()).toMatchObject([
			{ level: 'warn', msg: 'sync refused: too many messages' },
			{ level: 'error', error: { name: 'TypeError' } }
		]);
	});
});
