import { GuessLimiter } from './guess-limiter.ts';
import type { Limits } from './limits.ts';
import { TokenBuckets } from './token-bucket.ts';

/**
 * Limits on joining a session by its code. Two dangers pull in opposite ways: a stranger
 * guessing codes (from as many addresses as they can get), and a room of phones behind one
 * venue NAT address that must keep joining while one person mistypes. Wrong codes are limited
 * as guesses (see GuessLimiter: only wrong codes count, an address with a clean record is always
 * heard); right codes may join a session only so often from one address, so a script cannot
 * stuff a poll by joining again and again.
 *
 * docs/architecture.md ("Join codes") works out what this means for a guesser.
 */
export class JoinGuard {
	readonly #guesses: GuessLimiter;
	readonly #joins: TokenBuckets;

	constructor(
		limits: Pick<
			Limits,
			'failedJoinsPerAddress' | 'failedJoins' | 'joinsPerAddressAndSession' | 'failedJoinMemoryMs'
		>
	) {
		this.#guesses = new GuessLimiter({
			perAddress: limits.failedJoinsPerAddress,
			everyone: limits.failedJoins,
			memoryMs: limits.failedJoinMemoryMs
		});
		this.#joins = new TokenBuckets(limits.joinsPerAddressAndSession);
	}

	/** Milliseconds `address` must wait before a code of its may be looked at; 0: go ahead. */
	admit(address: string, now: number): number {
		return this.#guesses.admit(address, now);
	}

	/** Records a wrong code from `address`. */
	failed(address: string, now: number): void {
		this.#guesses.failed(address, now);
	}

	/**
	 * Takes one join of `sessionId` from `address`; returns 0 when allowed, else the
	 * milliseconds until the next one is.
	 */
	join(address: string, sessionId: string, now: number): number {
		return this.#joins.take(`${sessionId} ${address}`, now);
	}
}
