import { byCodePoint } from '../code-point-order.ts';
import { isStopWord } from './stop-words.ts';

/**
 * Counting for an open question's word cloud. Pure: answers in, counted words out.
 */

export interface CloudWord {
	/** The form most people wrote, e.g. "GGZ" or "regio's". */
	word: string;
	/** How many answers use the word. */
	count: number;
}

/** More words than this no longer read on a projector. */
export const DEFAULT_WORD_LIMIT = 50;

/** The sizes a cloud draws words in: weight 1 (smallest) to this. */
export const WORD_WEIGHTS = 5;

/** Apostrophes as phones and word processors type them: curly, modifier letter, accents. */
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4\uff07]/g;
/** Hyphens other than the ASCII one that join a compound ("jeugd‐ggz" as Word writes it). */
const HYPHENS = /[\u2010\u2011]/g;
/** Invisible break hints pasted from documents: "jeugd\u00adzorg" is "jeugdzorg". */
const SOFT_HYPHEN = /\u00ad/g;
/**
 * A run of letters (with their combining marks) and digits, joined by single inner apostrophes
 * or hyphens: "regio's" and "jeugd-ggz" are one word each, while a quote or a dash at either
 * edge, or a doubled "--", is not part of a word.
 */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['-][\p{L}\p{M}\p{N}]+)*/gu;
/** Digits and joiners only: "2025", "0-18", "1'5". A number is not a word people said. */
const NUMBER = /^[\p{N}'-]+$/u;

/**
 * The words of an answer in the form written, in order. The text is NFC-normalised first, so
 * "coöperatie" typed with a combining diaeresis is the same word as with a precomposed "ö", and
 * apostrophe and hyphen variants are written as ASCII ones.
 */
export function tokenise(text: string): string[] {
	if (typeof text !== 'string') return [];
	const plain = text
		.normalize('NFC')
		.replace(SOFT_HYPHEN, '')
		.replace(APOSTROPHES, "'")
		.replace(HYPHENS, '-');
	return plain.match(WORD) ?? [];
}

/**
 * The key words are grouped by: lowercase, then NFC again (lowercasing can undo it).
 * `toLowerCase` rather than `toLocaleLowerCase('nl')`: it uses Unicode's default case mapping,
 * the same on every runtime, where a locale's rules depend on the ICU data present. Accents are
 * kept: "één" and "een" are different words.
 */
export const foldWord = (word: string): string => word.toLowerCase().normalize('NFC');

/** Whether a folded word belongs in a cloud: not a stop word, a single character or a number. */
function belongsInCloud(folded: string): boolean {
	// Code points, not UTF-16 units: a letter past U+FFFF is one character, not two.
	if ([...folded].length < 2) return false;
	return !NUMBER.test(folded) && !isStopWord(folded);
}

interface Tally {
	count: number;
	forms: Map<string, number>;
}

/**
 * The form a word is shown in: the one most answers used. On a tie, the lowercase form if it is
 * among them (a capital mostly means the word began a sentence), else the first in code-point
 * order; never the first to arrive, so the cloud does not depend on the order of answers.
 */
function shownForm(folded: string, forms: Map<string, number>): string {
	let best = folded;
	let most = 0;
	for (const [form, n] of forms) {
		const better =
			n > most ||
			(n === most && best !== folded && (form === folded || byCodePoint(form, best) < 0));
		if (better) {
			best = form;
			most = n;
		}
	}
	return best;
}

/**
 * The words of a word cloud, most used first (then in code-point order of the lowercase word,
 * see `byCodePoint`), at most `limit` of them.
 *
 * A word counts at most once per answer: the count is how many people used it, so one person
 * who writes "zorg zorg zorg" cannot make it the room's word. Words are grouped regardless of
 * case; stop words (see `stop-words.ts`), single characters and numbers are left out. Anything
 * in `texts` that is not a string is ignored.
 */
export function wordCloud(texts: readonly string[], options: { limit?: number } = {}): CloudWord[] {
	const tallies = new Map<string, Tally>();
	for (const text of Array.isArray(texts) ? texts : []) {
		// This answer's words, each with the forms it was written in here.
		const own = new Map<string, Set<string>>();
		for (const form of tokenise(text)) {
			const folded = foldWord(form);
			if (!belongsInCloud(folded)) continue;
			let forms = own.get(folded);
			if (!forms) own.set(folded, (forms = new Set()));
			forms.add(form);
		}
		for (const [folded, forms] of own) {
			let tally = tallies.get(folded);
			if (!tally) tallies.set(folded, (tally = { count: 0, forms: new Map() }));
			tally.count++;
			for (const form of forms) tally.forms.set(form, (tally.forms.get(form) ?? 0) + 1);
		}
	}
	const sorted = [...tallies]
		.sort(([a, x], [b, y]) => y.count - x.count || byCodePoint(a, b))
		.slice(0, limitOf(options?.limit));
	return sorted.map(([folded, { count, forms }]) => ({ word: shownForm(folded, forms), count }));
}

/** A usable limit: a whole number from 0; anything that is not a number gives the default. */
function limitOf(limit: unknown): number {
	if (typeof limit !== 'number' || Number.isNaN(limit)) return DEFAULT_WORD_LIMIT;
	return Math.max(0, Math.floor(limit));
}

/**
 * The size to draw a word in, 1 to `WORD_WEIGHTS`, linear in its count between the cloud's
 * least and most used word (`min`, by default 1: a word one person used). With no range (every
 * word used as often) all take the middle size: none stands out, none is whispered. Odd input
 * reads as the smallest size rather than throwing.
 */
export function wordWeight(count: number, max: number, min = 1): number {
	if (!Number.isFinite(count)) return 1;
	if (!Number.isFinite(max) || !Number.isFinite(min) || max <= min) {
		return Math.ceil(WORD_WEIGHTS / 2);
	}
	const share = (Math.min(max, Math.max(min, count)) - min) / (max - min);
	return 1 + Math.round(share * (WORD_WEIGHTS - 1));
}
