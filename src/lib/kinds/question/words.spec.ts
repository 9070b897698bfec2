import { describe, expect, it } from 'vitest';
import { DUTCH_STOP_WORDS, ENGLISH_STOP_WORDS, isStopWord } from './stop-words.ts';
import {
	DEFAULT_WORD_LIMIT,
	foldWord,
	tokenise,
	wordCloud,
	wordWeight,
	WORD_WEIGHTS
} from './words.ts';

describe('splitting an answer into words', () => {
	it('keeps letters with diacritics and digits inside a word', () => {
		expect(tokenise('Coöperatie in één regio, 24/7 bereikbaar; café-overleg.')).toEqual([
			'Coöperatie',
			'in',
			'één',
			'regio',
			'24',
			'7',
			'bereikbaar',
			'café-overleg'
		]);
	});

	it('reads a decomposed accent as the same word as a precomposed one', () => {
		const decomposed = 'coo\u0308peratie';
		expect(tokenise(decomposed)).toEqual(['coöperatie']);
		expect(tokenise(decomposed)[0]).toBe('co\u00f6peratie');
	});

	it('keeps hyphenated compounds together, whichever hyphen was typed', () => {
		expect(tokenise('Jeugd-GGZ en jeugd\u2010ggz en jeugd\u2011ggz')).toEqual([
			'Jeugd-GGZ',
			'en',
			'jeugd-ggz',
			'en',
			'jeugd-ggz'
		]);
	});

	it('leaves a hyphen at the edge or a doubled one out of the word', () => {
		expect(tokenise('jeugd- en jongerenwerk -- samen -nu-')).toEqual([
			'jeugd',
			'en',
			'jongerenwerk',
			'samen',
			'nu'
		]);
	});

	it('keeps an inner apostrophe and strips quotes at the edges', () => {
		expect(tokenise("De regio's en regio’s, 'samen' en ‘sámen’ — 's avonds")).toEqual([
			'De',
			"regio's",
			'en',
			"regio's",
			'samen',
			'en',
			'sámen',
			's',
			'avonds'
		]);
	});

	it('drops soft hyphens pasted from a document', () => {
		expect(tokenise('jeugd\u00adzorg')).toEqual(['jeugdzorg']);
	});

	it('splits on punctuation, symbols and emoji', () => {
		expect(tokenise('zorg!samen?(nu)…"thuis" 👍 wijk/buurt')).toEqual([
			'zorg',
			'samen',
			'nu',
			'thuis',
			'wijk',
			'buurt'
		]);
	});

	it('reads something that is not a string as no words', () => {
		expect(tokenise(undefined as unknown as string)).toEqual([]);
		expect(tokenise('')).toEqual([]);
	});
});

describe('folding a word for grouping', () => {
	it('lowercases without a locale and keeps accents', () => {
		expect(foldWord('ÉÉN')).toBe('één');
		expect(foldWord('GGZ')).toBe('ggz');
		expect(foldWord('Coöperatie')).toBe('coöperatie');
	});

	it('folds the capital I as Unicode does, not as Turkish does', () => {
		expect(foldWord('INZET')).toBe('inzet');
	});
});

describe('the stop lists', () => {
	it('hold the standard lists', () => {
		// Snowball's Dutch list has 101 words; a few more are added.
		expect(DUTCH_STOP_WORDS.size).toBeGreaterThan(101);
		expect(DUTCH_STOP_WORDS.size).toBeLessThan(130);
		expect(ENGLISH_STOP_WORDS.size).toBeGreaterThan(150);
		expect(ENGLISH_STOP_WORDS.size).toBeLessThan(200);
		for (const word of ['de', 'het', 'een', 'niet', 'andere', 'jullie', "z'n"]) {
			expect(DUTCH_STOP_WORDS.has(word)).toBe(true);
		}
		for (const word of ['the', 'and', 'ourselves', "don't", "wouldn't"]) {
			expect(ENGLISH_STOP_WORDS.has(word)).toBe(true);
		}
	});

	it('are written folded, so a folded word can find them', () => {
		for (const word of [...DUTCH_STOP_WORDS, ...ENGLISH_STOP_WORDS]) {
			expect(word).toBe(foldWord(word));
			expect(tokenise(word)).toEqual([word]);
		}
	});

	it('leave out the contraction fragments that would take real words out', () => {
		expect(isStopWord('won')).toBe(false);
		expect(isStopWord('don')).toBe(false);
		expect(isStopWord('één')).toBe(false);
		expect(isStopWord('een')).toBe(true);
	});
});

