import { asNumber, isId } from '../../model/read-safe.ts';
import type { MergedCounts, ScaleTally } from './types.ts';

/**
 * A scale step's tally as the document stores it: arrays in the order of the step's statements
 * rather than objects keyed by statement id, as a poll's tally is (model/tally-codec.ts): every
 * device applies every published tally, and decoding an object's keys is most of that work.
 * A statement withheld (too few answered it) is `[]`.
 *
 * - no counts (hidden, or too few answered): `[voters]`
 * - counts without a breakdown: `[voters, overall]`, `overall[i]` the answers per point of
 *   statement i
 * - with a breakdown: `[voters, overall, perspectiveIds, parts, merged]`, where `parts[j][i]` is
 *   perspective j's answers to statement i, and `merged[i]` is `[perspectiveIds, counts]` of the
 *   groups counted together for statement i (or `[]`)
 */
export type PackedScaleTally = [number, ...unknown[]];

const packCounts = (counts: readonly number[] | undefined, points: number): number[] =>
	counts ? Array.from({ length: points }, (_, point) => counts[point] ?? 0) : [];

export function packScaleTally(
	tally: ScaleTally,
	statementIds: readonly string[],
	points: number
): PackedScaleTally {
	const { byStatement, byPerspective, merged } = tally;
	if (!byStatement) return [tally.voters];
	const overall = statementIds.map((id) => packCounts(byStatement[id], points));
	if (!byPerspective) return [tally.voters, overall];
	const perspectives = Object.keys(byPerspective);
	return [
		tally.voters,
		overall,
		perspectives,
		perspectives.map((p) => statementIds.map((id) => packCounts(byPerspective[p]?.[id], points))),
		statementIds.map((id) => {
			const own = merged?.[id];
			return own ? [own.perspectives, packCounts(own.counts, points)] : [];
		})
	];
}

/**
 * Answers per point, `points` of them, or undefined for a withheld statement (`[]`) or a value
 * that is no list. A count that is not a finite number from 0 reads as 0.
 */
function readCounts(stored: unknown, points: number): number[] | undefined {
	if (!Array.isArray(stored) || stored.length === 0 || points < 1) return undefined;
	return Array.from({ length: points }, (_, point) => Math.max(0, asNumber(stored[point])));
}

/** Counts by statement id, for the statements whose counts are given. */
function readByStatement(
	stored: unknown,
	statementIds: readonly string[],
	points: number
): Record<string, number[]> {
	const list: unknown[] = Array.isArray(stored) ? stored : [];
	const record: Record<string, number[]> = {};
	statementIds.forEach((id, i) => {
		const counts = isId(id) ? readCounts(list[i], points) : undefined;
		if (counts) record[id] = counts;
	});
	return record;
}

/**
 * Reads a stored tally back, in the order of the step's statements and its number of points. A
 * tally of another shape reads as no results; odd parts of one as absent.
 */
export function unpackScaleTally(
	stored: unknown,
	statementIds: readonly string[],
	points: number
): ScaleTally {
	if (!Array.isArray(stored)) return { voters: 0 };
	const voters = Math.max(0, asNumber(stored[0]));
	const [, overall, perspectives, parts, merged]: unknown[] = stored;
	if (!Array.isArray(overall)) return { voters };
	const tally: ScaleTally = {
		voters,
		byStatement: readByStatement(overall, statementIds, points)
	};
	if (!Array.isArray(perspectives) || !Array.isArray(parts)) return tally;
	const byPerspective: Record<string, Record<string, number[]>> = {};
	perspectives.forEach((p: unknown, j) => {
		if (isId(p) && p !== '') byPerspective[p] = readByStatement(parts[j], statementIds, points);
	});
	tally.byPerspective = byPerspective;
	const mergedList: unknown[] = Array.isArray(merged) ? merged : [];
	const mergedRecord: Record<string, MergedCounts> = {};
	statementIds.forEach((id, i) => {
		const entry = mergedList[i];
		if (!isId(id) || !Array.isArray(entry) || !Array.isArray(entry[0])) return;
		const counts = readCounts(entry[1], points);
		if (!counts) return;
		// '' (no perspective) is an id here: it is always among the merged.
		mergedRecord[id] = { perspectives: (entry[0] as unknown[]).filter(isId), counts };
	});
	if (Object.keys(mergedRecord).length > 0) tally.merged = mergedRecord;
	return tally;
}
