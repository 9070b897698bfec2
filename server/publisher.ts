/**
 * Publishes a room's counts as soon as the room can take them. Every published count is an
 * update that every device in the room receives and applies, and the server writes it to each
 * device's socket in turn: in a room of a thousand that is about 15 ms of the event loop per
 * publication. So:
 *
 * - A change goes out at once (inside the intent's own transaction, before it is answered)
 *   while the server has loop time to spare for it.
 * - Every broadcast is charged, at its measured cost, to one `LoopBudget` that all rooms share:
 *   broadcasts together may take at most `share` of the event loop. Once they have used it,
 *   changes wait and coalesce: the next publication carries everything that came in meanwhile
 *   (every publication recounts from the ballots), so the bigger the room, the more each one
 *   carries, and the answers to intents keep the rest of the loop.
 * - A room publishes at most `burst` times in a row and `perSecond` times a second: what a phone
 *   has to apply and redraw, whatever the rate of votes.
 *
 * When a publication may go out says nothing about what it may contain: that is the release
 * rule's (server/release.ts), which releases counts only once enough people changed a ballot.
 *
 * Counts are derived from the ballots (stored before an intent is answered), so a publication
 * that a crash cuts off is recounted when the room loads again; nothing acknowledged is lost.
 */

/** How often one room may publish (see Publisher). */
export interface PublishPacing {
	/** Publications a room may make in a row after a quiet spell. */
	burst: number;
	/** Publications a room may make per second while changes keep coming. */
	perSecond: number;
	/** Whether the room's broadcasts draw on the server's `LoopBudget`. */
	budgeted: boolean;
}

/** The pacing a server runs with: a phone applies at most 100 publications a second. */
export const DEFAULT_PACING: PublishPacing = { burst: 10, perSecond: 100, budgeted: true };

/** No pacing: every change is published at once (tests that count each intent's effect). */
export const AT_ONCE: PublishPacing = { burst: Infinity, perSecond: Infinity, budgeted: false };

/** A clock in milliseconds; monotonic by default. */
export type Clock = () => number;

const monotonic: Clock = () => performance.now();

/**
 * The event loop time that broadcasts may take, shared by all the rooms of a server: a bucket of
 * milliseconds that fills at `share` of the time passing, holds at most `capacityMs`, and may be
 * overdrawn by the broadcast that empties it. While it is overdrawn, publications wait.
 */
export class LoopBudget {
	readonly #share: number;
	readonly #capacityMs: number;
	readonly #now: Clock;
	#balance: number;
	#at: number;

	constructor({
		share = 0.5,
		capacityMs = 50,
		now = monotonic
	}: { share?: number; capacityMs?: number; now?: Clock } = {}) {
		this.#share = share;
		this.#capacityMs = capacityMs;
		this.#now = now;
		this.#balance = capacityMs;
		this.#at = now();
	}

	#refill(): void {
		const now = this.#now();
		if (now > this.#at) {
			this.#balance = Math.min(this.#capacityMs, this.#balance + (now - this.#at) * this.#share);
		}
		this.#at = now;
	}

	/** Milliseconds until broadcasts may go on (0: now). */
	wait(): number {
		this.#refill();
		return this.#balance >= 0 ? 0 : -this.#balance / this.#share;
	}

	/** A broadcast took `ms` of the loop. */
	spend(ms: number): void {
		this.#refill();
		this.#balance -= ms;
	}
}

export interface PublisherOptions {
	/** Runs a publication that was held back, in its own transaction (it then broadcasts). */
	run: (publish: () => void) => void;
	/** Told how long each publication came after the first change it carries (see metrics.ts). */
	observe?: (ms: number) => void;
	pacing?: PublishPacing;
	/** The server's budget for broadcasts; a room of its own when not given. */
	budget?: LoopBudget;
	now?: Clock;
}

