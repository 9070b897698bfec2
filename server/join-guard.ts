import type { Limits } from './limits.ts';
import { TokenBuckets } from './token-bucket.ts';

/**
 * Addresses remembered as having sent a wrong code. When this many are remembered within the
 * memory window, every address counts as having guessed while the ceiling is reached: more
 * addresses than this no longer buy more guesses.
 */
const MAX_REMEMBERED = 250_000;

/**
 * Limits on joining a session by its code. Two dangers pull in opposite ways: a stranger
 * guessing codes (from as many addresses as they can get), and a room of phones behind one
 * venue NAT address that must keep joining while one person mistypes. So:
 *
 * - only wrong codes count toward the guessing limits, and each address has a budget of its
 *   own, far above what a person mistypes;
 * - over all addresses, wrong codes have a ceiling. While it is reached, an address that sent a
 *   wrong code lately is refused before its code is even looked at, but one with a clean
 *   record is still heard: a room that did not guess keeps joining, and an army of addresses
 *   gains one guess per address per `failedJoinMemoryMs` (IPv6 remembered by /48, so one
 *   network's many /64s count once), and none at all past MAX_REMEMBERED addresses;
 * - a right code may join a session only so often from one address, so a script cannot stuff
 *   a poll by joining again and again.
 *
 * docs/architecture.md ("Join codes") works out what this means for a guesser.
 */
export class JoinGuard {
	readonly #perAddress: TokenBuckets;
	readonly #everyone: TokenBuckets;
	readonly #joins: TokenBuckets;
	readonly #memoryMs: number;
	/** Address (IPv6 by /48) → when it last sent a wrong code, oldest first. */
	readonly #failedAt = new Map<string, number>();

	constructor(
		limits: Pick<
			Limits,
			'failedJoinsPerAddress' | 'failedJoins' | 'joinsPerAddressAndSession' | 'failedJoinMemoryMs'
		>
	) {
		this.#perAddress = new TokenBuckets(limits.failedJoinsPerAddress);
		this.#everyone = new TokenBuckets(limits.failedJoins);
		this.#joins = new TokenBuckets(limits.joinsPerAddressAndSession);
		this.#memoryMs = limits.failedJoinMemoryMs;
	}

	/** Milliseconds `address` must wait before a code of its may be looked at; 0: go ahead. */
	admit(address: string, now: number): number {
		const own = this.#perAddress.wait(address, now);
		if (own > 0) return own;
		const everyone = this.#everyone.wait('*', now);
		if (everyone > 0 && this.#failedLately(address, now)) return everyone;
		return 0;
	}

	/** Records a wrong code from `address`. */
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

	/**
	 * Takes one join of `sessionId` from `address`; returns 0 when allowed, else the
	 * milliseconds until the next one is.
	 */
	join(address: string, sessionId: string, now: number): number {
		return this.#joins.take(`${sessionId} ${address}`, now);
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
