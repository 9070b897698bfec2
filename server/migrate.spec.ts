import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, DEFAULT_DOTS, updateCard } from '../src/lib/kinds/dilemmas/model.ts';
import { readHiddenCard } from '../src/lib/model/private-doc.ts';
import {
	addParticipant,
	initSessionDoc,
	readMeta,
	readParticipants,
	readParticipation,
	readPrevious,
	SCHEMA_VERSION,
	setPrevious
} from '../src/lib/model/session-doc.ts';
import { addStep, readStep } from '../src/lib/model/steps.ts';
import { newPoll, setPollTally } from '../src/lib/kinds/poll/model.ts';
import { tallyPoll } from '../src/lib/model/tally.ts';
import { bornTemplate } from '../src/lib/model/templates.ts';
import type { DilemmaStep, PlanStep, PollStep } from '../src/lib/model/types.ts';
import { addPlanItem } from '../src/lib/kinds/plan/model.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { hashSecret } from './credentials.ts';
import { Rooms } from './rooms.ts';
import { openSqliteStore } from './store/sqlite.ts';
import type { Store } from './store/types.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
	for (const fn of cleanup.splice(0).reverse()) fn();
});

const NAME = 'Anna Verbeek';
const HIDDEN = 'Wethouder X liegt, zegt een oude kaart';

/**
 * A store as version 1 left it: names, perspectives and a hidden card's words in the document
 * every phone syncs, a poll broken down into groups of one, ballots without a perspective.
 */
function storeOfVersion1(): { store: Store; dataDir: string } {
	const dataDir = mkdtempSync(join(tmpdir(), 'koersbord-migrate-'));
	const store = openSqliteStore(dataDir);
	cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
	store.createSession({
		id: 's1',
		joinCode: 'ABC234',
		facilitatorKeyHash: hashSecret('f'),
		screenKeyHash: hashSecret('s'),
		createdAt: 1
	});
	const doc = new Y.Doc();
	initSessionDoc(doc, bornTemplate, {
		title: 'Leersessie',
		locale: 'nl',
		joinCode: 'ABC234',
		createdAt: 1
	});
	doc.getMap('meta').set('schema', 1);
	const people = [
		['p1', NAME, 'wethouder'],
		['p2', '', 'aanbieder'],
		['p3', '', '']
	] as const;
	for (const [id, name, perspective] of people) {
		addParticipant(doc, { id, name, perspective, joinedAt: 1 });
	}
	const board = addStep(doc, {
		id: 'd',
		kind: 'dilemmas',
		title: 'Dilemma’s',
		template: bornTemplate,
		locale: 'nl'
	});
	const card = { poleA: '', poleB: '', createdAt: 1 };
	addCard(board, { ...card, id: 'c1', text: HIDDEN, author: NAME });
	updateCard(board, 'c1', { hidden: true });
	addCard(board, { ...card, id: 'c2', text: 'Een gewone kaart', author: '' });
	board.set('dots', { ...DEFAULT_DOTS, status: 'closed', visibility: 'hidden' });
	const poll: PollStep = {
		...newPoll(bornTemplate, 'nl', 'poll'),
		status: 'closed',
		visibility: 'live'
	};
	addStep(doc, poll);
	const choices = ['leernetwerk', 'facilitator', 'leernetwerk'];
	setPollTally(
		doc,
		'poll',
		tallyPoll(
			'single',
			poll.options,
			people.map(([, , perspective], i) => ({ perspective, ballot: { choice: choices[i]! } }))
		)
	);
	for (const [i, [id]] of people.entries()) {
		const data = JSON.stringify({ choice: choices[i] });
		store.putBallot(
			's1',
			{ stepId: 'poll', round: 1, participantId: id, data, perspective: '' },
			1
		);
	}
	// A plan item made from the hidden card while the board's dots were hidden, as version 1 made
	// them: with the card's words and its dots.
	const plan = addStep(doc, {
		id: 'plan',
		kind: 'plan',
		title: 'Jaarplan',
		year: 2027,
		regions: []
	});
	addPlanItem(plan, {
		id: 'i1',
		createdAt: 1,
		theme: HIDDEN,
		source: {
			stepId: 'd',
			clusterId: 'unsorted',
			cluster: 'Ongesorteerd',
			cardIds: ['c1'],
			dilemmas: [HIDDEN],
			dots: 7
		}
	});
	// An outcome frozen from an earlier session, with the alderman's group of one.
	setPrevious(doc, {
		id: 's0',
		title: 'Leersessie 0',
		createdAt: 1,
		outcome: {
			poll: {
				stepId: 'p0',
				title: 'Positionering',
				question: '',
				mode: 'single',
				options: poll.options,
				tally: tallyPoll('single', poll.options, [
					{ perspective: 'wethouder', ballot: { choice: 'bestuurlijk-hart' } },
					{ perspective: 'aanbieder', ballot: { choice: 'leernetwerk' } },
					{ perspective: 'aanbieder', ballot: { choice: 'leernetwerk' } }
				]),
				leading: ['leernetwerk']
			},
			consent: undefined
		}
	});
	store.appendUpdate('s1', Y.encodeStateAsUpdate(doc));
	return { store, dataDir };
}

