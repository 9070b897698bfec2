import { splitGroups } from '../../model/anonymity.ts';
import type { CountedBallot } from '../../model/tally.ts';
import { answered, distributions, rankDividing, type Dividing } from './stats.ts';
import type { MergedCounts, ScaleBallot, ScaleStep, ScaleTally } from './types.ts';

/**
 * A round's answers counted, for the whole room and for each group (perspective; '' for none).
 * Server-side only: what may be shown of them is a release (`releaseScale`).
 */
export interface ScaleCounts {
	/** How many answered at least one statement. */
	voters: number;
	/** Each statement's answers per point, in the order of the statements. */
	overall: Map<string, number[]>;
	/** Each group's answers, per statement. */
	groups: Map<string, Map<string, number[]>>;
}

/** Counts a round's ballots for the given statements on a scale of `points` points. */
export function countScale(
	statementIds: readonly string[],
	points: number,
	ballots: Iterable<CountedBallot<ScaleBallot>>
): ScaleCounts {
	const all: ScaleBallot[] = [];
	// A Map, not an object, while counting: a key can never reach a prototype.
	const byGroup = new Map<string, ScaleBallot[]>();
	for (const { perspective, ballot } of ballots) {
		all.push(ballot);
		let own = byGroup.get(perspective);
		if (!own) byGroup.set(perspective, (own = []));
		own.push(ballot);
	}
	return {
		voters: all.length,
		overall: distributions(all, statementIds, points),
		groups: new Map(
			[...byGroup].map(([group, own]) => [group, distributions(own, statementIds, points)])
		)
	};
}

/**
 * What a round's counts may show, given the session's smallest group `threshold`, statement by
 * statement since people answer some and skip others:
 *
 * - nothing while fewer than `threshold` answered at all;
 * - a statement's answers only once at least `threshold` people answered it;
 * - with `breakdown`, each statement's groups as `splitGroups` allows them on that statement's
 *   answers: a group shows for a statement only when enough of it answered that one, the small
 *   ones counted together in `merged`.
 *
 * `voters` is the caller's to fill in: how many have answered by now.
 */
export function releaseScale(
	counts: ScaleCounts,
	threshold: number,
	breakdown: boolean
): Omit<ScaleTally, 'voters'> {
	if (counts.voters < threshold) return {};
	const byStatement: Record<string, number[]> = {};
	for (const [id, own] of counts.overall) {
		if (answered(own) >= threshold) byStatement[id] = own;
	}
	if (!breakdown) return { byStatement };
	const byPerspective: Record<string, Record<string, number[]>> = {};
	const merged: Record<string, MergedCounts> = {};
	for (const id of Object.keys(byStatement)) {
		const sizes = new Map<string, number>();
		for (const [group, own] of counts.groups) {
			const size = answered(own.get(id) ?? []);
			if (size > 0) sizes.set(group, size);
		}
		const split = splitGroups(sizes, threshold);
		if (!split) continue;
		for (const group of split.shown) {
			(byPerspective[group] ??= {})[id] = counts.groups.get(group)!.get(id)!;
		}
		if (split.merged.length > 0) {
			const total = new Array<number>(byStatement[id]!.length).fill(0);
			for (const group of split.merged) {
				counts.groups
					.get(group)!
					.get(id)!
					.forEach((n, point) => (total[point]! += n));
			}
			merged[id] = { perspectives: split.merged, counts: total };
		}
	}
	return {
		byStatement,
		byPerspective,
		...(Object.keys(merged).length > 0 ? { merged } : {})
	};
}

/** A round's tally with every group shown (a threshold of 1): for tests and open voting. */
export function tallyScale(
	statementIds: readonly string[],
	points: number,
	ballots: Iterable<CountedBallot<ScaleBallot>>
): ScaleTally {
	const counts = countScale(statementIds, points, ballots);
	return { voters: counts.voters, ...releaseScale(counts, 1, true) };
}

/** The distributions of one statement's groups as released: each perspective's, and the merged. */
export function groupsOf(tally: ScaleTally, statementId: string): number[][] {
	const groups: number[][] = [];
	for (const own of Object.values(tally.byPerspective ?? {})) {
		const counts = own[statementId];
		if (counts) groups.push(counts);
	}
	const merged = tally.merged?.[statementId];
	if (merged) groups.push(merged.counts);
	return groups;
}

/**
 * The statements that divide the room or the perspectives, most dividing first (`rankDividing`),
 * from the released counts only; a statement everyone answered alike is left out.
 */
export function dividingStatements(
	step: Pick<ScaleStep, 'statements'>,
	tally: ScaleTally
): Dividing[] {
	const released = step.statements.flatMap((statement) => {
		const counts = tally.byStatement?.[statement.id];
		return counts
			? [{ id: statement.id, counts, byPerspective: groupsOf(tally, statement.id) }]
			: [];
	});
	return rankDividing(released).filter((d) => d.division > 0 || d.gap > 0);
}
