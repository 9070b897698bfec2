import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addStep, readStep, setStepFields } from '../src/lib/model/steps.ts';
import { newPoll } from '../src/lib/kinds/poll/model.ts';
import { bornTemplate } from '../src/lib/model/templates.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { hashSecret } from './credentials.ts';
import { SERVER_ORIGIN } from './origins.ts';
import { createPeer, type Peer } from './peer.ts';
import { syncPollTimers } from './poll-timers.ts';
import { RoomUnavailable, Rooms } from './rooms.ts';
import { openSqliteStore } from './store/sqlite.ts';
import type { Store } from './store/types.ts';

const cleanup: (() => void)[] = [];
beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	for (const fn of cleanup.splice(0).reverse()) fn();
	vi.useRealTimers();
});

/** A store whose appends fail for the sessions in `failing` (a full disk, say). */
function setup(options: { maxRooms?: number } = {}) {
	const base = openSqliteStore(':memory:');
	const failing = new Set<string>();
	let loads = 0;
	const store: Store = {
		...base,
		loadUpdates(id, channel) {
			if (channel !== 'private') loads++;
			return base.loadUpdates(id, channel);
		},
		appendUpdate(id, update, channel) {
			if (failing.has(id)) throw new Error('disk full');
			return base.appendUpdate(id, update, channel);
		}
	};
	for (const id of ['s1', 's2', 's3']) {
		store.createSession({
			id,
			joinCode: `CODE${id}AA`,
			facilitatorKeyHash: hashSecret('f'),
			screenKeyHash: hashSecret('s'),
			createdAt: 0
		});
	}
	const log: string[] = [];
	const rooms = new Rooms(store, {
		compactAfter: 500,
		idleMs: 60_000,

		maxRooms: options.maxRooms,
		log: (message) => log.push(message)
	});
	cleanup.push(() => {
		rooms.closeAll(CloseCode.serverRestart, 'test over');
		base.close();
	});
	/** A connected peer that records how it was closed. */
	const connect = (sessionId: string): { peer: Peer; closed: number[] } => {
		const closed: number[] = [];
		const peer = createPeer(
			{ send: () => {}, close: (code) => closed.push(code) },
			{ role: 'screen', key: 'screen' }
		);
		rooms.join(rooms.get(sessionId), peer);
		return { peer, closed };
	};
	return { store, rooms, failing, log, connect, loads: () => loads };
}

function openPollEndingIn(rooms: Rooms, sessionId: string, ms: number): void {
	const room = rooms.get(sessionId);
	room.doc.transact(() => {
		addStep(room.doc, newPoll(bornTemplate, 'nl', 'poll'));
		setStepFields(room.doc, 'poll', { status: 'open', endsAt: Date.now() + ms });
	}, SERVER_ORIGIN);
	syncPollTimers(room);
}

describe('a room that fails', () => {
	it('fails alone: a countdown that cannot be saved closes its own peers, not the others', () => {
		const { rooms, failing, log, connect } = setup();
		openPollEndingIn(rooms, 's1', 1000);
		openPollEndingIn(rooms, 's2', 1000);
		const first = connect('s1');
		const second = connect('s2');
		failing.add('s1');

		vi.advanceTimersByTime(1000);

		expect(first.closed).toEqual([CloseCode.roomFailed]);
		expect(second.closed).toEqual([]);
		expect(rooms.peek('s1')).toBeUndefined();
		expect(readStep(rooms.get('s2').doc, 'poll')).toMatchObject({ status: 'closed' });
		expect(log).toContain('room failed in poll timer; its peers are disconnected');
	});

	it('stays unloaded for a while, then loads again from what was stored', () => {
		const { rooms, failing, connect } = setup();
		openPollEndingIn(rooms, 's1', 1000);
		connect('s1');
		failing.add('s1');
		vi.advanceTimersByTime(1000);

		const refusal = (() => {
			try {
				rooms.get('s1');
			} catch (error) {
				return error;
			}
		})();
		expect(refusal).toBeInstanceOf(RoomUnavailable);
		expect((refusal as RoomUnavailable).status).toBe(503);
		expect((refusal as RoomUnavailable).headers['Retry-After']).toBe('5');

		failing.delete('s1');
		vi.advanceTimersByTime(5000);
		// The change that could not be stored is not there; the countdown, stored, closes it now.
		const room = rooms.get('s1');
		vi.advanceTimersByTime(0);
		expect(readStep(room.doc, 'poll')).toMatchObject({ status: 'closed' });
	});

	it('that cannot even be loaded is refused, and not loaded again at every request', () => {
		const { store, rooms, log, loads } = setup();
		store.appendUpdate('s1', new Uint8Array([1, 200, 7, 255, 3]));
		expect(() => rooms.get('s1')).toThrow(RoomUnavailable);
		const tried = loads();
		for (let i = 0; i < 10; i++) expect(() => rooms.get('s1')).toThrow(RoomUnavailable);
		expect(loads()).toBe(tried);
		expect(log).toContain('room failed to load; its session is quarantined');
		expect(rooms.get('s2').id).toBe('s2');
	});
});

describe('the number of live rooms', () => {
	it('is capped: idle rooms make way, rooms in use do not', () => {
		const { rooms, connect } = setup({ maxRooms: 2 });
		connect('s1');
		rooms.get('s2');
		expect(rooms.get('s3').id).toBe('s3');
		expect(rooms.peek('s2')).toBeUndefined();
		connect('s3');
		expect(() => rooms.get('s2')).toThrow(/server is full/);
	});
});
