import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { MemoryClient, seededRandom } from '../tests/helpers/memory-client.ts';
import { addPlanItem, planItemText, removePlanItem } from '../src/lib/kinds/plan/model.ts';
import { addParticipant, readParticipants } from '../src/lib/model/session-doc.ts';
import { addStep, stepMap } from '../src/lib/model/steps.ts';
import { proposalText } from '../src/lib/kinds/consent/model.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { hashSecret } from './credentials.ts';
import { SERVER_ORIGIN } from './origins.ts';
import type { Actor } from './peer.ts';
import { MessageType } from './protocol.ts';
import { Rooms } from './rooms.ts';
import { openSqliteStore } from './store/sqlite.ts';
import type { Store } from './store/types.ts';
import { ProtocolError } from './sync.ts';

const facilitator: Actor = { role: 'facilitator', key: 'facilitator' };
const screen: Actor = { role: 'screen', key: 'screen' };
const participant = (id: string): Actor => ({
	role: 'participant',
	key: `p:${id}`,
	participantId: id
});

const cleanup: (() => void)[] = [];
afterEach(() => {
	for (const fn of cleanup.splice(0).reverse()) fn();
});

function setup(presenceBatchMs = 0): {
	store: Store;
	rooms: Rooms;
	client: (actor: Actor, channel?: 'shared' | 'private') => MemoryClient;
} {
	const store = openSqliteStore(':memory:');
	store.createSession({
		id: 's1',
		joinCode: 'ABC234',
		facilitatorKeyHash: hashSecret('f'),
		screenKeyHash: hashSecret('s'),
		createdAt: 0
	});
	const rooms = new Rooms(store, {
		compactAfter: 25,
		idleMs: 60_000,

		presenceBatchMs
	});
	cleanup.push(() => {
		rooms.closeAll(CloseCode.serverRestart, 'test over');
		store.close();
	});
	const room = rooms.get('s1');
	// What facilitators co-edit over the socket: a consent proposal and a plan's item fields.
	room.doc.transact(() => {
		addStep(room.doc, { id: 'consent', kind: 'consent', title: 'Consent', proposal: '' });
		const plan = addStep(room.doc, {
			id: 'plan',
			kind: 'plan',
			title: 'Jaarplan',
			year: 2027,
			regions: []
		});
		addPlanItem(plan, { id: 'item', createdAt: 0 });
		addPlanItem(plan, { id: 'item2', createdAt: 0 });
	}, SERVER_ORIGIN);
	return {
		store,
		rooms,
		client(actor, channel) {
			const client = new MemoryClient(rooms, room, actor, channel);
			cleanup.push(() => client.destroy());
			return client;
		}
	};
}

const proposal = (doc: Y.Doc): Y.Text => proposalText(doc, 'consent')!;
const goal = (doc: Y.Doc, item = 'item'): Y.Text | undefined => {
	const plan = stepMap(doc, 'plan');
	return plan && planItemText(plan, item, 'goal');
};

const stateOf = (doc: Y.Doc): unknown => ({
	proposal: proposal(doc)?.toString(),
	goal: goal(doc)?.toString(),
	goal2: goal(doc, 'item2')?.toString() ?? 'removed'
});

function storedState(store: Store): unknown {
	const doc = new Y.Doc();
	for (const update of store.loadUpdates('s1')) Y.applyUpdate(doc, update);
	return stateOf(doc);
}

function messageTypes(frames: Uint8Array[]): string[] {
	return frames.map((frame) => {
		const decoder = decoding.createDecoder(frame);
		const type = decoding.readVarUint(decoder);
		if (type !== MessageType.sync) return `type ${type}`;
		return ['step1', 'step2', 'update'][decoding.readVarUint(decoder)] ?? 'sync?';
	});
}

