import type { Rate } from './limits.ts';
import { TokenBuckets } from './token-bucket.ts';

/**
 * Addresses remembered as having guessed wrong. When this many are remembered within the memory
 * window, every address counts as having guessed while the ceiling is reached: more addresses
 * than this no longer buy more guesses.
 */
const MAX_REMEMBERED = 250_000;

export interface GuessLimits {
	/** Wrong guesses one client address may make. */
	perAddress: Rate;
	/** Wrong guesses over all addresses: the ceiling that bounds guessing from many addresses. */
	everyone: Rate;
	/**
	 * While the ceiling is reached, an address that guessed wrong within this long is refused
	 * outright; one with a clean record is still heard.
	 */
	memoryMs: number;
}

/**
 * Limits guessing a secret that is short enough to type (a join code, an organizer key) without
 * locking out those who know it. Only wrong guesses count; each address has a budget of its own;
 * over all addresses wrong guesses have a ceiling, and while it is reached an address that
 * guessed wrong lately is refused before its guess is looked at, while one with a clean record
 * is still heard. So an army of addresses gains one guess per address per `memoryMs` (IPv6
 * remembered by /48, so one network's many /64s count once), and none at all past
 * MAX_REMEMBERED addresses, while a room that did not guess keeps getting in.
 *
 * `admit` and `failed` must run in one turn of the event loop, with nothing awaited between
 * them, or requests held open could all pass `admit` before the first one counts.
 */
export class GuessLimiter {
	readonly #perAddress: TokenBuckets;
	readonly #everyone: TokenBuckets;
	readonly #memoryMs: number;
	/** Address (IPv6 by /48) → when it last guessed wrong, oldest first. */
	readonly #failedAt = new Map<string, number>();

	constructor(limits: GuessLimits) {
		this.#perAddress = new TokenBuckets(limits.perAddress);
		this.#everyone = new TokenBuckets(limits.everyone);
		this.#memoryMs = limits.memoryMs;
	}

	/** Milliseconds `address` must wait before a guess of its may be looked at; 0: go ahead. */
	admit(address: string, now: number): number {
		const own = this.#perAddress.wait(address, now);
		if (own > 0) return own;
		const everyone = this.#everyone.wait('*', now);
		if (everyone > 0 && this.#failedLately(address, now)) return everyone;
		return 0;
	}

	/** Records a wrong guess from `address`. */
	failed(address: string, now: number): void {
		this.#perAddress.take(address, now);
		this.#everyone.take('*', now);
		const key = networkOf(address);
		this.#failedAt.delete(key);
		this.#failedAt.set(key, now);
		this.#forgetOld(now);
		if (this.#failedAt.size > MAX_REMEMBERED) {
			const oldest = this.#failedAt.keys().next().value;
			if (oldest !== undefined) this.#failedAt.delete(oldest);
		}
	}

	/** Drops what is older than the memory window (the map is in order of last failure). */
	#forgetOld(now: number): void {
		for (const [key, at] of this.#failedAt) {
			if (now - at < this.#memoryMs) break;
			this.#failedAt.delete(key);
		}
	}

	#failedLately(address: string, now: number): boolean {
		this.#forgetOld(now);
		if (this.#failedAt.size >= MAX_REMEMBERED) return true;
		const at = this.#failedAt.get(networkOf(address));
		return at !== undefined && now - at < this.#memoryMs;
	}
}

/**
 * An IPv6 /64 key (see addressKey) widened to its /48, the block one site usually holds; an
 * IPv4 address as it is.
 */
function networkOf(address: string): string {
	const match = /^([0-9a-f]+:[0-9a-f]+:[0-9a-f]+):[0-9a-f]+::\/64$/.exec(address);
	return match ? `${match[1]}::/48` : address;
}
