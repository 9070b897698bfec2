import * as encoding from 'lib0/encoding';
import { readSnapshot } from '../src/lib/model/session-doc.ts';
import * as syncProtocol from 'y-protocols/sync';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard } from '../src/lib/kinds/dilemmas/model.ts';
import { addPlanItem, planItemText, removePlanItem } from '../src/lib/kinds/plan/model.ts';
import { addStep, stepMap } from '../src/lib/model/steps.ts';
import { newPoll } from '../src/lib/kinds/poll/model.ts';
import { proposalText } from '../src/lib/kinds/consent/model.ts';
import { bornTemplate } from '../src/lib/model/templates.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { MemoryClient } from '../tests/helpers/memory-client.ts';
import { hashSecret } from './credentials.ts';
import { SERVER_ORIGIN } from './origins.ts';
import type { Actor } from './peer.ts';
import { MessageType } from './protocol.ts';
import type { Room } from './room.ts';
import { Rooms } from './rooms.ts';
import { openSqliteStore } from './store/sqlite.ts';
import type { Store } from './store/types.ts';
import { SyncRefusal } from './sync.ts';
import { participationWriter } from './writers.ts';

const facilitator: Actor = { role: 'facilitator', key: 'facilitator' };

const cleanup: (() => void)[] = [];
afterEach(() => {
	for (const fn of cleanup.splice(0).reverse()) fn();
});

/** A room with a poll, a consent step, a board with a card and a plan with an item. */
function setup(limits = { updateBytes: 256 * 1024, documentBytes: 4 * 1024 * 1024 }) {
	const store = openSqliteStore(':memory:');
	store.createSession({
		id: 's1',
		joinCode: 'ABCD2345',
		facilitatorKeyHash: hashSecret('f'),
		screenKeyHash: hashSecret('s'),
		createdAt: 0
	});
	const rooms = new Rooms(store, {
		compactAfter: 500,
		idleMs: 60_000,

		limits
	});
	cleanup.push(() => {
		rooms.closeAll(CloseCode.serverRestart, 'test over');
		store.close();
	});
	const room = rooms.get('s1');
	room.doc.transact(() => {
		addStep(room.doc, newPoll(bornTemplate, 'nl', 'poll'));
		addStep(room.doc, { id: 'consent', kind: 'consent', title: 'Consent', proposal: 'Voorstel' });
		const board = addStep(room.doc, {
			id: 'board',
			kind: 'dilemmas',
			title: 'Dilemma’s',
			template: bornTemplate,
			locale: 'nl'
		});
		addCard(board, { id: 'card', text: 'Kaart', poleA: '', poleB: '', author: '', createdAt: 0 });
		const plan = addStep(room.doc, {
			id: 'plan',
			kind: 'plan',
			title: 'Jaarplan',
			year: 2027,
			regions: []
		});
		addPlanItem(plan, { id: 'item', createdAt: 0 });
	}, SERVER_ORIGIN);
	const client = (): MemoryClient => {
		const c = new MemoryClient(rooms, room, facilitator);
		cleanup.push(() => c.destroy());
		c.connect();
		c.flush();
		return c;
	};
	return { store, rooms, room, client };
}

const proposal = (doc: Y.Doc): Y.Text => proposalText(doc, 'consent')!;
const field = (doc: Y.Doc, name: 'goal' | 'theme' = 'goal', item = 'item'): Y.Text =>
	planItemText(stepMap(doc, 'plan')!, item, name)!;

/** What a refused update must leave alone: the doc, the stored log, and the other peers. */
function expectRefused(
	{ store, room }: { store: Store; room: Room },
	editor: MemoryClient,
	witness: MemoryClient,
	code: number
): void {
	const before = Y.encodeStateVector(room.doc);
	const stored = store.loadUpdates('s1').length;
	witness.received = [];
	let refusal: unknown;
	try {
		editor.deliverOutgoing();
	} catch (error) {
		refusal = error;
	}
	expect(refusal).toBeInstanceOf(SyncRefusal);
	expect((refusal as SyncRefusal).code).toBe(code);
	expect(Y.encodeStateVector(room.doc)).toEqual(before);
	expect(store.loadUpdates('s1')).toHaveLength(stored);
	witness.flush();
	expect(witness.received).toEqual([]);
}

/** Sends an update exactly as given, as a facilitator's socket could. */
function sendUpdate(client: MemoryClient, update: Uint8Array): void {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	syncProtocol.writeUpdate(encoder, update);
	client.sendRaw(encoding.toUint8Array(encoder));
}

