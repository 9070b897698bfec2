import type * as Y from 'yjs';
import { asBoolean, asNumber, isPlainObject } from './read-safe.ts';

/**
 * How a session protects who voted what. Anonymous (the default): results per group
 * (perspective) are shown only for groups of at least `threshold` people. Open voting: every
 * group is shown, however small; phones say so before anyone votes.
 */
export interface Privacy {
	open: boolean;
	threshold: number;
}

export const DEFAULT_THRESHOLD = 3;
/** A group of one is a person; two is the least that hides one of them from outsiders. */
export const MIN_THRESHOLD = 2;
export const MAX_THRESHOLD = 20;

export const DEFAULT_PRIVACY: Privacy = { open: false, threshold: DEFAULT_THRESHOLD };

/** Key in the `meta` map. */
const PRIVACY = 'privacy';

/** The session's privacy setting; anything odd reads as the (anonymous) default. */
export function readPrivacy(doc: Y.Doc): Privacy {
	const stored = doc.getMap<unknown>('meta').get(PRIVACY);
	if (!isPlainObject(stored)) return DEFAULT_PRIVACY;
	const threshold = Math.round(asNumber(stored.threshold, DEFAULT_THRESHOLD));
	return {
		open: asBoolean(stored.open),
		threshold: Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, threshold))
	};
}

export function setPrivacy(doc: Y.Doc, privacy: Privacy): void {
	doc.getMap<unknown>('meta').set(PRIVACY, { open: privacy.open, threshold: privacy.threshold });
}

/**
 * The smallest group a result may show, and the fewest people whose changes one publication
 * may carry: 1 with open voting.
 */
export const smallestGroup = (privacy: Privacy): number => (privacy.open ? 1 : privacy.threshold);

/** The group of people who have not picked a perspective: never shown on its own. */
export const UNASSIGNED_GROUP = '';

export interface GroupSplit {
	/** Groups shown on their own, each of at least the threshold (or empty). */
	shown: string[];
	/** Groups merged into one "other" group of at least the threshold, or none. */
	merged: string[];
}

/**
 * Which groups a breakdown may show, statistical-office style:
 *
 * 1. A group smaller than `threshold` (but not empty) is not shown on its own.
 * 2. The small groups are merged into one; and since the total is shown too, that merged group
 *    could be had by subtraction anyway, so it must itself reach the threshold. While it does
 *    not, the smallest group still shown joins it (complementary suppression).
 * 3. People without a perspective always go into the merged group.
 *
 * So every group shown, merged or not, has at least `threshold` people, or none. Undefined when
 * the whole room is below the threshold: then no count may be shown at all.
 */
export function splitGroups(
	sizes: ReadonlyMap<string, number>,
	threshold: number
): GroupSplit | undefined {
	let total = 0;
	for (const size of sizes.values()) total += size;
	if (total < threshold) return undefined;
	const merged: string[] = [];
	const shown: [string, number][] = [];
	let mergedSize = 0;
	for (const [group, size] of sizes) {
		if (size > 0 && (size < threshold || group === UNASSIGNED_GROUP)) {
			merged.push(group);
			mergedSize += size;
		} else shown.push([group, size]);
	}
	if (merged.length > 0) {
		// Smallest first; ties by id, so the choice never depends on the order of arrival.
		shown.sort(([a, m], [b, n]) => m - n || (a < b ? -1 : a > b ? 1 : 0));
		while (mergedSize < threshold) {
			const next = shown.findIndex(([, size]) => size > 0);
			// Cannot happen (the total reaches the threshold), but never loop.
			if (next < 0) break;
			const [[group, size]] = shown.splice(next, 1) as [[string, number]];
			merged.push(group);
			mergedSize += size;
		}
	}
	return { shown: shown.map(([group]) => group).sort(), merged: merged.sort() };
}
