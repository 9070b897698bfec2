import type { CountedBallot } from '../src/lib/model/tally.ts';
import type { BallotRecord, Store } from './store/types.ts';

interface Entry<B> {
	ballot: B;
	/** The voter's perspective when the ballot was cast: results are broken down by it. */
	perspective: string;
	/**
	 * The ballot as JSON (what the store holds): the release rule compares it with the last
	 * release, so it is made once per ballot cast rather than for every ballot on every release.
	 */
	signature: string;
}

/**
 * A session's ballots, in memory for counting and in the store for durability. Ballots never go
 * into a document: every phone syncs the shared one, so ballots there would show who voted what
 * and reveal hidden results early. Documents get released counts instead (see tallies.ts).
 *
 * Each ballot carries the perspective its voter had when casting it (re-stamped only while its
 * round is open), so a closed result never changes when someone changes perspective afterwards:
 * a result that moved with a person would show where their vote was.
 */
export class BallotBox<B = unknown> {
	/** stepId → round → participantId → ballot */
	readonly #byStep = new Map<string, Map<number, Map<string, Entry<B>>>>();
	readonly #store: Store;
	readonly #sessionId: string;

	constructor(store: Store, sessionId: string) {
		this.#store = store;
		this.#sessionId = sessionId;
		for (const record of store.loadBallots(sessionId)) {
			const ballot = JSON.parse(record.data) as B;
			this.#round(record.stepId, record.round).set(record.participantId, {
				ballot,
				perspective: record.perspective,
				signature: JSON.stringify(ballot)
			});
		}
	}

	#round(stepId: string, round: number): Map<string, Entry<B>> {
		let rounds = this.#byStep.get(stepId);
		if (!rounds) this.#byStep.set(stepId, (rounds = new Map()));
		let ballots = rounds.get(round);
		if (!ballots) rounds.set(round, (ballots = new Map()));
		return ballots;
	}

	get(stepId: string, round: number, participantId: string): B | undefined {
		return this.#byStep.get(stepId)?.get(round)?.get(participantId)?.ballot;
	}

	/** Stores a ballot (replacing the participant's earlier one for this round). */
	put(
		stepId: string,
		round: number,
		participantId: string,
		ballot: B,
		at: number,
		perspective: string
	): void {
		const record: BallotRecord = {
			stepId,
			round,
			participantId,
			data: JSON.stringify(ballot),
			perspective
		};
		this.#store.putBallot(this.#sessionId, record, at);
		this.#round(stepId, round).set(participantId, { ballot, perspective, signature: record.data });
	}

	/**
	 * The ballots of one round with the perspective each counts under: the entries themselves,
	 * not copies (a recount reads every one of them on every publication), so read-only.
	 */
	counted(stepId: string, round: number): readonly Readonly<CountedBallot<B>>[] {
		const ballots = this.#byStep.get(stepId)?.get(round);
		return ballots ? Array.from(ballots.values()) : [];
	}

	/**
	 * What a participant's ballot of a round is, as one comparable string, or undefined without
	 * one: the release rule compares it with the last release. The perspective is left out: while
	 * a round is open (when the rule applies) no breakdown is published, so a changed perspective
	 * changes nothing the room sees, and counting it as a change would let two people who only
	 * switch perspective release a third person's lone answer.
	 */
	signature(stepId: string, round: number, participantId: string): string | undefined {
		return this.#byStep.get(stepId)?.get(round)?.get(participantId)?.signature;
	}

	/** Every participant's signature in a round. */
	signatures(stepId: string, round: number): Map<string, string> {
		const signatures = new Map<string, string>();
		for (const [id, entry] of this.#byStep.get(stepId)?.get(round) ?? []) {
			signatures.set(id, entry.signature);
		}
		return signatures;
	}

	count(stepId: string, round: number): number {
		return this.#byStep.get(stepId)?.get(round)?.size ?? 0;
	}

	/** Whether anyone has voted in any step of this session. */
	get empty(): boolean {
		for (const rounds of this.#byStep.values()) {
			for (const ballots of rounds.values()) if (ballots.size > 0) return false;
		}
		return true;
	}

	clear(stepId: string): void {
		this.#store.deleteBallots(this.#sessionId, stepId);
		this.#byStep.delete(stepId);
	}

	/**
	 * Moves a participant's ballots in the given (open) rounds to their new perspective; returns
	 * the rounds whose ballots changed.
	 */
	restamp(
		participantId: string,
		perspective: string,
		rounds: ReadonlyMap<string, number>,
		at: number
	): [string, number][] {
		const changed: [string, number][] = [];
		for (const [stepId, round] of rounds) {
			const entry = this.#byStep.get(stepId)?.get(round)?.get(participantId);
			if (!entry || entry.perspective === perspective) continue;
			this.put(stepId, round, participantId, entry.ballot, at, perspective);
			changed.push([stepId, round]);
		}
		return changed;
	}

	/**
	 * Gives ballots stored before perspectives were stamped (an older version) the perspective
	 * their voter has now, which is what they counted under then.
	 */
	stampMissing(perspectiveOf: (participantId: string) => string, at: number): void {
		for (const [stepId, rounds] of this.#byStep) {
			for (const [round, ballots] of rounds) {
				for (const [participantId, entry] of ballots) {
					const perspective = entry.perspective || perspectiveOf(participantId);
					if (perspective !== entry.perspective) {
						this.put(stepId, round, participantId, entry.ballot, at, perspective);
					}
				}
			}
		}
	}

	/** Removes every ballot of a participant; returns the rounds that held one. */
	removeParticipant(participantId: string): [string, number][] {
		const removed: [string, number][] = [];
		for (const [stepId, rounds] of this.#byStep) {
			for (const [round, ballots] of rounds) {
				if (ballots.delete(participantId)) removed.push([stepId, round]);
			}
		}
		this.#store.deleteParticipantBallots(this.#sessionId, participantId);
		return removed;
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
