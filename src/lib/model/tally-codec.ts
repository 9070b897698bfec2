import { asNumber, isId, isPlainObject, isSafeKey, numberRecord, recordOf } from './read-safe.ts';
import type {
	ConsentCounts,
	ConsentTally,
	DotTally,
	OptionTotals,
	PollMode,
	PollTally,
	TallyPart
} from './types.ts';

/**
 * A poll's tally as the doc stores it: arrays of numbers in the order of the poll's options,
 * rather than objects keyed by option id. Every device applies every published tally, and Yjs
 * decodes an object's keys as strings each time: the packed form costs a phone about a third of
 * the time to apply (measured in `bench/`), and a seventh of the bytes.
 *
 * - no counts (hidden, or too few voted): `[voters]` (older documents: `[voters, changes]`)
 * - counts without a breakdown: `[voters, totals]`
 * - with a breakdown: `[voters, totals, perspectives, parts]` where `parts[i]` is
 *   `[voters, ...totals]` of `perspectives[i]`, and when small groups were merged, also
 *   `mergedPerspectives, [voters, ...totals]`
 * - now vs desired: the same, with `now` and `desired` side by side in place of `totals`
 */
export type PackedTally = [number, ...unknown[]];

function packTotals(totals: OptionTotals | undefined, options: readonly string[]): number[] {
	return options.map((id) => totals?.[id] ?? 0);
}

/** Totals in the options' order; a value that is not a finite number counts as 0. */
function unpackTotals(values: unknown, options: readonly string[]): OptionTotals {
	const list: unknown[] = Array.isArray(values) ? values : [];
	return Object.fromEntries(
		options.flatMap((id, i) => (isSafeKey(id) ? [[id, asNumber(list[i])]] : []))
	);
}

function packPart(part: TallyPart, mode: PollMode, options: readonly string[]): number[] {
	return mode === 'nowDesired'
		? [...packTotals(part.now, options), ...packTotals(part.desired, options)]
		: packTotals(part.totals, options);
}

function unpackPart(
	values: unknown[],
	voters: number,
	mode: PollMode,
	options: readonly string[]
): TallyPart {
	if (mode !== 'nowDesired') return { voters, totals: unpackTotals(values, options) };
	return {
		voters,
		now: unpackTotals(values.slice(0, options.length), options),
		desired: unpackTotals(values.slice(options.length), options)
	};
}

export function packTally(
	tally: PollTally,
	mode: PollMode,
	options: readonly string[]
): PackedTally {
	const released = mode === 'nowDesired' ? tally.now !== undefined : tally.totals !== undefined;
	if (!released) return [tally.voters];
	const overall = packPart(tally, mode, options);
	if (!tally.byPerspective) return [tally.voters, overall];
	const perspectives = Object.keys(tally.byPerspective);
	const packed: PackedTally = [
		tally.voters,
		overall,
		perspectives,
		perspectives.map((p) => {
			const part = tally.byPerspective![p]!;
			return [part.voters, ...packPart(part, mode, options)];
		})
	];
	if (tally.merged) {
		const { perspectives: merged, ...part } = tally.merged;
		packed.push(merged, [part.voters, ...packPart(part, mode, options)]);
	}
	return packed;
}

/**
 * Reads a stored tally back; also one stored whole as an object (older documents). A tally that
 * is not one of these shapes reads as no results; a count that is not a finite number as 0.
 */
export function unpackTally(
	stored: unknown,
	mode: PollMode,
	options: readonly string[]
): PollTally {
	if (!Array.isArray(stored)) {
		return isPlainObject(stored) ? readTallyObject(stored) : { voters: 0 };
	}
	const voters = asNumber(stored[0]);
	const [, overall, perspectives, parts, mergedPerspectives, mergedPart]: unknown[] = stored;
	if (!Array.isArray(overall)) {
		return typeof overall === 'number' ? { voters, changes: asNumber(overall) } : { voters };
	}
	const tally: PollTally = unpackPart(overall, voters, mode, options);
	if (!Array.isArray(perspectives) || !Array.isArray(parts)) return tally;
	const byPerspective: Record<string, TallyPart> = {};
	perspectives.forEach((p: unknown, i) => {
		if (isId(p) && p !== '') byPerspective[p] = readPackedPart(parts[i], mode, options);
	});
	tally.byPerspective = byPerspective;
	if (Array.isArray(mergedPerspectives)) {
		tally.merged = {
			...readPackedPart(mergedPart, mode, options),
			perspectives: mergedPerspectives.filter((p): p is string => isId(p))
		};
	}
	return { ...tally, voters };
}

/** `[voters, ...counts]` of one group. */
function readPackedPart(stored: unknown, mode: PollMode, options: readonly string[]): TallyPart {
	const [voters, ...values]: unknown[] = Array.isArray(stored) ? stored : [];
	return unpackPart(values, asNumber(voters), mode, options);
}

/** One part of a tally stored as an object: the voters and whichever totals it holds. */
function readPart(stored: Record<string, unknown>): TallyPart {
	const part: TallyPart = { voters: asNumber(stored.voters) };
	for (const key of ['totals', 'now', 'desired'] as const) {
		const totals = numberRecord(stored[key]);
		if (totals) part[key] = totals;
	}
	return part;
}

/** A tally stored whole as an object, as older documents hold them. */
function readTallyObject(stored: Record<string, unknown>): PollTally {
	const tally: PollTally = readPart(stored);
	const byPerspective = recordOf(stored.byPerspective, (part) =>
		isPlainObject(part) ? readPart(part) : undefined
	);
	if (byPerspective) tally.byPerspective = byPerspective;
	if (typeof stored.changes === 'number') tally.changes = asNumber(stored.changes);
	const { merged } = stored;
	if (isPlainObject(merged) && Array.isArray(merged.perspectives)) {
		tally.merged = {
			...readPart(merged),
			perspectives: merged.perspectives.filter((p): p is string => isId(p))
		};
	}
	return tally;
}

/** A consent round's counts; a count that is not a finite number reads as 0. */
export function readConsentCounts(stored: unknown): ConsentCounts {
	const counts = isPlainObject(stored) ? stored : {};
	return {
		consent: asNumber(counts.consent),
		concern: asNumber(counts.concern),
		objection: asNumber(counts.objection)
	};
}

/** A consent round's tally as published; anything but an object reads as nobody answered. */
export function readConsentTally(stored: unknown): ConsentTally {
	if (!isPlainObject(stored)) {
		return { voters: 0, counts: readConsentCounts(undefined), byPerspective: {} };
	}
	const tally: ConsentTally = {
		voters: asNumber(stored.voters),
		counts: readConsentCounts(stored.counts),
		byPerspective:
			recordOf(stored.byPerspective, (counts) =>
				isPlainObject(counts) ? readConsentCounts(counts) : undefined
			) ?? {}
	};
	const { merged } = stored;
	if (isPlainObject(merged) && Array.isArray(merged.perspectives)) {
		tally.merged = {
			perspectives: merged.perspectives.filter((p): p is string => isId(p)),
			counts: readConsentCounts(merged.counts)
		};
	}
	return tally;
}

/** A board's dots as published; anything but an object reads as no dots. */
export function readDotTally(stored: unknown): DotTally {
	if (!isPlainObject(stored)) return { voters: 0 };
	const tally: DotTally = { voters: asNumber(stored.voters) };
	const byCard = numberRecord(stored.byCard);
	if (byCard) tally.byCard = byCard;
	if (typeof stored.changes === 'number') tally.changes = asNumber(stored.changes);
	return tally;
}