describe('the sync layer', () => {
	it.each([1, 2, 3, 42, 2024])(
		'brings several editing docs to the same state under reordering, drops and reconnects (seed %i)',
		(seed) => {
			const random = seededRandom(seed);
			const { store, rooms, client } = setup();
			const editors = [client(facilitator), client(facilitator), client(facilitator)];
			const viewer = client(participant('p1'));
			const everyone = [...editors, viewer];
			for (const c of everyone) c.connect();

			// The server removes the second item at some point, while editors may be typing in it.
			const removeAt = Math.floor(random() * 400);
			for (let step = 0; step < 400; step++) {
				if (step === removeAt) {
					const room = rooms.get('s1');
					room.doc.transact(
						() => removePlanItem(stepMap(room.doc, 'plan')!, 'item2'),
						SERVER_ORIGIN
					);
				}
				const c = everyone[Math.floor(random() * everyone.length)]!;
				const action = random();
				if (action < 0.3 && editors.includes(c)) {
					const kind = Math.floor(random() * 4);
					const text = [proposal(c.doc), goal(c.doc), goal(c.doc, 'item2')][kind % 3];
					const at = Math.floor(random() * ((text?.length ?? 0) + 1));
					if (!text) continue;
					if (kind === 3 && text.length > 0) text.delete(Math.min(at, text.length - 1), 1);
					else text.insert(at, String.fromCharCode(97 + (step % 26)));
				} else if (action < 0.65) c.deliverOutgoing();
				else if (action < 0.97) c.deliverIncoming();
				else if (c.peer) c.disconnect();
				else c.connect();
			}
			for (const c of everyone) if (!c.peer) c.connect();
			for (let round = 0; round < 3; round++) for (const c of everyone) c.flush();

			const serverState = stateOf(rooms.get('s1').doc);
			for (const c of everyone) expect(stateOf(c.doc)).toEqual(serverState);
			expect(storedState(store)).toEqual(serverState);
			expect(serverState).toMatchObject({ goal2: 'removed' });
			expect(proposal(rooms.get('s1').doc).length).toBeGreaterThan(0);
			// A race with the removal is not an attack: no editor was refused.
			for (const c of editors) expect(c.closedWith).toBeUndefined();
		}
	);

	it("never applies, stores or forwards a participant's update", () => {
		const { store, rooms, client } = setup();
		const editor = client(facilitator);
		const phone = client(participant('p1'));
		editor.connect();
		phone.connect();
		editor.flush();
		phone.flush();
		proposal(editor.doc).insert(0, 'Which option?');
		editor.flush();
		phone.flush();
		const storedBefore = store.loadUpdates('s1').length;
		editor.received = [];

		proposal(phone.doc).insert(0, 'forged ');
		const forged = encoding.createEncoder();
		encoding.writeVarUint(forged, MessageType.sync);
		syncProtocol.writeSyncStep2(forged, phone.doc, Y.encodeStateVector(new Y.Doc()));
		phone.sendRaw(encoding.toUint8Array(forged));
		phone.flush();
		editor.flush();

		expect(proposal(rooms.get('s1').doc).toString()).toBe('Which option?');
		expect(proposal(editor.doc).toString()).toBe('Which option?');
		expect(messageTypes(editor.received)).not.toContain('update');
		expect(store.loadUpdates('s1')).toHaveLength(storedBefore);
	});

	it('lets a facilitator edit through the socket and stores the edit', () => {
		const { store, rooms, client } = setup();
		const editor = client(facilitator);
		editor.connect();
		editor.flush();
		goal(editor.doc)!.insert(0, 'Concept jaarplan');
		editor.flush();
		expect(goal(rooms.get('s1').doc)!.toString()).toBe('Concept jaarplan');
		expect(storedState(store)).toMatchObject({ goal: 'Concept jaarplan' });
	});

	it("stamps a participant's presence and ignores presence it claims for another client", () => {
		const { rooms, client } = setup();
		const projector = client(screen);
		const phone = client(participant('p1'));
		const other = client(participant('p2'));
		projector.connect();
		other.awareness.setLocalState({ name: 'Bo' });
		other.connect();
		other.flush();
		phone.awareness.setLocalState({ role: 'facilitator', participant: 'p2' });
		phone.connect();
		phone.flush();

		// The phone now pretends to be the other phone, with a newer clock.
		const spoof = new awarenessProtocol.Awareness(new Y.Doc());
		spoof.clientID = other.doc.clientID;
		spoof.setLocalState({ role: 'facilitator' });
		spoof.setLocalState({ role: 'facilitator', participant: 'p1' });
		spoof.setLocalState({ role: 'facilitator', participant: 'p1', n: 3 });
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.awareness);
		encoding.writeVarUint8Array(
			encoder,
			awarenessProtocol.encodeAwarenessUpdate(spoof, [spoof.clientID])
		);
		phone.sendRaw(encoding.toUint8Array(encoder));
		phone.flush();
		projector.flush();

		const states = rooms.get('s1').awareness.getStates();
		expect(states.get(phone.doc.clientID)).toEqual({ role: 'participant', participant: 'p1' });
		expect(states.get(other.doc.clientID)).toEqual({ role: 'participant', participant: 'p2' });
		expect(projector.awareness.getStates().get(other.doc.clientID)).toEqual({
			role: 'participant',
			participant: 'p2'
		});
		spoof.destroy();
	});

	it('shows phones only their own presence, and shows everyone to the projector', () => {
		const { client } = setup();
		const projector = client(screen);
		const phones = [
			client(participant('p1')),
			client(participant('p2')),
			client(participant('p3'))
		];
		projector.connect();
		for (const phone of phones) phone.connect();
		for (const phone of phones) phone.flush();
		projector.flush();
		for (const phone of phones) phone.flush();

		const seenByProjector = [...projector.awareness.getStates().values()].filter(
			(s) => s.role === 'participant'
		);
		expect(seenByProjector).toHaveLength(3);
		for (const phone of phones) {
			const others = [...phone.awareness.getStates().keys()].filter(
				(id) => id !== phone.doc.clientID
			);
			expect(others).toEqual([]);
		}
		phones[0]!.disconnect();
		projector.flush();
		expect(
			[...projector.awareness.getStates().values()].filter((s) => s.role === 'participant')
		).toHaveLength(2);
	});

	it('sends the projector the presence of phones that renew together in one frame', () => {
		vi.useFakeTimers();
		try {
			const { client } = setup(100);
			const projector = client(screen);
			projector.connect();
			projector.flush();
			const phones = Array.from({ length: 20 }, (_, i) => client(participant(`p${i}`)));
			for (const phone of phones) {
				phone.connect();
				phone.flush();
			}
			vi.advanceTimersByTime(100);
			projector.flush();
			projector.received = [];
			// Every phone renews its presence at once, as phones that joined together do.
			for (const phone of phones) {
				phone.awareness.setLocalState(phone.awareness.getLocalState());
				phone.flush();
			}
			expect(messageTypes(projector.received)).toEqual([]);
			vi.advanceTimersByTime(100);
			projector.flush();
			expect(messageTypes(projector.received)).toEqual(['type 1']);
			const participants = [...projector.awareness.getStates().values()].filter(
				(s) => s.role === 'participant'
			);
			expect(participants).toHaveLength(20);
		} finally {
			vi.useRealTimers();
		}
	});

	it("echoes a phone's presence renewal back to it, so a quiet room still sends it something", () => {
		const { client } = setup();
		const phone = client(participant('p1'));
		phone.connect();
		phone.flush();
		phone.received = [];
		// What the client's awareness does every 15 seconds: renew its unchanged state.
		phone.awareness.setLocalState(phone.awareness.getLocalState());
		phone.flush();
		expect(messageTypes(phone.received)).toEqual(['type 1']);
	});

	it('shows a phone that reconnects with its unchanged presence again at once', async () => {
		const { client } = setup();
		const projector = client(screen);
		const phone = client(participant('p1'));
		projector.connect();
		phone.connect();
		phone.flush();
		projector.flush();
		const seen = () => projector.awareness.getStates().has(phone.doc.clientID);
		expect(seen()).toBe(true);

		phone.disconnect();
		projector.flush();
		expect(seen()).toBe(false);
		await Promise.resolve();
		// The stock client re-sends its state with the same clock when it reconnects.
		phone.connect();
		phone.flush();
		projector.flush();
		expect(seen()).toBe(true);
	});

	it("keeps the facilitators' document and the shared one on their own sockets", () => {
		const { rooms, client } = setup();
		const room = rooms.get('s1');
		const own = client(facilitator, 'private');
		const editor = client(facilitator);
		const phone = client(participant('p1'));
		for (const c of [own, editor, phone]) c.connect();
		for (const c of [own, editor, phone]) c.flush();
		for (const c of [own, editor, phone]) c.received = [];

		room.privateDoc.transact(() =>
			addParticipant(room.privateDoc, {
				id: 'p1',
				name: 'Anna Geheim',
				perspective: 'wethouder',
				joinedAt: 1
			})
		);
		proposal(editor.doc).insert(0, 'Voorstel');
		for (const c of [editor, own, phone]) c.flush();

		expect(readParticipants(own.doc).map((p) => p.name)).toEqual(['Anna Geheim']);
		expect(proposal(own.doc)).toBeUndefined();
		expect(proposal(phone.doc)?.toString()).toBe('Voorstel');
		const carries = (frame: Uint8Array) => Buffer.from(frame).includes('Anna Geheim');
		expect(own.received.some(carries)).toBe(true);
		for (const c of [editor, phone]) {
			expect(c.received.some(carries)).toBe(false);
			expect(readParticipants(c.doc)).toEqual([]);
		}
		// Nor does presence go there: a socket of that document hears only its own renewal.
		expect(messageTypes(own.received)).toEqual(['update']);
		own.received = [];
		own.awareness.setLocalState(own.awareness.getLocalState());
		own.flush();
		expect(messageTypes(own.received)).toEqual(['type 1']);
		expect(room.awareness.getStates().has(own.doc.clientID)).toBe(false);
	});

	it("drops what a facilitator writes into the facilitators' document", () => {
		const { store, rooms, client } = setup();
		const room = rooms.get('s1');
		const writer = client(facilitator, 'private');
		const other = client(facilitator, 'private');
		for (const c of [writer, other]) c.connect();
		for (const c of [writer, other]) c.flush();
		other.received = [];
		const storedBefore = store.loadUpdates('s1', 'private').length;

		writer.doc.getMap('participants').set('ghost', { name: 'Spook', perspective: '', joinedAt: 0 });
		writer.flush();
		other.flush();

		expect(room.privateDoc.getMap('participants').has('ghost')).toBe(false);
		expect(other.received).toEqual([]);
		expect(store.loadUpdates('s1', 'private')).toHaveLength(storedBefore);
		expect(writer.closedWith).toBeUndefined();
	});

	it('refuses malformed frames with a protocol error', () => {
		const { client } = setup();
		const phone = client(participant('p1'));
		phone.connect();
		phone.flush();
		for (const frame of [
			new Uint8Array([]),
			new Uint8Array([9]),
			new Uint8Array([0, 7, 0]),
			new Uint8Array([0, 0, 200]),
			new Uint8Array([1, 5, 1, 2])
		]) {
			phone.sendRaw(frame);
			expect(() => phone.deliverOutgoing()).toThrow(ProtocolError);
		}
	});

	it('compacts the stored log once it grows past the threshold, keeping the state', () => {
		const { store, client, rooms } = setup();
		const editor = client(facilitator);
		editor.connect();
		editor.flush();
		for (let i = 0; i < 60; i++) {
			proposal(editor.doc).insert(i, 'x');
			editor.flush();
		}
		expect(store.loadUpdates('s1').length).toBeLessThanOrEqual(26);
		expect(storedState(store)).toEqual(stateOf(rooms.get('s1').doc));
	});
});
