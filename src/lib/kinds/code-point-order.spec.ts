import { describe, expect, it } from 'vitest';
import { byCodePoint } from './code-point-order.ts';

describe('ordering strings by code point', () => {
	it('orders plain words alphabetically and a prefix before its longer word', () => {
		expect(['zorg', 'aanbod', 'zorgen', 'jeugd'].sort(byCodePoint)).toEqual([
			'aanbod',
			'jeugd',
			'zorg',
			'zorgen'
		]);
	});

	it('puts accented letters after z, whatever the locale would say', () => {
		expect(['één', 'zorg', 'ämter', 'aandacht'].sort(byCodePoint)).toEqual([
			'aandacht',
			'zorg',
			'ämter',
			'één'
		]);
	});

	it('puts a character past U+FFFF after one below it, as its code point says', () => {
		const privateUse = '\uE000';
		const mathBold = '\u{1D400}';
		expect([mathBold, privateUse].sort(byCodePoint)).toEqual([privateUse, mathBold]);
		// Plain `<` would have it the other way round.
		expect(mathBold < privateUse).toBe(true);
		expect(['\u{1D401}', '\u{1D400}', 'a'].sort(byCodePoint)).toEqual([
			'a',
			'\u{1D400}',
			'\u{1D401}'
		]);
	});

	it('finds equal strings equal', () => {
		expect(byCodePoint('regio', 'regio')).toBe(0);
		expect(byCodePoint('', '')).toBe(0);
	});
});
