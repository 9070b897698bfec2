import { describe, expect, it } from 'vitest';
import { hyphenateSync as dutch } from 'hyphen/nl';
import { SHY, sparseSoftHyphens } from './soft-hyphens';

const shown = (text: string): string => text.replaceAll(SHY, '-');

describe('sparseSoftHyphens', () => {
	it('keeps the breaks that leave five letters on each side', () => {
		expect(shown(sparseSoftHyphens(`Ont${SHY}moe${SHY}tings${SHY}plaats`))).toBe(
			'Ontmoe-tings-plaats'
		);
		expect(shown(sparseSoftHyphens(`Leer${SHY}net${SHY}werk`))).toBe('Leernetwerk');
	});

	it('leaves words without soft hyphens, and the spaces between words, as they are', () => {
		expect(sparseSoftHyphens('Bestuurlijk  hart')).toBe('Bestuurlijk  hart');
		expect(sparseSoftHyphens('')).toBe('');
	});

	it('gives the positioning options of the BORN template readable breaks with the Dutch patterns', () => {
		const titles = [
			'Ontmoetingsplaats',
			'Leernetwerk',
			'Facilitator',
			'Bestuurlijk hart',
			'Kenniscentrum',
			'Gezamenlijk opdrachtgever'
		];
		expect(titles.map((title) => shown(sparseSoftHyphens(dutch(title))))).toEqual([
			'Ontmoe-tings-plaats',
			'Leernetwerk',
			'Facili-tator',
			'Bestuurlijk hart',
			'Kennis-centrum',
			'Gezamenlijk opdracht-gever'
		]);
	});
});