describe('counting a word cloud', () => {
	it('counts words across answers, most used first', () => {
		expect(
			wordCloud([
				'Meer tijd voor de jongere',
				'Tijd en vertrouwen',
				'vertrouwen, tijd, samenwerking'
			])
		).toEqual([
			{ word: 'tijd', count: 3 },
			{ word: 'vertrouwen', count: 2 },
			{ word: 'jongere', count: 1 },
			{ word: 'samenwerking', count: 1 }
		]);
	});

	it('counts a word once per answer, however often that answer repeats it', () => {
		expect(wordCloud(['zorg zorg zorg Zorg ZORG', 'samen', 'samen'])).toEqual([
			{ word: 'samen', count: 2 },
			{ word: 'zorg', count: 1 }
		]);
	});

	it('groups regardless of case and shows the form most answers used', () => {
		expect(wordCloud(['GGZ', 'de GGZ', 'ggz', 'Ggz-loket'])).toEqual([
			{ word: 'GGZ', count: 3 },
			{ word: 'Ggz-loket', count: 1 }
		]);
	});

	it('shows the lowercase form on a tie, and otherwise the first in code-point order', () => {
		expect(wordCloud(['Wachtlijsten', 'wachtlijsten'])).toEqual([
			{ word: 'wachtlijsten', count: 2 }
		]);
		expect(wordCloud(['wachtlijsten', 'Wachtlijsten'])).toEqual([
			{ word: 'wachtlijsten', count: 2 }
		]);
		expect(wordCloud(['Ggz', 'GGZ'])).toEqual([{ word: 'GGZ', count: 2 }]);
		expect(wordCloud(['GGZ', 'Ggz'])).toEqual([{ word: 'GGZ', count: 2 }]);
	});

	it('groups words typed with different apostrophes, hyphens and accent encodings', () => {
		expect(
			wordCloud([
				"regio's",
				'regio’s',
				'jeugd-ggz',
				'jeugd\u2010ggz',
				'coo\u0308peratie',
				'coöperatie'
			])
		).toEqual([
			{ word: 'coöperatie', count: 2 },
			{ word: 'jeugd-ggz', count: 2 },
			{ word: "regio's", count: 2 }
		]);
	});

	it('leaves out Dutch and English stop words, single characters and numbers', () => {
		expect(
			wordCloud([
				'Het is een kwestie van tijd',
				'It is a matter of time',
				'één gezin, één plan',
				'x y z 2025 0-18 1,5',
				'3D-printen in 2025'
			])
		).toEqual([
			{ word: '3D-printen', count: 1 },
			{ word: 'gezin', count: 1 },
			{ word: 'kwestie', count: 1 },
			{ word: 'matter', count: 1 },
			{ word: 'plan', count: 1 },
			{ word: 'tijd', count: 1 },
			{ word: 'time', count: 1 },
			{ word: 'één', count: 1 }
		]);
	});

	it('orders equal counts by code point, not by the locale', () => {
		// localeCompare in Dutch would put "één" among the e's; code points put it after z.
		expect(wordCloud(['één', 'zorg', 'aandacht', 'Zorg', 'één']).map((w) => w.word)).toEqual([
			'zorg',
			'één',
			'aandacht'
		]);
		expect(wordCloud(['één zorg aandacht']).map((w) => w.word)).toEqual([
			'aandacht',
			'zorg',
			'één'
		]);
	});

	it('gives the same cloud whatever the order of the answers', () => {
		const answers = ['Samen', 'samen doen', 'GGZ en samen', 'ggz', 'Doen!', 'wijkteam'];
		const expected = wordCloud(answers);
		expect(wordCloud([...answers].reverse())).toEqual(expected);
		expect(
			wordCloud([answers[3]!, answers[0]!, answers[5]!, answers[1]!, answers[4]!, answers[2]!])
		).toEqual(expected);
	});

	it('caps the cloud at the limit, by default 50 words', () => {
		const many = Array.from({ length: 80 }, (_, i) => `woord${String(i).padStart(2, '0')}`);
		expect(wordCloud(many)).toHaveLength(DEFAULT_WORD_LIMIT);
		expect(wordCloud(many, { limit: 3 }).map((w) => w.word)).toEqual([
			'woord00',
			'woord01',
			'woord02'
		]);
		expect(wordCloud(many, { limit: 2.9 })).toHaveLength(2);
		expect(wordCloud(many, { limit: 0 })).toEqual([]);
		expect(wordCloud(many, { limit: -4 })).toEqual([]);
		expect(wordCloud(many, { limit: Infinity })).toHaveLength(80);
		expect(wordCloud(many, { limit: NaN })).toHaveLength(DEFAULT_WORD_LIMIT);
		expect(wordCloud(many, { limit: '3' as unknown as number })).toHaveLength(DEFAULT_WORD_LIMIT);
	});

	it('keeps the most used words when it caps', () => {
		const answers = [
			'zeldzaam',
			...Array.from({ length: 60 }, (_, i) => `vaak${i} vaak${i} en zorg`)
		];
		const cloud = wordCloud(answers, { limit: 1 });
		expect(cloud).toEqual([{ word: 'zorg', count: 60 }]);
	});

	it('gives an empty cloud for no answers, empty answers or answers of stop words only', () => {
		expect(wordCloud([])).toEqual([]);
		expect(wordCloud(['', '   ', '!!!', 'de het een', '👍🏽'])).toEqual([]);
	});

	it('ignores anything in the answers that is not a string', () => {
		const garbage = [
			null,
			42,
			{ text: 'zorg' },
			['zorg'],
			undefined,
			'zorg'
		] as unknown as string[];
		expect(wordCloud(garbage)).toEqual([{ word: 'zorg', count: 1 }]);
		expect(wordCloud(undefined as unknown as string[])).toEqual([]);
		expect(wordCloud(['zorg'], null as unknown as { limit?: number })).toEqual([
			{ word: 'zorg', count: 1 }
		]);
	});

	it('counts words that are also names of object properties', () => {
		// Underscores are not letters: "__proto__" is the word "proto".
		expect(wordCloud(['constructor __proto__ hasOwnProperty', 'constructor'])).toEqual([
			{ word: 'constructor', count: 2 },
			{ word: 'hasOwnProperty', count: 1 },
			{ word: 'proto', count: 1 }
		]);
	});
});

describe('weighing a word for its size in the cloud', () => {
	it('runs linearly from 1 for a word used once to the top weight for the most used', () => {
		expect(wordWeight(1, 9)).toBe(1);
		expect(wordWeight(3, 9)).toBe(2);
		expect(wordWeight(5, 9)).toBe(3);
		expect(wordWeight(7, 9)).toBe(4);
		expect(wordWeight(9, 9)).toBe(WORD_WEIGHTS);
	});

	it('runs from the least used word when given', () => {
		expect(wordWeight(4, 12, 4)).toBe(1);
		expect(wordWeight(8, 12, 4)).toBe(3);
		expect(wordWeight(12, 12, 4)).toBe(5);
	});

	it('gives every word the middle size when none is used more than another', () => {
		expect(wordWeight(1, 1)).toBe(3);
		expect(wordWeight(4, 4, 4)).toBe(3);
	});

	it('keeps odd input within the scale', () => {
		expect(wordWeight(20, 9)).toBe(5);
		expect(wordWeight(0, 9)).toBe(1);
		expect(wordWeight(NaN, 9)).toBe(1);
		expect(wordWeight(3, NaN)).toBe(3);
		expect(wordWeight(3, 2, 5)).toBe(3);
	});
});