/** A struct to hand-encode: a GC of some length, or an item (content: 1 deleted, 4 string, 8 any). */
type RawStruct =
	| { gc: number }
	| {
			ref: 1 | 4 | 8;
			origin?: Y.ID;
			right?: Y.ID;
			parent?: string | Y.ID;
			sub?: string;
			str?: string;
			len?: number;
	  };

/**
 * Hand-encodes a Yjs v1 update, for updates no Yjs client would write: sections of structs by
 * client, then a delete set. (An attacker writes bytes, not Yjs calls.)
 */
function encodeRaw(
	sections: [client: number, clock: number, structs: RawStruct[]][],
	deletes: [client: number, ranges: [clock: number, length: number][]][] = []
): Uint8Array {
	const e = encoding.createEncoder();
	const writeId = (id: Y.ID): void => {
		encoding.writeVarUint(e, id.client);
		encoding.writeVarUint(e, id.clock);
	};
	encoding.writeVarUint(e, sections.length);
	for (const [client, clock, structs] of sections) {
		encoding.writeVarUint(e, structs.length);
		encoding.writeVarUint(e, client);
		encoding.writeVarUint(e, clock);
		for (const s of structs) {
			if ('gc' in s) {
				encoding.writeUint8(e, 0);
				encoding.writeVarUint(e, s.gc);
				continue;
			}
			const info =
				s.ref | (s.origin ? 0x80 : 0) | (s.right ? 0x40 : 0) | (s.sub !== undefined ? 0x20 : 0);
			encoding.writeUint8(e, info);
			if (s.origin) writeId(s.origin);
			if (s.right) writeId(s.right);
			if (!s.origin && !s.right) {
				if (typeof s.parent === 'string') {
					encoding.writeVarUint(e, 1);
					encoding.writeVarString(e, s.parent);
				} else {
					encoding.writeVarUint(e, 0);
					writeId(s.parent!);
				}
				if (s.sub !== undefined) encoding.writeVarString(e, s.sub);
			}
			if (s.ref === 4) encoding.writeVarString(e, s.str ?? '');
			else encoding.writeVarUint(e, s.len ?? 0);
		}
	}
	encoding.writeVarUint(e, deletes.length);
	for (const [client, ranges] of deletes) {
		encoding.writeVarUint(e, client);
		encoding.writeVarUint(e, ranges.length);
		for (const [clock, length] of ranges) {
			encoding.writeVarUint(e, clock);
			encoding.writeVarUint(e, length);
		}
	}
	return encoding.toUint8Array(e);
}