function roomsOn(store: Store): Rooms {
	const rooms = new Rooms(store, { compactAfter: 500, idleMs: 60_000 });
	cleanup.push(() => rooms.closeAll(CloseCode.serverRestart, 'test over'));
	return rooms;
}

describe('a document of version 1, when its room loads', () => {
	it('moves participants and hidden card texts to the facilitators’ document and out of the shared one', () => {
		const { store } = storeOfVersion1();
		cleanup.push(() => store.close());
		const room = roomsOn(store).get('s1');

		expect(readMeta(room.doc).schema).toBe(SCHEMA_VERSION);
		expect(readParticipants(room.doc)).toEqual([]);
		expect(room.doc.getMap('participants').size).toBe(0);
		expect(readParticipation(room.doc)).toMatchObject({
			total: 3,
			unassigned: 1,
			byPerspective: { wethouder: 1, aanbieder: 1 }
		});
		expect(readParticipants(room.privateDoc).map((p) => [p.id, p.name, p.perspective])).toEqual([
			['p1', NAME, 'wethouder'],
			['p2', '', 'aanbieder'],
			['p3', '', '']
		]);

		const cards = (readStep(room.doc, 'd') as DilemmaStep).cards;
		expect(cards.find((c) => c.id === 'c1')).toMatchObject({
			hidden: true,
			text: '',
			author: ''
		});
		expect(cards.find((c) => c.id === 'c2')?.text).toBe('Een gewone kaart');
		expect(readHiddenCard(room.privateDoc, 'c1')).toMatchObject({ text: HIDDEN, author: NAME });
		expect(JSON.stringify(room.doc.toJSON())).not.toMatch(new RegExp(`${NAME}|${HIDDEN}`));
		// Plan items lose the hidden card's words and the hidden dots.
		const item = (readStep(room.doc, 'plan') as PlanStep).items[0]!;
		expect(item.theme).toBe('');
		expect(item.source?.dilemmas).toEqual(['']);
		expect(item.source?.dots).toBeUndefined();
		// The frozen outcome keeps its totals, not its groups of one.
		const previous = readPrevious(room.doc)?.outcome.poll?.tally;
		expect(previous?.totals).toMatchObject({ leernetwerk: 2, 'bestuurlijk-hart': 1 });
		expect(previous?.byPerspective).toBeUndefined();
		expect(previous?.merged).toBeUndefined();

		// Counts are released again under the anonymity rule: no group of one is shown any more.
		const { tally } = readStep(room.doc, 'poll') as PollStep;
		expect(tally).toMatchObject({
			voters: 3,
			totals: { leernetwerk: 2, facilitator: 1 },
			byPerspective: {},
			merged: { perspectives: ['', 'aanbieder', 'wethouder'], voters: 3 }
		});
		// Ballots get the perspective they counted under.
		expect(
			store
				.loadBallots('s1')
				.map((b) => [b.participantId, b.perspective])
				.sort()
		).toEqual([
			['p1', 'wethouder'],
			['p2', 'aanbieder'],
			['p3', '']
		]);
	});

	it('leaves nothing of the moved words in the shared document’s stored log, and is done once', () => {
		const { store, dataDir } = storeOfVersion1();
		const rooms = roomsOn(store);
		const room = rooms.get('s1');
		expect(room.erasurePending).toBe(true);
		room.eraseNow();
		const holds = (text: string, channel: 'shared' | 'private') =>
			store
				.loadUpdates('s1', channel)
				.some((update) => Buffer.from(update).includes(Buffer.from(text)));
		for (const text of [NAME, HIDDEN]) {
			expect(holds(text, 'shared'), text).toBe(false);
			expect(holds(text, 'private'), text).toBe(true);
		}
		rooms.closeAll(CloseCode.serverRestart, 'restart');
		store.close();

		// After a restart it loads as it is: nothing to move twice.
		const reopened = openSqliteStore(dataDir);
		cleanup.push(() => reopened.close());
		const again = roomsOn(reopened).get('s1');
		expect(readParticipants(again.privateDoc)).toHaveLength(3);
		expect(readParticipants(again.doc)).toEqual([]);
		expect(readHiddenCard(again.privateDoc, 'c1')?.text).toBe(HIDDEN);
	});
});
