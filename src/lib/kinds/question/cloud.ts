import { wordCloud, wordWeight, type CloudWord } from './words.ts';

/**
 * How many words the projector's cloud shows: the most used ones. Fixed rather than fitted, so
 * the cloud's words do not change when the window does; chosen so that a cloud of long Dutch
 * compounds still fits the smallest projector at its smallest readable size (the e2e run checks
 * this at four sizes).
 */
export const SCREEN_WORDS = 30;

/**
 * A counted word as people read it: counting writes every apostrophe as a straight one (so
 * "regio’s" and "regio's" are one word); shown, it is the typographic one again.
 */
export const displayWord = (word: string): string => word.replaceAll("'", '’');

export interface PlacedWord extends CloudWord {
	/** Its size, 1 (smallest) to `WORD_WEIGHTS`. */
	weight: number;
}

/**
 * The words of a projector's cloud, in the order they are laid out: the most used in the middle
 * and the less used alternately before and after, so the large words meet in the centre of the
 * lines rather than all in the first one. Deterministic: every screen draws the same cloud.
 */
export function cloudLayout(texts: readonly string[], limit = SCREEN_WORDS): PlacedWord[] {
	const words = wordCloud(texts, { limit });
	const max = words[0]?.count ?? 0;
	const min = words.at(-1)?.count ?? 0;
	const placed: PlacedWord[] = [];
	for (const [index, word] of words.entries()) {
		const weighed = { ...word, weight: wordWeight(word.count, max, min) };
		if (index % 2 === 0) placed.push(weighed);
		else placed.unshift(weighed);
	}
	return placed;
}
