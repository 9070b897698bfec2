import { byCodePoint } from '../code-point-order.ts';

/**
 * Counting for statements on a scale. A ballot is `Record<statementId, number>`: for each
 * statement, the index of the point chosen, 0 to `points - 1`. Everything here works on counts
 * per point (a distribution), the form a tally is stored and released in, so the same helpers
 * serve the room and each perspective. Pure; odd values read as absent, never as a throw.
 */

/**
 * The most points a scale is read with: a guard against allocating for a corrupt `points`, not
 * a setting (the step's own validation decides what a facilitator may choose).
 */
const MAX_POINTS = 100;

const isScale = (points: number): boolean =>
	Number.isInteger(points) && points >= 1 && points <= MAX_POINTS;

const isPoint = (answer: unknown, points: number): answer is number =>
	Number.isInteger(answer) && (answer as number) >= 0 && (answer as number) < points;

/** A count as a weight: a finite number from 0; anything else counts as nobody. */
const weight = (count: unknown): number =>
	typeof count === 'number' && Number.isFinite(count) && count > 0 ? count : 0;

/**
 * How many answers chose each point of a scale of `points` points. Answers that are not a
 * point of the scale are left out. Empty when `points` is no scale.
 */
export function distribution(answers: readonly number[], points: number): number[] {
	if (!isScale(points)) return [];
	const counts = new Array<number>(points).fill(0);
	for (const answer of Array.isArray(answers) ? answers : []) {
		if (isPoint(answer, points)) counts[answer] = (counts[answer] ?? 0) + 1;
	}
	return counts;
}

/**
 * Each statement's distribution from the ballots. A ballot that is not a plain record, or a
 * value that is not a point, counts as no answer; keys are read as own properties only, so a
 * statement id such as "constructor" never reads a prototype. A Map, for the same reason.
 */
export function distributions(
	ballots: readonly Record<string, number>[],
	statementIds: readonly string[],
	points: number
): Map<string, number[]> {
	const given = new Map<string, number[]>();
	for (const id of Array.isArray(statementIds) ? statementIds : []) {
		if (typeof id === 'string') given.set(id, []);
	}
	for (const ballot of Array.isArray(ballots) ? ballots : []) {
		if (typeof ballot !== 'object' || ballot === null || Array.isArray(ballot)) continue;
		for (const [id, list] of given) {
			if (Object.hasOwn(ballot, id)) list.push(ballot[id] as number);
		}
	}
	return new Map([...given].map(([id, list]) => [id, distribution(list, points)]));
}

/** How many answered: the sum of the counts. */
export const answered = (counts: readonly number[]): number =>
	Array.isArray(counts) ? counts.reduce((sum, n) => sum + weight(n), 0) : 0;

/** The mean point (0 to `counts.length - 1`), or undefined when nobody answered. */
export function mean(counts: readonly number[]): number | undefined {
	const total = answered(counts);
	if (total === 0) return undefined;
	return counts.reduce((sum, n, point) => sum + weight(n) * point, 0) / total;
}

/**
 * The spread of the answers: their standard deviation in points, or undefined when nobody
 * answered. The population form (divided by n, not n - 1): it describes the people in the room,
 * it does not estimate a larger population from a sample.
 */
export function spread(counts: readonly number[]): number | undefined {
	const centre = mean(counts);
	if (centre === undefined) return undefined;
	const squares = counts.reduce((sum, n, point) => sum + weight(n) * (point - centre) ** 2, 0);
	return Math.sqrt(squares / answered(counts));
}

/**
 * How much a statement divides the room, 0 to 1: the spread as a share of the largest spread a
 * scale of that many points allows, (points - 1) / 2.
 *
 * By Popoviciu's inequality a variable within [0, p - 1] has at most that standard deviation,
 * reached only when half the room is at each end; so this is 0 when everyone gives the same
 * answer and 1 when the room splits evenly between the extremes, whatever the scale's length or
 * the room's size. A uniform spread over p points gives √((p + 1) / (3(p - 1))), 0.71 on five.
 * Chosen over Van der Eijk's agreement A (which gives the uniform spread 0.5) because it is the
 * spread the results show, scaled, which a facilitator can explain in one sentence, and it is
 * defined for any counts without A's decomposition into layers.
 *
 * @see https://en.wikipedia.org/wiki/Popoviciu%27s_inequality_on_variances
 */
export function division(counts: readonly number[]): number {
	const points = Array.isArray(counts) ? counts.length : 0;
	const sd = points >= 2 ? spread(counts) : undefined;
	if (sd === undefined) return 0;
	// Rounding can take an even split a hair past 1.
	return Math.min(1, sd / ((points - 1) / 2));
}

/**
 * How far the perspectives' mean answers lie apart, 0 to 1 of the scale: the highest mean less
 * the lowest, divided by (points - 1). `groups` holds one distribution per perspective, already
 * split and merged by the group-size rule (`splitGroups`): this function shows whatever it is
 * given. Groups nobody in answered are left out; with fewer than two left, there is no gap.
 */
export function perspectiveGap(groups: readonly number[][]): number {
	let points = 0;
	let lowest = Infinity;
	let highest = -Infinity;
	for (const counts of Array.isArray(groups) ? groups : []) {
		if (!Array.isArray(counts)) continue;
		points = Math.max(points, counts.length);
		const centre = mean(counts);
		if (centre === undefined) continue;
		lowest = Math.min(lowest, centre);
		highest = Math.max(highest, centre);
	}
	if (points < 2 || highest <= lowest) return 0;
	return Math.min(1, (highest - lowest) / (points - 1));
}

export interface ScaleStatement {
	id: string;
	/** The room's distribution. */
	counts: number[];
	/** One distribution per perspective that may be shown (see `perspectiveGap`). */
	byPerspective?: number[][];
}

export interface Dividing {
	id: string;
	division: number;
	gap: number;
}

/**
 * Scores agree to this many decimals or are a tie: mirrored distributions divide equally, but
 * their floating-point spreads may differ in the last bit, and that must not decide the order.
 */
const SCORE_PRECISION = 1e9;

const score = ({ division, gap }: Dividing): number =>
	Math.round(Math.max(division, gap) * SCORE_PRECISION);

/**
 * Statements in the order worth discussing: the most dividing first, by the larger of the
 * room's `division` and the perspectives' `gap`, then by id (code-point order). The larger, not
 * the sum or the mean: a room split within every perspective and perspectives that disagree
 * with each other are each reason enough to talk, and one should not hide behind the other
 * being low. A statement id given twice is read once, the first time.
 */
export function rankDividing(statements: readonly ScaleStatement[]): Dividing[] {
	const seen = new Set<string>();
	const ranked: Dividing[] = [];
	for (const statement of Array.isArray(statements) ? statements : []) {
		if (typeof statement?.id !== 'string' || seen.has(statement.id)) continue;
		seen.add(statement.id);
		ranked.push({
			id: statement.id,
			division: division(statement.counts),
			gap: perspectiveGap(statement.byPerspective ?? [])
		});
	}
	return ranked.sort((a, b) => score(b) - score(a) || byCodePoint(a.id, b.id));
}
