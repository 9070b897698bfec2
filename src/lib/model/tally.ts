import { splitGroups } from './anonymity.ts';
import type {
	ConsentAnswer,
	ConsentBallot,
	ConsentCounts,
	ConsentTally,
	MergedPart,
	OptionTotals,
	PollBallot,
	PollMode,
	PollOption,
	PollTally,
	TallyPart
} from './types.ts';

export interface CountedBallot<B> {
	/** The voter's perspective when the ballot was cast ('' if none). */
	perspective: string;
	ballot: B;
}

const zeros = (options: readonly PollOption[]): OptionTotals =>
	Object.fromEntries(options.map((o) => [o.id, 0]));

function emptyPart(mode: PollMode, options: readonly PollOption[]): TallyPart {
	return mode === 'nowDesired'
		? { voters: 0, now: zeros(options), desired: zeros(options) }
		: { voters: 0, totals: zeros(options) };
}

function bump(totals: OptionTotals | undefined, id: string, by: number): void {
	if (totals && Object.hasOwn(totals, id)) totals[id] = (totals[id] ?? 0) + by;
}

function add(part: TallyPart, ballot: PollBallot): void {
	part.voters++;
	if ('choice' in ballot) bump(part.totals, ballot.choice, 1);
	else if ('points' in ballot) {
		for (const [id, points] of Object.entries(ballot.points)) bump(part.totals, id, points);
	} else {
		bump(part.now, ballot.now, 1);
		bump(part.desired, ballot.desired, 1);
	}
}

function addPart(into: TallyPart, part: TallyPart): void {
	into.voters += part.voters;
	for (const key of ['totals', 'now', 'desired'] as const) {
		for (const [id, n] of Object.entries(part[key] ?? {})) bump(into[key], id, n);
	}
}

/**
 * Counts for the whole room and for each group (perspective; '' for none). Server-side only:
 * what may be shown of them is a release (`releasePoll`, `releaseConsent`).
 */
export interface GroupedCounts<P> {
	overall: P;
	groups: Map<string, P>;
}

/**
 * Counts a poll's ballots, overall and per perspective. Single choice and now-vs-desired count
 * voters per option; points mode adds up the points.
 */
export function countPoll(
	mode: PollMode,
	options: readonly PollOption[],
	ballots: Iterable<CountedBallot<PollBallot>>
): GroupedCounts<TallyPart> {
	const overall = emptyPart(mode, options);
	// A Map, not an object, while counting: a key can never reach a prototype.
	const groups = new Map<string, TallyPart>();
	for (const { perspective, ballot } of ballots) {
		add(overall, ballot);
		let part = groups.get(perspective);
		if (!part) groups.set(perspective, (part = emptyPart(mode, options)));
		add(part, ballot);
	}
	return { overall, groups };
}

const sizesOf = <P>(groups: Map<string, P>, size: (part: P) => number): Map<string, number> =>
	new Map([...groups].map(([group, part]) => [group, size(part)]));

const countsOf = ({ totals, now, desired }: TallyPart): Omit<TallyPart, 'voters'> =>
	totals ? { totals } : { now, desired };

/**
 * What a poll's counts may show, given the session's smallest group `threshold`: nothing while
 * fewer voted; the totals; and with `breakdown`, the groups `splitGroups` allows, the small
 * ones merged. `voters` is the caller's to fill in: how many have voted by now.
 */
export function releasePoll(
	counts: GroupedCounts<TallyPart>,
	threshold: number,
	breakdown: boolean
): Omit<PollTally, 'voters'> {
	const split = splitGroups(
		sizesOf(counts.groups, (p) => p.voters),
		threshold
	);
	if (!split) return {};
	const released: Omit<PollTally, 'voters'> = countsOf(counts.overall);
	if (!breakdown) return released;
	released.byPerspective = Object.fromEntries(
		split.shown.map((group) => [group, counts.groups.get(group)!])
	);
	if (split.merged.length > 0) {
		const [first, ...rest] = split.merged.map((group) => counts.groups.get(group)!);
		const merged: MergedPart = { ...structuredClone(first!), perspectives: split.merged };
		for (const part of rest) addPart(merged, part);
		released.merged = merged;
	}
	return released;
}

/** A poll's tally with every group shown (a threshold of 1): for tests and open voting. */
export function tallyPoll(
	mode: PollMode,
	options: readonly PollOption[],
	ballots: Iterable<CountedBallot<PollBallot>>
): PollTally {
	const counts = countPoll(mode, options, ballots);
	return { voters: counts.overall.voters, ...releasePoll(counts, 1, true) };
}

const noCounts = (): ConsentCounts => ({ consent: 0, concern: 0, objection: 0 });

export function countConsent(
	ballots: Iterable<CountedBallot<ConsentBallot>>
): GroupedCounts<ConsentCounts> {
	const overall = noCounts();
	const groups = new Map<string, ConsentCounts>();
	for (const { perspective, ballot } of ballots) {
		overall[ballot.answer]++;
		let own = groups.get(perspective);
		if (!own) groups.set(perspective, (own = noCounts()));
		own[ballot.answer]++;
	}
	return { overall, groups };
}

/** How many answers counts hold. */
export const answered = (counts: ConsentCounts): number =>
	counts.consent + counts.concern + counts.objection;

/** What a consent round's counts may show (see `releasePoll`); `voters` is the caller's. */
export function releaseConsent(
	counts: GroupedCounts<ConsentCounts>,
	threshold: number,
	breakdown: boolean
): Omit<ConsentTally, 'voters'> {
	const split = splitGroups(sizesOf(counts.groups, answered), threshold);
	if (!split) return { counts: noCounts(), byPerspective: {} };
	if (!breakdown) return { counts: counts.overall, byPerspective: {} };
	const released: Omit<ConsentTally, 'voters'> = {
		counts: counts.overall,
		byPerspective: Object.fromEntries(split.shown.map((g) => [g, counts.groups.get(g)!]))
	};
	if (split.merged.length > 0) {
		const merged = noCounts();
		for (const group of split.merged) {
			const own = counts.groups.get(group)!;
			for (const answer of CONSENT_ANSWERS) merged[answer] += own[answer];
		}
		released.merged = { perspectives: split.merged, counts: merged };
	}
	return released;
}

/** A consent round's tally with every group shown: for tests and open voting. */
export function tallyConsent(ballots: Iterable<CountedBallot<ConsentBallot>>): ConsentTally {
	const counts = countConsent(ballots);
	return { voters: answered(counts.overall), ...releaseConsent(counts, 1, true) };
}

export const emptyConsentTally = (): ConsentTally => tallyConsent([]);

/** A round passes when nobody objects: consent, not consensus. */
export function consentPassed(tally: ConsentTally): boolean {
	return answered(tally.counts) > 0 && tally.counts.objection === 0;
}

/** Whether the room sees a poll's (or a board's dots') counts: live, or revealed. */
export const resultsVisible = (step: { visibility: string; revealed: boolean }): boolean =>
	step.visibility === 'live' || step.revealed;

/** Share of `part` in `whole` as a whole percentage (0 when there is nothing to share). */
export function percent(part: number, whole: number): number {
	return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

/** Sum of an option-totals record. */
export function sumTotals(totals: OptionTotals | undefined): number {
	return totals ? Object.values(totals).reduce((a, b) => a + b, 0) : 0;
}

export const CONSENT_ANSWERS: readonly ConsentAnswer[] = ['consent', 'concern', 'objection'];
