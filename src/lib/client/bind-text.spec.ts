import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { shiftSelection, textChange } from './bind-text.ts';

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
		['no change', 'x', 'x', { index: 1, removed: 0, inserted: '' }],
		[
			'an emoji for one that shares its first half, without splitting either',
			'a😀b',
			'a😁b',
			{ index: 1, removed: 2, inserted: '😁' }
		],
		[
			'an emoji for one that shares its second half, without splitting either',
			'a\u{1F600}',
			'a\u{1F200}',
			{ index: 1, removed: 2, inserted: '\u{1F200}' }
		]
	])('finds %s', (_label, before, after, change) => {
		expect(textChange(before, after)).toEqual(change);
		const applied =
			before.slice(0, change.index) + change.inserted + before.slice(change.index + change.removed);
		expect(applied).toBe(after);
	});
});

describe('the caret when someone else edits', () => {
	it('moves along with text inserted or deleted before it, and stays put for text after it', () => {
		expect(shiftSelection([{ insert: 'ab' }], 3, 5)).toEqual([5, 7]);
		expect(shiftSelection([{ retain: 6 }, { insert: 'ab' }], 3, 5)).toEqual([3, 5]);
		expect(shiftSelection([{ delete: 2 }], 3, 5)).toEqual([1, 3]);
		expect(shiftSelection([{ retain: 2 }, { delete: 4 }], 3, 8)).toEqual([2, 4]);
	});

	it('stays before text inserted right at it: the caret sticks to the character before it', () => {
		expect(shiftSelection([{ retain: 3 }, { insert: 'xyz' }], 3, 3)).toEqual([3, 3]);
	});

	it('keeps both words whole when two people type at the same spot, keystroke by keystroke', () => {
		// Two replicas that exchange every keystroke, each typing at its own caret.
		const typists = ['Minder wachttijd', 'Samen leren'].map((word) => {
			const doc = new Y.Doc();
			const text = doc.getText('goal');
			const typist = { doc, text, word, caret: 0 };
			text.observe((event, transaction) => {
				if (transaction.local) return;
				typist.caret = shiftSelection(event.delta, typist.caret, typist.caret)[0];
			});
			return typist;
		});
		const [a, b] = typists as [(typeof typists)[0], (typeof typists)[0]];
		const send = (from: typeof a, to: typeof a, before: Uint8Array) =>
			Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, before));
		for (let i = 0; i < Math.max(a.word.length, b.word.length); i++) {
			// Both type a key before either hears of the other's: concurrent edits.
			const [va, vb] = [Y.encodeStateVector(a.doc), Y.encodeStateVector(b.doc)];
			for (const typist of [a, b]) {
				const char = typist.word[i];
				if (char) typist.text.insert(typist.caret++, char);
			}
			send(a, b, vb);
			send(b, a, va);
		}
		expect(a.text.toString()).toBe(b.text.toString());
		expect(a.text.toString()).toContain('Minder wachttijd');
		expect(a.text.toString()).toContain('Samen leren');
	});
});
