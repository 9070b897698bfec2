export interface AttemptLimiterOptions {
	/** Failed attempts allowed per key within the window. */
	max: number;
	windowMs: number;
}

/**
 * Counts failed attempts per key (a client address) in a fixed window. Only failures count, so a
 * room full of phones behind one NAT address can all join with the right code.
 */
export class AttemptLimiter {
	readonly #failures = new Map<string, { count: number; resetAt: number }>();
	readonly #options: AttemptLimiterOptions;

	constructor(options: AttemptLimiterOptions) {
		this.#options = options;
	}

	/** Milliseconds until `key` may try again, or 0 when it may try now. */
	retryAfter(key: string, now: number): number {
		const entry = this.#failures.get(key);
		if (!entry || entry.resetAt <= now) return 0;
		return entry.count >= this.#options.max ? entry.resetAt - now : 0;
	}

	fail(key: string, now: number): void {
		const entry = this.#failures.get(key);
		if (!entry || entry.resetAt <= now) {
			if (this.#failures.size > 10_000) this.#prune(now);
			this.#failures.set(key, { count: 1, resetAt: now + this.#options.windowMs });
		} else {
			entry.count++;
		}
	}

	#prune(now: number): void {
		for (const [key, entry] of this.#failures) if (entry.resetAt <= now) this.#failures.delete(key);
	}
}
