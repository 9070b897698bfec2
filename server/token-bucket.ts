import type { Rate } from './limits.ts';

interface Bucket {
	tokens: number;
	at: number;
}

/**
 * Token buckets by key (a credential, a client address, a socket): each holds up to `capacity` tokens and
 * refills at `perSecond`, so a client may burst and is then held to the average rate. Memory is
 * bounded: full buckets carry no information and are dropped, and beyond `maxKeys` the least
 * recently used go first (a client with more keys than that escapes its per-key limit, which is
 * why every per-key limit has a global ceiling beside it).
 */
export class TokenBuckets<Key = string> {
	readonly #rate: Rate;
	readonly #maxKeys: number;
	readonly #buckets = new Map<Key, Bucket>();

	constructor(rate: Rate, { maxKeys = 100_000 }: { maxKeys?: number } = {}) {
		this.#rate = rate;
		this.#maxKeys = maxKeys;
	}

	#refilled(key: Key, now: number): Bucket {
		const bucket = this.#buckets.get(key);
		if (!bucket) return { tokens: this.#rate.capacity, at: now };
		const elapsed = Math.max(0, now - bucket.at) / 1000;
		return {
			tokens: Math.min(this.#rate.capacity, bucket.tokens + elapsed * this.#rate.perSecond),
			at: now
		};
	}

	/** Milliseconds until `cost` tokens are there for `key`; 0 when they are there now. */
	wait(key: Key, now: number, cost = 1): number {
		const { tokens } = this.#refilled(key, now);
		if (tokens >= cost) return 0;
		if (this.#rate.perSecond <= 0 || cost > this.#rate.capacity) return Infinity;
		return Math.ceil(((cost - tokens) / this.#rate.perSecond) * 1000);
	}

	/**
	 * Takes `cost` tokens if they are there. Returns 0 when taken, else the milliseconds to wait
	 * (and takes nothing).
	 */
	take(key: Key, now: number, cost = 1): number {
		const bucket = this.#refilled(key, now);
		if (bucket.tokens < cost) return this.wait(key, now, cost);
		bucket.tokens -= cost;
		// Re-inserting keeps the map in order of use, oldest first, for eviction.
		this.#buckets.delete(key);
		this.#buckets.set(key, bucket);
		if (this.#buckets.size > this.#maxKeys) this.#prune(now);
		return 0;
	}

	/** Whether `key` has used nothing lately (its bucket is full). */
	isFull(key: Key, now: number): boolean {
		return this.#refilled(key, now).tokens >= this.#rate.capacity;
	}

	/** Drops a key's bucket (its owner is gone). */
	forget(key: Key): void {
		this.#buckets.delete(key);
	}

	get size(): number {
		return this.#buckets.size;
	}

	#prune(now: number): void {
		for (const key of [...this.#buckets.keys()]) {
			if (this.isFull(key, now)) this.#buckets.delete(key);
		}
		for (const key of this.#buckets.keys()) {
			if (this.#buckets.size <= this.#maxKeys * 0.9) break;
			this.#buckets.delete(key);
		}
	}
}
