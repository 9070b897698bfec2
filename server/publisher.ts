/**
 * Publishes a step's counts at most once per interval. Every published count is an update that
 * every device in the room receives and applies, so with a thousand phones voting, publishing
 * per vote means a million deliveries; publishing at most every 50 ms caps that at 20 per second
 * per device, whatever the rate of votes, while a lone vote still goes out at once.
 *
 * Each delivery costs the server a socket write (about 20 µs), so the interval grows with the
 * number of devices connected to the whole server (see `publishInterval`).
 *
 * Counts are derived from the ballots (stored before an intent is answered), so a publication
 * that a crash cuts off is recounted when the room loads again; nothing acknowledged is lost.
 */
export class Publisher {
	/** The current interval: it grows with the number of devices the server serves. */
	readonly #intervalMs: () => number;
	/** Runs a deferred publication in its own transaction. */
	readonly #run: (publish: () => void) => void;
	readonly #lastAt = new Map<string, number>();
	readonly #pending = new Map<string, () => void>();
	readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
	/** Told how long each publication took from the first change it carries (see metrics.ts). */
	readonly #observe: (ms: number) => void;
	/** When the first change a pending publication carries was scheduled (monotonic ms). */
	readonly #since = new Map<string, number>();

	constructor(
		intervalMs: () => number,
		run: (publish: () => void) => void,
		observe: (ms: number) => void = () => {}
	) {
		this.#intervalMs = intervalMs;
		this.#run = run;
		this.#observe = observe;
	}

	/**
	 * Publishes now (inside the caller's transaction) if the last publication under `key` is at
	 * least an interval ago and not `defer`; otherwise once the interval is over. A later `publish` under the
	 * same key replaces a pending one: it recounts everything anyway.
	 */
	schedule(
		key: string,
		publish: () => void,
		now = Date.now(),
		{ defer = false }: { defer?: boolean } = {}
	): void {
		if (this.#timers.has(key)) {
			this.#pending.set(key, publish);
			return;
		}
		const wait = (this.#lastAt.get(key) ?? -Infinity) + this.#intervalMs() - now;
		// Deferred: never inside the caller's transaction (one that carries a participant's own
		// change must not carry counts too), but as soon as a timer can run.
		if (wait <= 0 && !defer) {
			this.#lastAt.set(key, now);
			const start = performance.now();
			publish();
			// Broadcast with the caller's transaction, which the change is part of.
			this.#observe(performance.now() - start);
			return;
		}
		this.#pending.set(key, publish);
		this.#since.set(key, performance.now());
		this.#timers.set(
			key,
			setTimeout(() => this.#flush(key), Math.max(0, wait))
		);
	}

	#flush(key: string): void {
		this.#timers.delete(key);
		const publish = this.#pending.get(key);
		const since = this.#since.get(key) ?? performance.now();
		this.#pending.delete(key);
		this.#since.delete(key);
		if (!publish) return;
		this.#lastAt.set(key, Date.now());
		this.#run(publish);
		this.#observe(performance.now() - since);
	}

	/** Publishes everything pending now (before a room unloads). */
	flushAll(): void {
		for (const [key, timer] of this.#timers) {
			clearTimeout(timer);
			this.#flush(key);
		}
	}

	dispose(): void {
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
		this.#pending.clear();
		this.#since.clear();
	}
}

/** The most deliveries per second the server aims for, over all its rooms. */
export const DELIVERY_BUDGET_PER_SECOND = 25_000;

/**
 * The publishing interval for a server with `devices` connected: 50 ms up to a thousand
 * devices, then longer so that counts go out at most `DELIVERY_BUDGET_PER_SECOND` times a
 * second in all (200 ms for 5,000 devices), and never slower than twice a second.
 */
export function publishInterval(devices: number, minimumMs = 50): number {
	const budgeted = Math.ceil((devices * 1000) / DELIVERY_BUDGET_PER_SECOND);
	return Math.min(500, Math.max(minimumMs, budgeted));
}