describe("a facilitator's socket", () => {
	it.each([
		[
			'a malformed poll tally',
			(doc: Y.Doc) => stepMap(doc, 'poll')!.set('tally', [3, [1, 2], 5, 7])
		],
		['a new top-level type', (doc: Y.Doc) => doc.getMap('evil').set('x', 1)],
		['a step setting', (doc: Y.Doc) => stepMap(doc, 'poll')!.set('status', 'open')],
		[
			'a deleted card',
			(doc: Y.Doc) => (stepMap(doc, 'board')!.get('cards') as Y.Map<unknown>).delete('card')
		],
		['an embed in the proposal', (doc: Y.Doc) => proposal(doc).insertEmbed(0, { x: 1 })],
		['a shared type in the proposal', (doc: Y.Doc) => proposal(doc).insertEmbed(0, new Y.Map())],
		['formatting in the proposal', (doc: Y.Doc) => proposal(doc).format(0, 3, { bold: true })],
		['U+FFFE in the proposal', (doc: Y.Doc) => proposal(doc).insert(0, 'a\uFFFEb')],
		['a control character in a plan field', (doc: Y.Doc) => field(doc).insert(0, 'a\u0001')],
		[
			'a plan field far over its limit',
			(doc: Y.Doc) => field(doc, 'theme').insert(0, 'x'.repeat(401))
		],
		['a proposal far over its limit', (doc: Y.Doc) => proposal(doc).insert(0, 'x'.repeat(10_001))]
	])('may not send %s: refused whole, not stored, not passed on', (_, change) => {
		const context = setup();
		const editor = context.client();
		const witness = context.client();
		change(editor.doc);
		expectRefused(context, editor, witness, CloseCode.updateRefused);
	});

	it('may not edit a text that is not co-edited (a root text, a text in a step setting)', () => {
		const context = setup();
		context.room.doc.transact(() => {
			context.room.doc.getText('notes').insert(0, 'old');
			stepMap(context.room.doc, 'poll')!.set('question', new Y.Text('Welke?'));
		}, SERVER_ORIGIN);
		const editor = context.client();
		const witness = context.client();
		editor.doc.getText('notes').insert(0, 'x');
		expectRefused(context, editor, witness, CloseCode.updateRefused);
		const second = context.client();
		(stepMap(second.doc, 'poll')!.get('question') as Y.Text).insert(0, 'x');
		expectRefused(context, second, witness, CloseCode.updateRefused);
	});

	it('may not delete ids the server has not handed out yet (Yjs would apply that later)', () => {
		const context = setup();
		const editor = context.client();
		const witness = context.client();
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0); // no structs
		encoding.writeVarUint(encoder, 1); // a delete set for one client:
		encoding.writeVarUint(encoder, context.room.doc.clientID);
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint(encoder, Y.getState(context.room.doc.store, context.room.doc.clientID));
		encoding.writeVarUint(encoder, 1000);
		sendUpdate(editor, encoding.toUint8Array(encoder));
		expectRefused(context, editor, witness, CloseCode.updateRefused);
	});

	it('may not send an edit that depends on one the server never got', () => {
		const context = setup();
		const editor = context.client();
		const witness = context.client();
		const offline = new Y.Doc();
		Y.applyUpdate(offline, Y.encodeStateAsUpdate(context.room.doc));
		const before = Y.encodeStateVector(offline);
		proposal(offline).insert(0, 'een ');
		const middle = Y.encodeStateVector(offline);
		proposal(offline).insert(4, 'twee ');
		sendUpdate(editor, Y.encodeStateAsUpdate(offline, middle));
		expectRefused(context, editor, witness, CloseCode.updateRefused);
		expect(before).not.toEqual(middle);
	});

	it("may not write under the server's own client ids, its own nor the one it counts joins as", () => {
		const context = setup();
		const witness = context.client();
		const { doc } = context.room;
		for (const client of [doc.clientID, participationWriter(doc)]) {
			const editor = context.client();
			const forger = new Y.Doc();
			Y.applyUpdate(forger, Y.encodeStateAsUpdate(doc));
			forger.clientID = client;
			const vector = Y.encodeStateVector(forger);
			proposal(forger).insert(0, 'x');
			sendUpdate(editor, Y.encodeStateAsUpdate(forger, vector));
			expectRefused(context, editor, witness, CloseCode.updateRefused);
		}
	});

	it('may not send an update over the size cap, nor grow the document past its cap', () => {
		const context = setup({ updateBytes: 1000, documentBytes: 4 * 1024 * 1024 });
		const editor = context.client();
		const witness = context.client();
		field(editor.doc).insert(0, 'x'.repeat(1500));
		expectRefused(context, editor, witness, CloseCode.tooLarge);

		// The session as set up takes a few kilobytes; allow one more, on top of this very room's
		// exact size (another room's differs by its random client ids).
		const small = setup({ updateBytes: 256 * 1024, documentBytes: 4 * 1024 * 1024 });
		small.room.compact();
		const size = small.room.sizeWithin(0);
		small.room.limits.documentBytes = size + 1000;
		const typist = small.client();
		let refusal: unknown;
		for (let i = 0; i < 200 && !refusal; i++) {
			proposal(typist.doc).insert(0, 'x'.repeat(19));
			try {
				typist.flush();
			} catch (error) {
				refusal = error;
			}
		}
		expect((refusal as SyncRefusal).code).toBe(CloseCode.tooLarge);
		expect(small.room.sizeWithin(0)).toBeLessThanOrEqual(size + 1000);
		expect(proposal(small.room.doc).length).toBeGreaterThan(500);
	});

	it('may type and delete in the proposal and every plan field', () => {
		const { room, client } = setup();
		const editor = client();
		const witness = client();
		proposal(editor.doc).insert(8, ' voor 2027');
		proposal(editor.doc).delete(0, 3);
		field(editor.doc, 'theme').insert(0, 'Thema');
		field(editor.doc).insert(0, 'Doel 😀 met een emoji');
		editor.flush();
		witness.flush();
		expect(proposal(room.doc).toString()).toBe('rstel voor 2027');
		expect(field(room.doc).toString()).toBe('Doel 😀 met een emoji');
		expect(field(witness.doc, 'theme').toString()).toBe('Thema');
		expect(editor.closedWith).toBeUndefined();
	});

	it('may come back after typing offline, while the server rewrote its own values', () => {
		const { room, client } = setup();
		const editor = client();
		editor.disconnect();
		proposal(editor.doc).insert(0, 'Offline: ');
		proposal(editor.doc).delete(9, 2);
		// Meanwhile the server republishes a tally many times: each leaves a deletion behind,
		// which the editor's sync step 2 will repeat as part of its whole delete set.
		for (let i = 0; i < 20; i++) {
			room.doc.transact(() => stepMap(room.doc, 'poll')!.set('tally', [i]), SERVER_ORIGIN);
		}
		editor.connect();
		editor.flush();
		expect(proposal(room.doc).toString()).toBe('Offline: orstel');
		expect(editor.closedWith).toBeUndefined();
	});

	it('may type into an item that another facilitator just removed: the text goes nowhere', () => {
		const { room, client } = setup();
		const editor = client();
		editor.disconnect();
		field(editor.doc).insert(0, 'Te laat');
		room.doc.transact(() => removePlanItem(stepMap(room.doc, 'plan')!, 'item'), SERVER_ORIGIN);
		editor.connect();
		editor.flush();
		expect(planItemText(stepMap(room.doc, 'plan')!, 'item', 'goal')).toBeUndefined();
		expect(editor.closedWith).toBeUndefined();
	});

	describe('may not send hand-made updates that Yjs would integrate elsewhere', () => {
		const start = (doc: Y.Doc): Y.ID => proposal(doc)._start!.id;
		it.each([
			[
				'an empty item after a map entry (it would replace the step)',
				(doc: Y.Doc) => [
					encodeRaw([[777, 0, [{ ref: 8, origin: stepMap(doc, 'poll')!._item!.id, len: 0 }]]])
				]
			],
			[
				'an empty struct after a real one',
				(doc: Y.Doc) => [
					encodeRaw([
						[
							777,
							0,
							[
								{ ref: 4, origin: start(doc), str: 'x' },
								{ ref: 8, origin: start(doc), len: 0 }
							]
						]
					])
				]
			],
			[
				'an item whose left neighbour is itself',
				() => [encodeRaw([[777, 0, [{ ref: 4, origin: Y.createID(777, 0), str: 'x' }]]])]
			],
			[
				'an item that refers to a later one of its own',
				(doc: Y.Doc) => [
					encodeRaw([
						[
							777,
							0,
							[
								{ ref: 4, origin: Y.createID(777, 1), str: 'a' },
								{ ref: 4, origin: start(doc), str: 'b' }
							]
						]
					])
				]
			],
			[
				'structs of two clients that wait for each other',
				(doc: Y.Doc) => [
					encodeRaw([
						[800, 0, [{ ref: 4, origin: Y.createID(700, 1), str: 'c' }]],
						[
							700,
							0,
							[
								{ ref: 4, origin: Y.createID(800, 0), str: 'a' },
								{ ref: 4, origin: start(doc), str: 'b' }
							]
						]
					])
				]
			],
			[
				'two sections of one client (Yjs keeps only the last)',
				(doc: Y.Doc) => [
					encodeRaw(
						[
							[777, 0, [{ ref: 4, origin: start(doc), str: 'ab' }]],
							[777, 2, [{ ref: 4, origin: Y.createID(777, 1), str: 'cd' }]]
						],
						[[777, [[0, 2]]]]
					)
				]
			],
			[
				'a garbage run whose length no decoder reads back',
				() => [encodeRaw([[555, 0, [{ gc: 2 ** 56 }, { gc: 2 ** 53 }]]])]
			],
			[
				'the same delete range many times over',
				(doc: Y.Doc) => [
					encodeRaw(
						[],
						[[start(doc).client, Array.from({ length: 2000 }, () => [0, 1] as [number, number])]]
					)
				]
			],
			[
				'a text item that straddles what the server has',
				(doc: Y.Doc) => {
					const client = start(doc).client;
					const known = Y.getState(doc.store, client);
					return [encodeRaw([[client, known - 1, [{ ref: 4, origin: start(doc), str: 'ab' }]]])];
				}
			]
		])('such as %s', (_, updates) => {
			const context = setup();
			const editor = context.client();
			const witness = context.client();
			const before = JSON.stringify(readSnapshot(context.room.doc, 's1'));
			for (const update of updates(context.room.doc)) {
				sendUpdate(editor, update);
				expectRefused(context, editor, witness, CloseCode.updateRefused);
			}
			expect(JSON.stringify(readSnapshot(context.room.doc, 's1'))).toBe(before);
			expect(context.room.doc.store.pendingStructs).toBeNull();
			expect(context.room.doc.store.pendingDs).toBeNull();
		});

		it('but takes a long run of typing in one update, each character after the one before', () => {
			const { room, client } = setup();
			const editor = client();
			const items: RawStruct[] = [{ ref: 4, origin: proposal(room.doc)._start!.id, str: 'x' }];
			for (let i = 1; i < 8_000; i++)
				items.push({ ref: 4, origin: Y.createID(777, i - 1), str: 'y' });
			sendUpdate(editor, encodeRaw([[777, 0, items]]));
			editor.deliverOutgoing();
			expect(proposal(room.doc).length).toBe('Voorstel'.length + 8_000);
		});
	});
});
