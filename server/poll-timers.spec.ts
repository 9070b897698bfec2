import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readPrivatePollTally } from '../src/lib/model/private-doc.ts';
import { addStep, readStep, setStepFields } from '../src/lib/model/steps.ts';
import { newPoll } from '../src/lib/kinds/poll/model.ts';
import { bornTemplate } from '../src/lib/model/templates.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { hashSecret } from './credentials.ts';
import { syncPollTimers } from './poll-timers.ts';
import { Rooms } from './rooms.ts';
import { openSqliteStore } from './store/sqlite.ts';

const cleanup: (() => void)[] = [];
beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	for (const fn of cleanup.splice(0)) fn();
	vi.useRealTimers();
});

function roomWithOpenPoll(endsAt: number) {
	const store = openSqliteStore(':memory:');
	store.createSession({
		id: 's',
		joinCode: 'ABC234',
		facilitatorKeyHash: hashSecret('f'),
		screenKeyHash: hashSecret('s'),
		createdAt: 0
	});
	const rooms = new Rooms(store, { compactAfter: 100, idleMs: 60_000 });
	cleanup.push(() => {
		rooms.closeAll(CloseCode.serverRestart, 'done');
		store.close();
	});
	const room = rooms.get('s');
	room.doc.transact(() => {
		addStep(room.doc, newPoll(bornTemplate, 'nl', 'p'));
		setStepFields(room.doc, 'p', { status: 'open', endsAt });
	});
	return { room, store };
}

describe('poll countdowns', () => {
	it('close the poll when the time is up, and store that', () => {
		const { room, store } = roomWithOpenPoll(Date.now() + 30_000);
		syncPollTimers(room);
		const stored = store.loadUpdates('s').length;
		vi.advanceTimersByTime(29_000);
		expect(readStep(room.doc, 'p')).toMatchObject({ status: 'open' });
		vi.advanceTimersByTime(1_000);
		expect(readStep(room.doc, 'p')).toMatchObject({ status: 'closed', endsAt: 0 });
		expect(store.loadUpdates('s').length).toBeGreaterThan(stored);
	});

	it('release the counts when the time is up, with the breakdown, as a facilitator’s close does', () => {
		const { room } = roomWithOpenPoll(Date.now() + 30_000);
		// Three ballots, none published yet: nothing of them shows before the countdown ends.
		room.ballots.put('p', 1, 'a', { choice: 'leernetwerk' }, Date.now(), 'wethouder');
		room.ballots.put('p', 1, 'b', { choice: 'facilitator' }, Date.now(), 'aanbieder');
		room.ballots.put('p', 1, 'c', { choice: 'leernetwerk' }, Date.now(), 'aanbieder');
		syncPollTimers(room);
		expect(readPrivatePollTally(room.privateDoc, room.doc, 'p')).toBeUndefined();
		vi.advanceTimersByTime(30_000);
		const tally = readPrivatePollTally(room.privateDoc, room.doc, 'p');
		expect(tally).toMatchObject({
			voters: 3,
			totals: { leernetwerk: 2, facilitator: 1 },
			byPerspective: {},
			merged: { perspectives: ['aanbieder', 'wethouder'], voters: 3 }
		});
		// The poll is hidden from the room: phones learn how many voted, nothing more.
		expect(readStep(room.doc, 'p')).toMatchObject({ status: 'closed', tally: { voters: 3 } });
		expect((readStep(room.doc, 'p') as { tally: object }).tally).not.toHaveProperty('totals');
	});

	it('close at once a poll whose time ran out while the server was down', () => {
		const { room } = roomWithOpenPoll(Date.now() - 1000);
		syncPollTimers(room);
		vi.advanceTimersByTime(0);
		expect(readStep(room.doc, 'p')).toMatchObject({ status: 'closed' });
	});

	it('leave a poll alone that a facilitator extended meanwhile', () => {
		const { room } = roomWithOpenPoll(Date.now() + 10_000);
		syncPollTimers(room);
		const later = Date.now() + 60_000;
		room.doc.transact(() => setStepFields(room.doc, 'p', { endsAt: later }));
		syncPollTimers(room);
		vi.advanceTimersByTime(30_000);
		expect(readStep(room.doc, 'p')).toMatchObject({ status: 'open', endsAt: later });
		vi.advanceTimersByTime(30_000);
		expect(readStep(room.doc, 'p')).toMatchObject({ status: 'closed' });
	});
});
