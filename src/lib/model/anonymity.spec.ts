import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seededRandom } from '../../../tests/helpers/memory-client.ts';
import {
	DEFAULT_PRIVACY,
	readPrivacy,
	setPrivacy,
	smallestGroup,
	splitGroups,
	UNASSIGNED_GROUP
} from './anonymity.ts';

const sizes = (entries: Record<string, number>): Map<string, number> =>
	new Map(Object.entries(entries));

describe('splitting a breakdown into groups that may show', () => {
	it('shows every group that reaches the threshold', () => {
		expect(splitGroups(sizes({ wethouder: 3, aanbieder: 4 }), 3)).toEqual({
			shown: ['aanbieder', 'wethouder'],
			merged: []
		});
	});

	it('merges the groups below the threshold into one', () => {
		expect(splitGroups(sizes({ aanbieder: 5, wethouder: 1, gi: 2, onderwijs: 4 }), 3)).toEqual({
			shown: ['aanbieder', 'onderwijs'],
			merged: ['gi', 'wethouder']
		});
	});

	it('adds the smallest shown group while the merged one is below the threshold', () => {
		// One alderman among providers and schools: on its own the merged group would be the
		// alderman, and the total minus the shown groups would give it away.
		expect(splitGroups(sizes({ aanbieder: 5, wethouder: 1, onderwijs: 4 }), 3)).toEqual({
			shown: ['aanbieder'],
			merged: ['onderwijs', 'wethouder']
		});
		// One alderman and four providers: nothing can be shown apart.
		expect(splitGroups(sizes({ wethouder: 1, aanbieder: 4 }), 3)).toEqual({
			shown: [],
			merged: ['aanbieder', 'wethouder']
		});
	});

	it('picks between equally small groups by id, whatever order they came in', () => {
		const expected = { shown: ['wethouder'], merged: ['gi', 'onderwijs'] };
		expect(splitGroups(sizes({ wethouder: 3, onderwijs: 3, gi: 1 }), 3)).toEqual(expected);
		expect(splitGroups(sizes({ gi: 1, onderwijs: 3, wethouder: 3 }), 3)).toEqual(expected);
	});

	it('always merges the people without a perspective, however many', () => {
		expect(splitGroups(sizes({ [UNASSIGNED_GROUP]: 4, wethouder: 3 }), 3)).toEqual({
			shown: ['wethouder'],
			merged: ['']
		});
		expect(splitGroups(sizes({ [UNASSIGNED_GROUP]: 1, wethouder: 3, aanbieder: 5 }), 3)).toEqual({
			shown: ['aanbieder'],
			merged: ['', 'wethouder']
		});
	});

	it('shows no counts at all while the whole room is below the threshold', () => {
		expect(splitGroups(sizes({ wethouder: 1, aanbieder: 1 }), 3)).toBeUndefined();
		expect(splitGroups(sizes({}), 2)).toBeUndefined();
		expect(splitGroups(sizes({ wethouder: 1, aanbieder: 1 }), 2)).toEqual({
			shown: [],
			merged: ['aanbieder', 'wethouder']
		});
	});

	it('keeps an empty group as a zero and never merges it', () => {
		expect(splitGroups(sizes({ gi: 0, wethouder: 1, aanbieder: 3 }), 3)).toEqual({
			shown: ['gi'],
			merged: ['aanbieder', 'wethouder']
		});
	});

	it('shows groups of one with open voting, but still not the people without a perspective', () => {
		const open = smallestGroup({ open: true, threshold: 5 });
		expect(open).toBe(1);
		expect(splitGroups(sizes({ wethouder: 1, aanbieder: 1, [UNASSIGNED_GROUP]: 1 }), open)).toEqual(
			{ shown: ['aanbieder', 'wethouder'], merged: [''] }
		);
	});

	it('never shows a group, merged or not, of fewer than the threshold (500 rooms)', () => {
		const random = seededRandom(11);
		for (let room = 0; room < 500; room++) {
			const threshold = 2 + Math.floor(random() * 4);
			const groups = new Map<string, number>();
			for (const id of ['', 'wethouder', 'aanbieder', 'gi', 'onderwijs', 'anders']) {
				if (random() < 0.8) groups.set(id, Math.floor(random() * 6));
			}
			const total = [...groups.values()].reduce((a, b) => a + b, 0);
			const split = splitGroups(groups, threshold);
			const context = JSON.stringify({ groups: [...groups], threshold });
			if (total < threshold) {
				expect(split, context).toBeUndefined();
				continue;
			}
			expect(split, context).toBeDefined();
			const { shown, merged } = split!;
			expect([...shown, ...merged].sort(), context).toEqual([...groups.keys()].sort());
			for (const group of shown) {
				const size = groups.get(group)!;
				if (size === 0) continue;
				expect(size, context).toBeGreaterThanOrEqual(threshold);
				expect(group, context).not.toBe(UNASSIGNED_GROUP);
			}
			const mergedSize = merged.reduce((sum, g) => sum + groups.get(g)!, 0);
			expect(merged.length === 0 || mergedSize >= threshold, context).toBe(true);
		}
	});
});

describe('the session’s privacy setting', () => {
	it('is anonymous with a threshold of 3 unless set, and open voting shows groups of one', () => {
		const doc = new Y.Doc();
		expect(readPrivacy(doc)).toEqual({ open: false, threshold: 3 });
		expect(smallestGroup(readPrivacy(doc))).toBe(3);
		setPrivacy(doc, { open: true, threshold: 4 });
		expect(readPrivacy(doc)).toEqual({ open: true, threshold: 4 });
		expect(smallestGroup(readPrivacy(doc))).toBe(1);
	});

	it('reads an odd stored value as the default, and a threshold out of range as clamped', () => {
		const doc = new Y.Doc();
		const meta = doc.getMap<unknown>('meta');
		meta.set('privacy', 'open');
		expect(readPrivacy(doc)).toEqual(DEFAULT_PRIVACY);
		meta.set('privacy', { open: 'yes', threshold: 1 });
		expect(readPrivacy(doc)).toEqual({ open: false, threshold: 2 });
		meta.set('privacy', { open: false, threshold: 1e9 });
		expect(readPrivacy(doc).threshold).toBe(20);
		meta.set('privacy', { threshold: NaN });
		expect(readPrivacy(doc)).toEqual(DEFAULT_PRIVACY);
	});
});
