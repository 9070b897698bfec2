import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addParticipant,
	countByPerspective,
	initSessionDoc,
	readParticipants,
	readParticipation,
	readSnapshot,
	removeParticipant,
	setParticipation,
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
		// Participants live in the facilitators' own document, in the same layout.
		const own = new Y.Doc();
		addParticipant(own, { id: 'b', name: '', perspective: '', joinedAt: 20 });
		addParticipant(own, { id: 'a', name: 'Anna', perspective: 'wethouder', joinedAt: 10 });
		updateParticipant(own, 'b', { perspective: 'onderwijs', name: 'Bo' });
		updateParticipant(own, 'nobody', { name: 'ghost' });
		updateParticipant(own, 'a', { name: 'Anne', perspective: undefined });
		expect(readParticipants(own)).toEqual([
			{ id: 'a', name: 'Anne', perspective: 'wethouder', joinedAt: 10 },
			{ id: 'b', name: 'Bo', perspective: 'onderwijs', joinedAt: 20 }
		]);
		removeParticipant(own, 'a');
		removeParticipant(own, 'nobody');
		expect(readParticipants(own).map((p) => p.id)).toEqual(['b']);
	});

	it('counts participants per perspective, optionally only those present', () => {
		const doc = newSession();
		const own = new Y.Doc();
		addParticipant(own, { id: 'a', name: '', perspective: 'wethouder', joinedAt: 1 });
		addParticipant(own, { id: 'b', name: '', perspective: 'wethouder', joinedAt: 2 });
		addParticipant(own, { id: 'c', name: '', perspective: 'aanbieder', joinedAt: 3 });
		addParticipant(own, { id: 'd', name: '', perspective: '', joinedAt: 4 });
		const { perspectives, participants, counts } = readSnapshot(doc, 's', own);
		const all = countByPerspective(participants, perspectives);
		expect(all.total).toBe(4);
		expect(all.unassigned).toBe(1);
		expect(all.byPerspective).toMatchObject({ wethouder: 2, aanbieder: 1, onderwijs: 0 });
		expect(counts).toEqual(all);
		const present = countByPerspective(participants, perspectives, new Set(['b', 'c']));
		expect(present).toMatchObject({ total: 2, unassigned: 0 });
		expect(present.byPerspective).toMatchObject({ wethouder: 1, aanbieder: 1 });
	});

	it('tells everyone only how many joined per perspective, never who', () => {
		const doc = newSession();
		const own = new Y.Doc();
		addParticipant(own, { id: 'a', name: 'Anna', perspective: 'wethouder', joinedAt: 1 });
		addParticipant(own, { id: 'b', name: '', perspective: '', joinedAt: 2 });
		const counts = countByPerspective(readParticipants(own), readSnapshot(doc, 's').perspectives);
		setParticipation(doc, counts);
		const shared = readSnapshot(doc, 's');
		expect(shared.participants).toEqual([]);
		expect(shared.counts).toEqual(counts);
		expect(readParticipation(doc)).toMatchObject({ total: 2, unassigned: 1 });
		expect(JSON.stringify(doc.toJSON())).not.toMatch(/Anna|"a"/);
		// Setting the same counts again writes nothing.
		const before = Y.encodeStateVector(doc);
		setParticipation(doc, structuredClone(counts));
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});

	it('reads odd participation counts as zeros and leaves out odd perspectives', () => {
		const doc = newSession();
		const meta = doc.getMap<unknown>('meta');
		meta.set('participation', 'veel');
		expect(readParticipation(doc)).toEqual({ total: 0, byPerspective: {}, unassigned: 0 });
		meta.set(
			'participation',
			JSON.parse('{"total": "3", "byPerspective": {"wethouder": 2, "__proto__": 1, "gi": null}}')
		);
		expect(readParticipation(doc)).toEqual({
			total: 0,
			byPerspective: { wethouder: 2, gi: 0 },
			unassigned: 0
		});
	});
});
