import { splitGroups } from '../../model/anonymity.ts';
import type { CountedBallot, GroupedCounts } from '../../model/tally.ts';
import { borda, validRanking } from './borda.ts';
import type { RankedEntry, RankingItem, RankingPart, RankingTally } from './types.ts';

/** Why an order does not fit its ranking; the server answers it as 422. */
export interface RankingProblem {
	code: 'wrong_ranking';
	message: string;
}

/**
 * Checks an order against the ranking's items: every item exactly once, nothing else. Shared by
 * the phone (which never sends a wrong one) and the server (which decides).
 */
export function checkRankingBallot(
	items: readonly RankingItem[],
	order: readonly string[]
): RankingProblem | undefined {
	const known = new Set(items.map((item) => item.id));
	const seen = new Set<string>();
	for (const id of order) {
		if (!known.has(id)) {
			return { code: 'wrong_ranking', message: `This ranking has no item "${id.slice(0, 64)}".` };
		}
		if (seen.has(id)) {
			return { code: 'wrong_ranking', message: `Item "${id.slice(0, 64)}" is listed twice.` };
		}
		seen.add(id);
	}
	if (seen.size !== known.size) {
		return { code: 'wrong_ranking', message: 'Put every item of the ranking in the order.' };
	}
	return undefined;
}

/** Places are shown with one decimal; two keep the document small and the releases steady. */
const round2 = (value: number): number => Math.round(value * 100) / 100;

/** The items of a group's ballots, counted (see `borda`). */
export function rankItems(
	ballots: readonly (readonly string[])[],
	items: readonly RankingItem[]
): RankedEntry[] {
	return borda(
		ballots,
		items.map((item) => item.id)
	).map(({ id, points, meanRank, spread, first }) => ({
		id,
		points,
		meanRank: round2(meanRank),
		spread: round2(spread),
		first
	}));
}

/**
 * A ranking's ballots by group (perspective; '' for none), each read as `validRanking` reads it:
 * a ballot stored before an item was changed counts for the items it still names. Server-side
 * only: what may be shown of it is a release (`releaseRanking`).
 */
export function groupRanking(
	items: readonly RankingItem[],
	ballots: Iterable<CountedBallot<unknown>>
): GroupedCounts<string[][]> {
	const known = new Set(items.map((item) => item.id));
	const overall: string[][] = [];
	// A Map, not an object, while counting: a key can never reach a prototype.
	const groups = new Map<string, string[][]>();
	for (const { perspective, ballot } of ballots) {
		const order = validRanking(ballot, known);
		overall.push(order);
		let group = groups.get(perspective);
		if (!group) groups.set(perspective, (group = []));
		group.push(order);
	}
	return { overall, groups };
}

/**
 * What a ranking's count may show, given the session's smallest group `threshold`: nothing
 * while fewer ranked; the items by points; and with `breakdown`, the groups `splitGroups`
 * allows, the small ones merged. The same rule as a poll's (`releasePoll`); `voters` is the
 * caller's to fill in: how many have ranked by now.
 */
export function releaseRanking(
	counts: GroupedCounts<string[][]>,
	items: readonly RankingItem[],
	threshold: number,
	breakdown: boolean
): Omit<RankingTally, 'voters'> {
	const split = splitGroups(
		new Map([...counts.groups].map(([group, ballots]) => [group, ballots.length])),
		threshold
	);
	if (!split) return {};
	const released: Omit<RankingTally, 'voters'> = { items: rankItems(counts.overall, items) };
	if (!breakdown) return released;
	released.byPerspective = Object.fromEntries(
		split.shown.map((group) => {
			const ballots = counts.groups.get(group)!;
			return [group, { voters: ballots.length, items: rankItems(ballots, items) }];
		})
	);
	if (split.merged.length > 0) {
		const ballots = split.merged.flatMap((group) => counts.groups.get(group)!);
		released.merged = {
			perspectives: split.merged,
			voters: ballots.length,
			items: rankItems(ballots, items)
		};
	}
	return released;
}

/** A ranking's tally with every group shown (a threshold of 1): for tests and open voting. */
export function tallyRanking(
	items: readonly RankingItem[],
	ballots: Iterable<CountedBallot<unknown>>
): RankingTally {
	const counts = groupRanking(items, ballots);
	return { voters: counts.overall.length, ...releaseRanking(counts, items, 1, true) };
}

/**
 * Each item's place in a count: 1 for the most points, and items with equal points share a
 * place (1, 2, 2, 4), so a tie never reads as an order that was not there.
 */
export function placesOf(entries: readonly RankedEntry[]): Map<string, number> {
	const places = new Map<string, number>();
	for (const entry of entries) {
		places.set(entry.id, 1 + entries.filter((other) => other.points > entry.points).length);
	}
	return places;
}

/** The items with the most points (ties: all of them); none before anyone ranked. */
export function leadingItems(part: RankingPart): string[] {
	const top = Math.max(0, ...(part.items ?? []).map((entry) => entry.points));
	return top > 0 ? (part.items ?? []).filter((e) => e.points === top).map((e) => e.id) : [];
}
