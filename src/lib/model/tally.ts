import type {
	ConsentAnswer,
	ConsentBallot,
	ConsentCounts,
	ConsentTally,
	OptionTotals,
	PollBallot,
	PollMode,
	PollOption,
	PollTally,
	TallyPart
} from './types.ts';

export interface CountedBallot<B> {
	/** The voter's perspective now ('' if none): a changed perspective moves the vote along. */
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

function add(part: TallyPart, ballot: PollBallot): void {
	part.voters++;
	const bump = (totals: OptionTotals | undefined, id: string, by: number): void => {
		if (totals && id in totals) totals[id] = (totals[id] ?? 0) + by;
	};
	if ('choice' in ballot) bump(part.totals, ballot.choice, 1);
	else if ('points' in ballot) {
		for (const [id, points] of Object.entries(ballot.points)) bump(part.totals, id, points);
	} else {
		bump(part.now, ballot.now, 1);
		bump(part.desired, ballot.desired, 1);
	}
}

/**
 * Counts a poll's ballots, overall and per perspective. Single choice and now-vs-desired count
 * voters per option; points mode adds up the points.
 */
export function tallyPoll(
	mode: PollMode,
	options: readonly PollOption[],
	ballots: Iterable<CountedBallot<PollBallot>>
): PollTally {
	const overall = emptyPart(mode, options);
	// A Map, not an object, while counting: a key can never reach a prototype.
	const byPerspective = new Map<string, TallyPart>();
	for (const { perspective, ballot } of ballots) {
		add(overall, ballot);
		if (!perspective) continue;
		let part = byPerspective.get(perspective);
		if (!part) byPerspective.set(perspective, (part = emptyPart(mode, options)));
		add(part, ballot);
	}
	return { ...overall, byPerspective: Object.fromEntries(byPerspective) };
}

/**
 * What a poll (or a board's dots) publishes: everything when results show, else only how many
 * voted and, when given, how often a ballot changed.
 */
export function publishedTally<T extends { voters: number }>(
	tally: T,
	visible: boolean,
	changes?: number
): T | { voters: number; changes?: number } {
	if (visible) return tally;
	return changes === undefined ? { voters: tally.voters } : { voters: tally.voters, changes };
}

const noCounts = (): ConsentCounts => ({ consent: 0, concern: 0, objection: 0 });

export function tallyConsent(ballots: Iterable<CountedBallot<ConsentBallot>>): ConsentTally {
	let voters = 0;
	const counts = noCounts();
	const byPerspective = new Map<string, ConsentCounts>();
	for (const { perspective, ballot } of ballots) {
		voters++;
		counts[ballot.answer]++;
		if (!perspective) continue;
		let own = byPerspective.get(perspective);
		if (!own) byPerspective.set(perspective, (own = noCounts()));
		own[ballot.answer]++;
	}
	return { voters, counts, byPerspective: Object.fromEntries(byPerspective) };
}

export const emptyConsentTally = (): ConsentTally => tallyConsent([]);

/** A round passes when nobody objects: consent, not consensus. */
export function consentPassed(tally: ConsentTally): boolean {
	return tally.voters > 0 && tally.counts.objection === 0;
}

/** Share of `part` in `whole` as a whole percentage (0 when there is nothing to share). */
export function percent(part: number, whole: number): number {
	return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

/** Sum of an option-totals record. */
export function sumTotals(totals: OptionTotals | undefined): number {
	return totals ? Object.values(totals).reduce((a, b) => a + b, 0) : 0;
}

export const CONSENT_ANSWERS: readonly ConsentAnswer[] = ['consent', 'concern', 'objection'];
