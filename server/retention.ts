import { CloseCode } from '../src/lib/sync/close-codes.ts';
import type { Rooms } from './rooms.ts';
import type { Sessions } from './sessions.ts';
import type { Store } from './store/types.ts';

const DAY = 24 * 60 * 60 * 1000;

/** How long an unused session is kept when `RETENTION_DAYS` is not set. */
export const DEFAULT_RETENTION_DAYS = 90;
export const RETENTION_DAYS_MAX = 3650;

export const retentionMs = (days: number): number => days * DAY;

export interface RetentionOptions {
	/** A session unused this long is erased. */
	retentionMs: number;
	now?: () => number;
	/** How often to look for sessions to erase; hourly by default. */
	intervalMs?: number;
	/** Sessions erased in one go before the event loop gets its turn again. */
	batchSize?: number;
	log?: (message: string, error?: unknown) => void;
	/**
	 * Runs after each sweep with its cut-off time, for what is kept only as long as the sessions
	 * it was kept for (organizers who organize nothing any more).
	 */
	afterSweep?: (cutoff: number) => void;
}

/**
 * Erases sessions their facilitators and organizers have not used for `retentionMs`, the way the
 * erase button does (Sessions.delete: sockets closed, rows deleted with secure_delete, the WAL
 * checkpointed, a line in the erasure log). It looks at start and then every `intervalMs`. Only
 * a connected console keeps a session however old its mark; projectors and phones still
 * connected are closed with it (CloseCode.sessionDeleted): a screen left open on a meeting-room
 * PC must not keep names and texts for ever.
 */
export class Retention {
	readonly #store: Store;
	readonly #rooms: Rooms;
	readonly #sessions: Sessions;
	readonly #options: Required<RetentionOptions>;
	#timer: ReturnType<typeof setInterval> | undefined;
	#sweeping: Promise<number> | undefined;
	#stopped = false;

	constructor(store: Store, rooms: Rooms, sessions: Sessions, options: RetentionOptions) {
		this.#store = store;
		this.#rooms = rooms;
		this.#sessions = sessions;
		this.#options = {
			now: Date.now,
			intervalMs: 60 * 60 * 1000,
			batchSize: 20,
			log: () => {},
			afterSweep: () => {},
			...options
		};
	}

	/** Sweeps now and then every `intervalMs`, on a timer that does not keep the process alive. */
	start(): void {
		if (this.#timer || this.#stopped) return;
		this.#timer = setInterval(() => void this.#sweepContained(), this.#options.intervalMs);
		this.#timer.unref();
		void this.#sweepContained();
	}

	/** Stops the timer and any sweep under way (after the session it is erasing). */
	stop(): void {
		this.#stopped = true;
		clearInterval(this.#timer);
	}

	/**
	 * Erases every session unused for longer than the retention period, a batch at a time with
	 * the event loop free in between, so rooms in use are not held up; returns how many. A sweep
	 * asked for while one runs joins it.
	 */
	sweep(): Promise<number> {
		this.#sweeping ??= this.#sweep().finally(() => (this.#sweeping = undefined));
		return this.#sweeping;
	}

	async #sweepContained(): Promise<void> {
		try {
			const erased = await this.sweep();
			if (erased > 0) this.#options.log(`retention: erased ${erased} unused session(s)`);
			this.#options.afterSweep(this.#options.now() - this.#options.retentionMs);
		} catch (error) {
			this.#options.log('retention sweep failed; trying again at the next one', error);
		}
	}

	async #sweep(): Promise<number> {
		const { now, retentionMs, batchSize } = this.#options;
		let erased = 0;
		let inBatch = 0;
		let failed = 0;
		let firstError: unknown;
		for (const id of this.#store.idleSessions(now() - retentionMs)) {
			if (this.#stopped) break;
			if (inBatch === batchSize) {
				inBatch = 0;
				await new Promise((resolve) => setImmediate(resolve));
				if (this.#stopped) break;
			}
			inBatch++;
			// Looked at again: the session may have been used (or erased) while the loop waited.
			const session = this.#store.getSession(id);
			if (!session || this.#rooms.facilitatorPresent(id)) continue;
			if (session.lastActiveAt >= now() - retentionMs) continue;
			try {
				if (this.#sessions.delete(id, CloseCode.sessionDeleted, 'retention')) erased++;
			} catch (error) {
				// One session that cannot be erased now does not keep the others; it is tried again
				// at the next sweep. Said once per sweep, not once per session.
				failed++;
				firstError ??= error;
			}
		}
		if (failed > 0) {
			this.#options.log(
				`retention: ${failed} session(s) could not be erased; trying again at the next sweep`,
				firstError
			);
		}
		return erased;
	}
}
