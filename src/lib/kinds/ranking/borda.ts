import { byCodePoint } from '../code-point-order.ts';

/**
 * Counting for a ranking. A ballot lists item ids, best first. Pure; a ballot as stored may hold
 * anything, and is read the way `validRanking` reads it rather than refused.
 */

export interface RankedItem {
	id: string;
	/** Borda points, see `borda`. */
	points: number;
	/** The mean place people gave it, 1 for first; 0 when nobody ranked it (see `ranked`). */
	meanRank: number;
	/** The standard deviation of those places; 0 when nobody (or one person) ranked it. */
	spread: number;
	/** How many put it first. */
	first: number;
	/** How many ranked it at all: what `meanRank` and `spread` are taken over. */
	ranked: number;
}

/**
 * What a ballot says: its known item ids in order, each at its first place only. Entries that
 * are not an id of `known`, and later copies of an id, are left out and close the gap they
 * leave, so they cannot push the items after them down (or give points themselves).
 */
export function validRanking(ballot: unknown, known: ReadonlySet<string>): string[] {
	if (!Array.isArray(ballot)) return [];
	const ranking = new Set<string>();
	for (const id of ballot) {
		if (typeof id === 'string' && known.has(id)) ranking.add(id);
	}
	return [...ranking];
}

interface Places {
	points: number;
	first: number;
	/** Every place (1 = first) a ballot gave the item. */
	places: number[];
}

/**
 * The items ranked by a modified Borda count (Emerson): a ballot that ranks m items gives the
 * first m points, the next m - 1, down to 1 for the last it ranks, and nothing to the items it
 * leaves out. Then by id (code-point order) on equal points.
 *
 * Why modified: for a full ranking it gives each item one point more than the standard
 * n - 1 … 0, so full ballots come out in the same order; but a partial ballot no longer hands
 * its favourite the full n - 1. Otherwise ranking only one's favourite would be the strongest
 * vote (bullet voting); here ranking more items can only give the top one more points, so
 * people gain by ranking everything they have a view on, and a phone that sent half a ranking
 * counts as half a ranking.
 *
 * `spread` is the standard deviation of the places given, not the interquartile range: rooms
 * are small, and over a handful of places quartiles jump between values and depend on which of
 * several definitions is used, where the deviation moves smoothly with each ballot and reads
 * in the same unit (places) as the mean.
 *
 * @see https://doi.org/10.1007/s00355-011-0603-9 Emerson, "The original Borda count and partial
 *   voting", Social Choice and Welfare 40 (2013)
 */
export function borda(
	ballots: readonly (readonly string[])[],
	itemIds: readonly string[]
): RankedItem[] {
	// A Map, so no item id (say "__proto__") can reach a prototype.
	const items = new Map<string, Places>();
	for (const id of Array.isArray(itemIds) ? itemIds : []) {
		if (typeof id === 'string' && !items.has(id)) {
			items.set(id, { points: 0, first: 0, places: [] });
		}
	}
	const known = new Set(items.keys());
	for (const ballot of Array.isArray(ballots) ? ballots : []) {
		const ranking = validRanking(ballot, known);
		ranking.forEach((id, index) => {
			const item = items.get(id)!;
			item.points += ranking.length - index;
			item.places.push(index + 1);
			if (index === 0) item.first++;
		});
	}
	return [...items]
		.map(([id, { points, first, places }]) => ({ id, points, first, ...placesOf(places) }))
		.sort((a, b) => b.points - a.points || byCodePoint(a.id, b.id));
}

/** Mean and (population) standard deviation of the places given: the people who ranked it. */
function placesOf(places: readonly number[]): Pick<RankedItem, 'meanRank' | 'spread' | 'ranked'> {
	const ranked = places.length;
	if (ranked === 0) return { meanRank: 0, spread: 0, ranked };
	const meanRank = places.reduce((sum, place) => sum + place, 0) / ranked;
	const squares = places.reduce((sum, place) => sum + (place - meanRank) ** 2, 0);
	return { meanRank, spread: Math.sqrt(squares / ranked), ranked };
}
