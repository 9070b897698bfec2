/**
 * The server's log: one JSON object per line on stderr (`time`, `level`, `msg`, then fields), so
 * an operator's collector (journald, Loki, a container runtime) can read it without a parser of
 * its own.
 *
 * A log outlives the sessions it speaks of and travels further than the database, so it holds
 * no key, token or text a participant wrote. Messages are ours; of an error only its name, its
 * code and where it was thrown are kept, never its message (a parser's message quotes its input,
 * which can be a participant's text). As defence in depth, anything shaped like a credential,
 * and every configured secret, is replaced in every string before a line is written.
 */

/** From most to least talkative; a logger writes its own level and those after it. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * What a line says besides its message: plain values, errors, small objects. Under `error` goes
 * whatever was thrown; it is described as an error whatever it is (see `describeError`).
 */
export type LogFields = Record<string, unknown>;

export interface Logger {
	debug(msg: string, fields?: LogFields): void;
	info(msg: string, fields?: LogFields): void;
	warn(msg: string, fields?: LogFields): void;
	error(msg: string, fields?: LogFields): void;
}

/**
 * The callback the server's parts report through: with an error it is an error line, without one
 * a warning (a refusal worth noting, such as a socket closed for flooding).
 */
export type LogFunction = (message: string, error?: unknown) => void;

export interface LoggerOptions {
	/** The least severe level written; `info` by default. */
	level?: LogLevel;
	/** Where a line (with its newline) goes; stderr by default. */
	write?: (line: string) => void;
	now?: () => Date;
	/** Values that must never appear (organizer keys, the metrics token): replaced wherever seen. */
	secrets?: readonly (string | undefined)[];
}

/** The longest string a field keeps; the rest is cut, as no message of ours is longer. */
const STRING_MAX = 500;
/** How deep objects and error causes are followed, and how many entries each keeps. */
const DEPTH_MAX = 3;
const ENTRIES_MAX = 20;
/** Stack frames kept of an error: where it was thrown and how it got there. */
const FRAMES_MAX = 10;

const REDACTED = '[redacted]';

/**
 * Credential shapes (see credentials.ts `parseCredential`), taken loosely so that a cut or
 * altered one is caught too, and the places a credential travels: a query parameter, a URL
 * fragment, an Authorization header.
 */
