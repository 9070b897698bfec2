/**
 * Things held at once (connections, sockets waiting for their credential), counted per key (a
 * client address) under a cap per key and a cap over all keys. Only keys that hold something are
 * kept, so memory follows what is held, not how many keys ever came.
 */
export class CappedCounts {
	readonly #perKey: number;
	readonly #overall: number;
	readonly #counts = new Map<string, number>();
	#total = 0;

	constructor(perKey: number, overall = Infinity) {
		this.#perKey = perKey;
		this.#overall = overall;
	}

	/** Counts one more under `key`; false (and nothing counted) when either cap is reached. */
	take(key: string): boolean {
		const count = this.#counts.get(key) ?? 0;
		if (count >= this.#perKey || this.#total >= this.#overall) return false;
		this.#counts.set(key, count + 1);
		this.#total++;
		return true;
	}

	/** Counts one less under `key`. */
	give(key: string): void {
		const count = this.#counts.get(key);
		if (count === undefined) return;
		if (count <= 1) this.#counts.delete(key);
		else this.#counts.set(key, count - 1);
		this.#total--;
	}

	/** What is held over all keys. */
	get total(): number {
		return this.#total;
	}
}
