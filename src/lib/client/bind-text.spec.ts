import { describe, expect, it } from 'vitest';
import { textChange } from './bind-text.ts';

describe('the change between two versions of a text', () => {
	it.each([
		[
			'an insertion',
			'BORN is',
			'BORN is het hart',
			{ index: 7, removed: 0, inserted: ' het hart' }
		],
		['a deletion', 'BORN is het hart', 'BORN hart', { index: 5, removed: 7, inserted: '' }],
		['a replacement', 'leernetwerk', 'leerhuis', { index: 4, removed: 7, inserted: 'huis' }],
		['a repeated letter', 'aa', 'aaa', { index: 2, removed: 0, inserted: 'a' }],
		['no change', 'x', 'x', { index: 1, removed: 0, inserted: '' }]
	])('finds %s', (_label, before, after, change) => {
		expect(textChange(before, after)).toEqual(change);
		const applied =
			before.slice(0, change.index) + change.inserted + before.slice(change.index + change.removed);
		expect(applied).toBe(after);
	});
});