const CREDENTIAL_PATTERNS: readonly [RegExp, string][] = [
	[/(?:fk|sk|rk)_[A-Za-z0-9_-]{16,}/g, REDACTED],
	[/pt\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{16,}/g, REDACTED],
	[/([?&#](?:token|key|ticket)=)[^&#\s"']+/gi, `$1${REDACTED}`],
	[/(Bearer\s+)[^\s"']+/gi, `$1${REDACTED}`]
];

/** Secrets shorter than this are not searched for: they would match ordinary words. */
const SECRET_MIN = 8;

/** A logger that writes nothing (tests that do not look at the log). */
export const silentLogger: Logger = {
	debug() {},
	info() {},
	warn() {},
	error() {}
};

export function isLogLevel(value: unknown): value is LogLevel {
	return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

export function createLogger(options: LoggerOptions = {}): Logger {
	const {
		level = 'info',
		write = (line: string) => void process.stderr.write(line),
		now = () => new Date()
	} = options;
	const threshold = LOG_LEVELS.indexOf(level);
	const secrets = (options.secrets ?? []).filter(
		(secret): secret is string => typeof secret === 'string' && secret.length >= SECRET_MIN
	);
	const clean = (text: string): string => redact(text, secrets);

	const line =
		(at: LogLevel) =>
		(msg: string, fields: LogFields = {}): void => {
			if (LOG_LEVELS.indexOf(at) < threshold) return;
			const entry: Record<string, unknown> = {
				time: now().toISOString(),
				level: at,
				msg: clean(String(msg).slice(0, STRING_MAX))
			};
			for (const [key, value] of Object.entries(fields)) {
				if (key in entry || value === undefined) continue;
				// Whatever was thrown, an Error or not, is described as an error: a thrown string
				// may be anyone's text.
				entry[clean(key)] =
					key === 'error'
						? value instanceof Error
							? describeError(value, clean, 0)
							: { name: typeof value }
						: sanitize(value, clean, 0);
			}
			try {
				write(`${JSON.stringify(entry)}\n`);
			} catch {
				// A log that cannot be written must not take the request or the room with it.
			}
		};
	return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

/** The `log(message, error?)` callback over a logger (see LogFunction). */
export function logFunction(logger: Logger): LogFunction {
	return (message, error) => {
		if (error === undefined) logger.warn(message);
		else logger.error(message, { error });
	};
}

/** `text` with every credential-shaped part and every one of `secrets` replaced. */
export function redact(text: string, secrets: readonly string[] = []): string {
	let result = text;
	for (const secret of secrets) result = result.split(secret).join(REDACTED);
	for (const [pattern, replacement] of CREDENTIAL_PATTERNS) {
		result = result.replace(pattern, replacement);
	}
	return result;
}

/** A value as it may appear in a line: bounded, credentials replaced, errors described. */
function sanitize(value: unknown, clean: (text: string) => string, depth: number): unknown {
	if (typeof value === 'string') return clean(value.slice(0, STRING_MAX));
	if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
	if (typeof value === 'boolean' || value === null) return value;
	if (value === undefined) return null;
	if (typeof value === 'bigint') return value.toString();
	if (value instanceof Error) return describeError(value, clean, depth);
	if (typeof value !== 'object') return typeof value;
	if (depth >= DEPTH_MAX) return '…';
	if (Array.isArray(value)) {
		return value.slice(0, ENTRIES_MAX).map((item) => sanitize(item, clean, depth + 1));
	}
	const result: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(value).slice(0, ENTRIES_MAX)) {
		if (item !== undefined) result[clean(key)] = sanitize(item, clean, depth + 1);
	}
	return result;
}

/**
 * What a line keeps of an error: its name, its code (an API error code, a close code,
 * `SQLITE_BUSY`, `ENOSPC`) and the frames of its stack, never its message; its cause likewise.
 */
function describeError(
	error: Error,
	clean: (text: string) => string,
	depth: number
): Record<string, unknown> {
	const described: Record<string, unknown> = {
		name: typeof error.name === 'string' ? clean(error.name.slice(0, 64)) : 'Error'
	};
	const code: unknown = (error as { code?: unknown }).code;
	if (typeof code === 'number' && Number.isFinite(code)) described.code = code;
	else if (typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code)) {
		described.code = clean(code);
	}
	const frames = stackFrames(error).map(clean);
	if (frames.length > 0) described.stack = frames;
	if (error.cause !== undefined && depth < DEPTH_MAX) {
		described.cause =
			error.cause instanceof Error
				? describeError(error.cause, clean, depth + 1)
				: { name: typeof error.cause };
	}
	return described;
}

/**
 * The `at …` lines of a V8 stack: code locations only. The stack begins with the error's name and
 * message (which may span lines), so that part is cut off first, and a line counts as a frame
 * only when it ends in a location.
 */
function stackFrames(error: Error): string[] {
	let stack = typeof error.stack === 'string' ? error.stack : '';
	let header = '';
	try {
		header = String(error);
	} catch {
		// An error whose toString throws still has frames.
	}
	if (header && stack.startsWith(header)) stack = stack.slice(header.length);
	return stack
		.split('\n')
		.filter((line) =>
			/^\s+at \S.*(?::\d+:\d+\)?|\(index \d+\)|\(native\)|<anonymous>\)?)$/.test(line)
		)
		.slice(0, FRAMES_MAX)
		.map((line) => line.trim().slice(3, 3 + STRING_MAX));
}
