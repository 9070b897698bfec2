import type { BallotRecord, Store } from './store/types.ts';

/**
 * A session's ballots, in memory for tallying and in the store for durability. Ballots never go
 * into the shared doc: every phone syncs that doc, so ballots there would show who voted what and
 * reveal hidden results early. The doc gets tallies instead.
 */
export class BallotBox<B = unknown> {
	/** stepId → round → participantId → ballot */
	readonly #byStep = new Map<string, Map<number, Map<string, B>>>();
	readonly #store: Store;
	readonly #sessionId: string;
	/** Ballot changes per step and round (stored ballots count once at load). */
	readonly #changes = new Map<string, number>();

	constructor(store: Store, sessionId: string) {
		this.#store = store;
		this.#sessionId = sessionId;
		for (const record of store.loadBallots(sessionId)) {
			this.#remember(
				record.stepId,
				record.round,
				record.participantId,
				JSON.parse(record.data) as B
			);
		}
	}

	#round(stepId: string, round: number): Map<string, B> {
		let rounds = this.#byStep.get(stepId);
		if (!rounds) this.#byStep.set(stepId, (rounds = new Map()));
		let ballots = rounds.get(round);
		if (!ballots) rounds.set(round, (ballots = new Map()));
		return ballots;
	}

	#remember(stepId: string, round: number, participantId: string, ballot: B): void {
		this.#round(stepId, round).set(participantId, ballot);
		const key = `${stepId}#${round}`;
		this.#changes.set(key, (this.#changes.get(key) ?? 0) + 1);
	}

	/**
	 * How often ballots of a round changed. Published with hidden results, it tells the
	 * facilitator's console that the counts it cannot see in the doc have moved (a changed vote
	 * leaves the number of voters the same), without saying how.
	 */
	changes(stepId: string, round: number): number {
		return this.#changes.get(`${stepId}#${round}`) ?? 0;
	}

	get(stepId: string, round: number, participantId: string): B | undefined {
		return this.#byStep.get(stepId)?.get(round)?.get(participantId);
	}

	/** Stores a ballot (replacing the participant's earlier one for this round). */
	put(stepId: string, round: number, participantId: string, ballot: B, at: number): void {
		const record: BallotRecord = { stepId, round, participantId, data: JSON.stringify(ballot) };
		this.#store.putBallot(this.#sessionId, record, at);
		this.#remember(stepId, round, participantId, ballot);
	}

	/** The ballots of one round, by participant. */
	round(stepId: string, round: number): ReadonlyMap<string, B> {
		return this.#byStep.get(stepId)?.get(round) ?? new Map();
	}

	count(stepId: string, round: number): number {
		return this.#byStep.get(stepId)?.get(round)?.size ?? 0;
	}

	clear(stepId: string): void {
		this.#store.deleteBallots(this.#sessionId, stepId);
		this.#byStep.delete(stepId);
	}

	/** One participant's ballots in the given rounds of each step. */
	forParticipant(participantId: string, rounds: ReadonlyMap<string, number>): Record<string, B> {
		const out: Record<string, B> = {};
		for (const [stepId, round] of rounds) {
			const ballot = this.get(stepId, round, participantId);
			if (ballot !== undefined) out[stepId] = ballot;
		}
		return out;
	}
}
