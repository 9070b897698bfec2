import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addParticipant,
	countByPerspective,
	initSessionDoc,
	readParticipants,
	readSnapshot,
	updateParticipant
} from './session-doc.ts';
import { bornTemplate } from './templates.ts';

function newSession(locale: 'nl' | 'en' = 'nl'): Y.Doc {
	const doc = new Y.Doc();
	initSessionDoc(doc, bornTemplate, {
		title: 'Leersessie 1',
		locale,
		joinCode: 'ABC234',
		createdAt: 1
	});
	return doc;
}

describe('the BORN template', () => {
	it('has the four positioning options, each with a description in both languages', () => {
		expect(bornTemplate.options.map((o) => o.title.nl)).toEqual([
			'Ontmoetingsplaats',
			'Leernetwerk',
			'Facilitator',
			'Bestuurlijk hart'
		]);
		for (const option of bornTemplate.options) {
			expect(option.description.nl.length).toBeGreaterThan(20);
			expect(option.description.en.length).toBeGreaterThan(20);
		}
	});

	it('has the four paradoxes and the default perspectives', () => {
		expect(bornTemplate.paradoxes.map((p) => p.title.nl)).toEqual([
			'Besturingsparadox',
			'Koploperparadox',
			'Complexiteitsparadox en meerschaligheid',
			'Meerwaardecyclus'
		]);
		expect(bornTemplate.perspectives.map((p) => p.id)).toEqual([
			'wethouder',
			'ambtenaar',
			'aanbieder',
			'gi',
			'onderwijs',
			'ervaringsdeskundige',
			'anders'
		]);
		expect(bornTemplate.intensities.map((i) => i.level)).toEqual([1, 2, 3, 4]);
	});

	it('has unique ids in every list', () => {
		for (const list of [bornTemplate.options, bornTemplate.paradoxes, bornTemplate.perspectives]) {
			const ids = list.map((item) => item.id);
			expect(new Set(ids).size).toBe(ids.length);
		}
	});
});

describe('a session document', () => {
	it('starts from the template in the session language', () => {
		const snapshot = readSnapshot(newSession('en'), 's1');
		expect(snapshot).toMatchObject({
			id: 's1',
			title: 'Leersessie 1',
			locale: 'en',
			joinCode: 'ABC234'
		});
		expect(snapshot.options[0]).toMatchObject({ id: 'ontmoetingsplaats', title: 'Meeting place' });
		expect(snapshot.paradoxes[0]?.title).toBe('Steering paradox');
		expect(snapshot.perspectives[0]).toEqual({ id: 'wethouder', label: 'Alderman' });
		expect(snapshot.participants).toEqual([]);
	});

	it('lists participants in the order they joined and updates their profile', () => {
		const doc = newSession();
		addParticipant(doc, { id: 'b', name: '', perspective: '', joinedAt: 20 });
		addParticipant(doc, { id: 'a', name: 'Anna', perspective: 'wethouder', joinedAt: 10 });
		updateParticipant(doc, 'b', { perspective: 'onderwijs', name: 'Bo' });
		updateParticipant(doc, 'nobody', { name: 'ghost' });
		updateParticipant(doc, 'a', { name: 'Anne', perspective: undefined });
		expect(readParticipants(doc)).toEqual([
			{ id: 'a', name: 'Anne', perspective: 'wethouder', joinedAt: 10 },
			{ id: 'b', name: 'Bo', perspective: 'onderwijs', joinedAt: 20 }
		]);
	});

	it('counts participants per perspective, optionally only those present', () => {
		const doc = newSession();
		addParticipant(doc, { id: 'a', name: '', perspective: 'wethouder', joinedAt: 1 });
		addParticipant(doc, { id: 'b', name: '', perspective: 'wethouder', joinedAt: 2 });
		addParticipant(doc, { id: 'c', name: '', perspective: 'aanbieder', joinedAt: 3 });
		addParticipant(doc, { id: 'd', name: '', perspective: '', joinedAt: 4 });
		const { perspectives, participants } = readSnapshot(doc, 's');
		const all = countByPerspective(participants, perspectives);
		expect(all.total).toBe(4);
		expect(all.unassigned).toBe(1);
		expect(all.byPerspective).toMatchObject({ wethouder: 2, aanbieder: 1, onderwijs: 0 });
		const present = countByPerspective(participants, perspectives, new Set(['b', 'c']));
		expect(present).toMatchObject({ total: 2, unassigned: 0 });
		expect(present.byPerspective).toMatchObject({ wethouder: 1, aanbieder: 1 });
	});
});
