import { statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { errorStatus, type ErrorCode } from '../src/lib/api/error-codes.ts';
import { isIntentType, type IntentType, type Role } from '../src/lib/intents/types.ts';
import { HttpError } from './errors.ts';
import type { Peer } from './peer.ts';
import { Counter, family, Histogram } from './prometheus.ts';
import type { Rooms, RoomsObserver } from './rooms.ts';
import { DATABASE_FILE } from './store/sqlite.ts';
import type { DocChannel } from './store/types.ts';

/*
 * What /metrics reports (docs/api.md lists every metric). Counters are kept as things happen;
 * gauges (rooms, sockets, the database, memory) are read when scraped, from the state itself,
 * so they cannot drift from it. Every label value comes from a closed list.
 */

const ROLES: readonly Role[] = ['facilitator', 'screen', 'participant'];
const CHANNELS: readonly DocChannel[] = ['shared', 'private'];

/**
 * Upper bounds of the publication latency, in seconds: a publication goes out at once in a quiet
 * room and waits tens of milliseconds in a busy one (see publisher.ts), so the bounds are dense
 * there and sparse beyond, where only an overloaded server puts one.
 */
const PUBLICATION_BOUNDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The event loop is sampled this often (ms); its delay is known to about this much. */
const EVENT_LOOP_RESOLUTION_MS = 10;

/** An intent's outcome: answered (or answered before, a retry), or refused with this code. */
export type IntentOutcome = 'ok' | 'duplicate' | ErrorCode;

/** The label of an intent that could not be parsed, so it has no type of ours. */
const UNPARSED = 'unparsed';

export interface Metrics extends RoomsObserver {
	/**
	 * Applies an intent through `apply` and counts it by type and outcome: `ok`, `duplicate`, or
	 * the code it was refused with (`internal` for a failure of the server).
	 */
	countIntent<T extends { duplicate?: true }>(type: IntentType, apply: () => T): T;
	/** Counts an intent refused before it had a type (`invalid_intent`, `unknown_intent`). */
	intentUnparsed(code: ErrorCode): void;
	/** Counts an error answer of the API, by its code. */
	apiError(code: ErrorCode): void;
	/** The exposition text, with what is live now read from `rooms` and the data directory. */
	render(rooms: Rooms, dataDir: string): string;
	/** Stops sampling the event loop. */
	close(): void;
}

export interface MetricsOptions {
	/**
	 * Sample the event loop's delay. It costs a timer, so only a server that serves /metrics
	 * does it; counters cost next to nothing and are always kept.
	 */
	eventLoop?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
	const intents = new Counter(
		'koersbord_intents_total',
		'Intents answered, by type and outcome (ok, duplicate, or the error code).'
	);
	const apiErrors = new Counter(
		'koersbord_api_errors_total',
		'Error answers of the JSON API, by error code.'
	);
	const socketsOpened = new Counter(
		'koersbord_sync_sockets_opened_total',
		'Sync sockets admitted to a room, by role and channel.'
	);
	const publications = new Histogram(
		'koersbord_publication_latency_seconds',
		"Time from the first change a publication of counts carries to the publication's broadcast.",
		PUBLICATION_BOUNDS
	);
	let eventLoop: IntervalHistogram | undefined;
	if (options.eventLoop) {
		eventLoop = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
		eventLoop.enable();
	}
	// Every role and channel shows from the start, so a rate over them is defined at once.
	for (const role of ROLES) for (const channel of CHANNELS) socketsOpened.inc({ role, channel }, 0);

	const countIntent = (type: string, outcome: string): void =>
		intents.inc({
			type: isIntentType(type) ? type : UNPARSED,
			outcome: outcome === 'ok' || outcome === 'duplicate' ? outcome : knownCode(outcome)
		});

	return {
		countIntent(type, apply) {
			try {
				const answer = apply();
				countIntent(type, answer.duplicate ? 'duplicate' : 'ok');
				return answer;
			} catch (error) {
				countIntent(type, error instanceof HttpError ? error.code : 'internal');
				throw error;
			}
		},
		intentUnparsed(code) {
			intents.inc({ type: UNPARSED, outcome: knownCode(code) });
		},
		apiError(code) {
			apiErrors.inc({ code: knownCode(code) });
		},
		joined(peer: Peer) {
			socketsOpened.inc({ role: peer.actor.role, channel: peer.channel });
		},
		published(ms: number) {
			publications.observe(ms / 1000);
		},
		render(rooms, dataDir) {
			return [
				family('koersbord_rooms_loaded', 'gauge', 'Sessions whose room is loaded in memory.', [
					{ value: rooms.size }
				]),
				socketGauge(rooms.allPeers()),
				socketsOpened.render(),
				intents.render(),
				apiErrors.render(),
				publications.render(),
				eventLoop ? eventLoopGauges(eventLoop) : '',
				databaseGauge(dataDir),
				processGauges()
			].join('');
		},
		close() {
			eventLoop?.disable();
		}
	};
}

/** A code as a label: one of the list in error-codes.ts, else `internal`. */
const knownCode = (code: string): string => (Object.hasOwn(errorStatus, code) ? code : 'internal');

function socketGauge(peers: Iterable<Peer>): string {
	const counts = new Map<string, number>();
	const key = (role: string, channel: string): string => `${role} ${channel}`;
	for (const peer of peers) {
		const at = key(peer.actor.role, peer.channel);
		counts.set(at, (counts.get(at) ?? 0) + 1);
	}
	return family(
		'koersbord_sync_sockets',
		'gauge',
		'Open sync sockets in loaded rooms, by role and channel.',
		ROLES.flatMap((role) =>
			CHANNELS.map((channel) => ({
				labels: { role, channel },
				value: counts.get(key(role, channel)) ?? 0
			}))
		)
	);
}

/** The event loop's delay since the last scrape, in seconds; sampling starts afresh after. */
function eventLoopGauges(histogram: IntervalHistogram): string {
	// Nanoseconds; before the first sample there is no delay to report.
	const seconds = (ns: number): number => (histogram.count > 0 ? ns / 1e9 : 0);
	const stats: [stat: string, help: string, value: number][] = [
		['p50', 'The median delay', seconds(histogram.percentile(50))],
		['p99', 'The 99th percentile of the delay', seconds(histogram.percentile(99))],
		['max', 'The longest delay', seconds(histogram.max)]
	];
	histogram.reset();
	return stats
		.map(([stat, help, value]) =>
			family(
				`koersbord_event_loop_delay_${stat}_seconds`,
				'gauge',
				`${help} of the event loop since the previous scrape.`,
				[{ value }]
			)
		)
		.join('');
}

/** The SQLite file and its write-ahead log, in bytes (0 for one that is not there). */
function databaseGauge(dataDir: string): string {
	const size = (path: string): number => {
		if (dataDir === ':memory:') return 0;
		try {
			return statSync(path).size;
		} catch {
			return 0;
		}
	};
	const database = join(dataDir, DATABASE_FILE);
	return family(
		'koersbord_database_bytes',
		'gauge',
		'Size of the SQLite database on disk: the file and its write-ahead log.',
		[
			{ labels: { file: 'database' }, value: size(database) },
			{ labels: { file: 'wal' }, value: size(`${database}-wal`) }
		]
	);
}

function processGauges(): string {
	const memory = process.memoryUsage();
	return [
		family('koersbord_process_resident_memory_bytes', 'gauge', "The process's resident memory.", [
			{ value: memory.rss }
		]),
		family('koersbord_process_heap_used_bytes', 'gauge', 'JavaScript heap in use.', [
			{ value: memory.heapUsed }
		]),
		family(
			'koersbord_process_start_time_seconds',
			'gauge',
			'When the process started, in seconds since the Unix epoch.',
			[{ value: Math.round(Date.now() / 1000 - process.uptime()) }]
		)
	].join('');
}
