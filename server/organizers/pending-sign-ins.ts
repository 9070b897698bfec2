import { hashSecret } from '../credentials.ts';
import type { PendingSignIn } from './oidc-client.ts';

/**
 * Sign-ins on their way to the provider and back, in memory, by the hash of the random value of
 * the browser's short-lived cookie: the callback finds its state, nonce and PKCE verifier only
 * in the browser that started it, and only once. Bounded: beyond `max` the oldest go, and each
 * expires after `ttlMs` (a restart forgets them all; the person signs in again).
 */
export class PendingSignIns {
	readonly #entries = new Map<string, PendingSignIn & { expiresAt: number }>();
	readonly #max: number;
	readonly #ttlMs: number;

	constructor(options: { max: number; ttlMs: number }) {
		this.#max = options.max;
		this.#ttlMs = options.ttlMs;
	}

	add(cookieValue: string, pending: PendingSignIn, now: number): void {
		this.#drop(now);
		const key = hashSecret(cookieValue).toString('base64');
		this.#entries.set(key, { ...pending, expiresAt: now + this.#ttlMs });
		// A map keeps the order of insertion: the first keys are the oldest.
		for (const oldest of this.#entries.keys()) {
			if (this.#entries.size <= this.#max) break;
			this.#entries.delete(oldest);
		}
	}

	/** The sign-in this cookie value started, removed as it is taken: a callback works once. */
	take(cookieValue: string | undefined, now: number): PendingSignIn | undefined {
		if (!cookieValue || cookieValue.length > 100) return undefined;
		const key = hashSecret(cookieValue).toString('base64');
		const entry = this.#entries.get(key);
		this.#entries.delete(key);
		if (!entry || entry.expiresAt <= now) return undefined;
		const { expiresAt: _expiresAt, ...pending } = entry;
		return pending;
	}

	get size(): number {
		return this.#entries.size;
	}

	#drop(now: number): void {
		for (const [key, entry] of this.#entries) {
			if (entry.expiresAt > now) break;
			this.#entries.delete(key);
		}
	}
}
