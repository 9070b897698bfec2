import type { PollStatus, ResultsVisibility } from '../../model/types.ts';

/** A statement the room answers on the step's scale. */
export interface Statement {
	id: string;
	text: string;
}

/** The small groups of one statement's breakdown, counted together ('' is "no perspective"). */
export interface MergedCounts {
	perspectives: string[];
	/** Answers per point of the scale. */
	counts: number[];
}

/**
 * A scale step's results as published (see docs/architecture.md, "Anonymity"). `voters` is how
 * many answered at least one statement by now. The rest is the last release, and only what the
 * group-size rule allows, statement by statement (people answer some statements and not others):
 *
 * - `byStatement`: answers per point, for each statement that at least the smallest group
 *   answered; absent while results are hidden, or before a release, or while fewer voted.
 * - `byPerspective` (perspective → statement → answers per point) and `merged` (statement → the
 *   small groups together): once the round is closed, each statement split by `splitGroups` on
 *   its own answers, so a group shows for a statement only when enough of it answered that one.
 */
export interface ScaleTally {
	voters: number;
	byStatement?: Record<string, number[]>;
	byPerspective?: Record<string, Record<string, number[]>>;
	merged?: Record<string, MergedCounts>;
}

export interface ScaleStep {
	id: string;
	kind: 'scale';
	title: string;
	statements: Statement[];
	/** The points of the scale, in order: the first is point 0. */
	labels: string[];
	visibility: ResultsVisibility;
	status: PollStatus;
	revealed: boolean;
	/** Bumped by a reset: answers of earlier rounds no longer count. */
	round: number;
	tally: ScaleTally;
}

/** A participant's answers: for each statement answered, the point chosen (0 to labels - 1). */
export type ScaleBallot = Record<string, number>;