/** One room's publisher: pending publications by key (a step's counts, a re-stamp …). */
export class Publisher {
	readonly #run: (publish: () => void) => void;
	readonly #observe: (ms: number) => void;
	readonly #pacing: PublishPacing;
	readonly #budget: LoopBudget;
	readonly #now: Clock;
	/** Publications waiting, by key; a later one under a key replaces the earlier (it recounts). */
	readonly #pending = new Map<string, () => void>();
	/** When the first change the waiting publications carry came. */
	#since: number | undefined;
	#timer: ReturnType<typeof setTimeout> | undefined;
	/** Publications the room may still make at once (refilled at `perSecond`). */
	#tokens: number;
	#tokensAt: number;
	#disposed = false;

	constructor(options: PublisherOptions) {
		this.#run = options.run;
		this.#observe = options.observe ?? (() => {});
		this.#pacing = options.pacing ?? DEFAULT_PACING;
		this.#now = options.now ?? monotonic;
		this.#budget = options.budget ?? new LoopBudget({ now: this.#now });
		this.#tokens = this.#pacing.burst;
		this.#tokensAt = this.#now();
	}

	/**
	 * Publishes now, inside the caller's transaction, when the room can take it and nothing is
	 * waiting; otherwise as soon as it can, together with everything else waiting. `defer`:
	 * never inside the caller's transaction (one that carries a participant's own change must not
	 * carry counts too), but as soon as a timer can run.
	 */
	schedule(key: string, publish: () => void, { defer = false }: { defer?: boolean } = {}): void {
		if (this.#disposed) return;
		const now = this.#now();
		if (!defer && this.#timer === undefined && this.#readyIn(now) === 0) {
			this.#take(now);
			publish();
			// It goes out with the caller's transaction, which the change is part of.
			this.#observe(0);
			return;
		}
		this.#pending.set(key, publish);
		this.#since ??= now;
		this.#arm(defer ? 0 : this.#readyIn(now));
	}

	/**
	 * A broadcast of this room's documents took `ms` (storing it and writing it to every device):
	 * charged to the server's budget, whatever it carried.
	 */
	delivered(ms: number): void {
		if (this.#pacing.budgeted) this.#budget.spend(ms);
	}

	/** How long until the room may publish: a token of its own, and the server's budget. */
	#readyIn(now: number): number {
		const { perSecond, burst } = this.#pacing;
		// Guarded: Infinity × 0 would be NaN without pacing.
		const refill = now > this.#tokensAt ? ((now - this.#tokensAt) * perSecond) / 1000 : 0;
		this.#tokens = Math.min(burst, this.#tokens + refill);
		this.#tokensAt = now;
		const forToken = this.#tokens >= 1 ? 0 : ((1 - this.#tokens) * 1000) / perSecond;
		const budget = this.#pacing.budgeted ? this.#budget.wait() : 0;
		return Math.max(0, forToken, budget);
	}

	#take(now: number): void {
		this.#readyIn(now);
		this.#tokens -= 1;
	}

	#arm(ms: number): void {
		if (this.#timer !== undefined) return;
		this.#timer = setTimeout(() => this.#flush(), Math.max(0, ms));
	}

	#flush(): void {
		this.#timer = undefined;
		if (this.#disposed || this.#pending.size === 0) return;
		const now = this.#now();
		// Another room may have spent the budget meanwhile: wait on.
		const wait = this.#readyIn(now);
		if (wait > 0) {
			this.#arm(wait);
			return;
		}
		this.#publishPending(now);
	}

	/** Everything waiting, in one transaction: one update, one broadcast to every device. */
	#publishPending(now: number): void {
		const publications = [...this.#pending.values()];
		const since = this.#since ?? now;
		this.#pending.clear();
		this.#since = undefined;
		this.#take(now);
		this.#run(() => {
			for (const publish of publications) publish();
		});
		this.#observe(this.#now() - since);
	}

	/** Publishes everything waiting now (before a room unloads). */
	flushAll(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		if (!this.#disposed && this.#pending.size > 0) this.#publishPending(this.#now());
	}

	dispose(): void {
		this.#disposed = true;
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#pending.clear();
	}
}
