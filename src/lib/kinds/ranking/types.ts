import type { PollStatus, ResultsVisibility } from '../../model/types.ts';

/** One thing to put in order: a positioning option, a dilemma, anything the facilitator writes. */
export interface RankingItem {
	id: string;
	title: string;
}

/** An item's place in a released count (see `borda` in borda.ts). */
export interface RankedEntry {
	id: string;
	/** Borda points: m for a first place of m items, down to 1 for the last. */
	points: number;
	/** The mean place people gave it, 1 for first. */
	meanRank: number;
	/** The standard deviation of those places: how far people were apart on it. */
	spread: number;
	/** How many put it first. */
	first: number;
}

/** The count of one group (or of everyone): how many ranked, and the items by points. */
export interface RankingPart {
	voters: number;
	/** Most points first (ties by id); absent while no count is released. */
	items?: RankedEntry[];
}

/**
 * A ranking's results as published, released as a poll's are (docs/architecture.md,
 * "Anonymity"): `voters` now; `items` as of the last release (absent while hidden, or while
 * fewer ranked than the smallest group); the breakdown only once the round is closed, for
 * groups at least that large, the small ones counted together in `merged`.
 */
export interface RankingTally extends RankingPart {
	byPerspective?: Record<string, RankingPart & { items: RankedEntry[] }>;
	merged?: RankingPart & { items: RankedEntry[]; perspectives: string[] };
}

/** A step in which participants put a list in order. */
export interface RankingStep {
	id: string;
	kind: 'ranking';
	title: string;
	/** What the room is asked to order by ("Wat past het best bij BORN?"). */
	prompt: string;
	/** The template option set its items came from, if any (only what `step.add` asked for). */
	optionSet: string;
	items: RankingItem[];
	visibility: ResultsVisibility;
	status: PollStatus;
	revealed: boolean;
	/** Bumped by a reset: ballots of earlier rounds no longer count. */
	round: number;
	tally: RankingTally;
}

/** What a participant sent: every item id once, best first. */
export type RankingBallot = string[];
