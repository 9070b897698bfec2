import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readPrivatePollTally } from '../src/lib/model/private-doc.ts';
import { readSnapshot } from '../src/lib/model/session-doc.ts';
import { readStep, stepMap } from '../src/lib/model/steps.ts';
import type { ConsentStep, PollStep, SessionSnapshot, Step } from '../src/lib/model/types.ts';
import { loopbackAddress } from '../tests/helpers/loopback.ts';
import {
	api,
	createSession,
	joinSession,
	sessionClient,
	startTestServer,
	type CreatedSession,
	type Joined
} from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';

/** 20 November 2026, 10:00 in Amsterdam: both runs happen "at" the same moments. */
const T = Date.UTC(2026, 10, 20, 9);

/**
 * One alderman and four providers. Who voted what must not show anywhere: swapping the
 * alderman's answers with a provider's must leave every view, document and export as it was.
 */
describe('one alderman and four providers voting', () => {
	// Only the clock is fake (sockets and timers are real): both runs get the same timestamps.
	beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: T }));
	afterEach(() => vi.useRealTimers());

	interface Views {
		/** What a phone's synced copy of the shared document reads as. */
		phone: string;
		/** The facilitator's snapshot. */
		snapshot: string;
		markdown?: string;
		csv?: string;
	}

	/**
	 * Runs a session on a server of its own: a live single-choice poll, then a consent round,
	 * answered as `answers` says (the alderman first), and returns what each audience gets
	 * while voting and at the end, with the session's own random ids and codes named alike.
	 */
	async function run(answers: {
		poll: string[];
		consent: [answer: string, reason?: string][];
	}): Promise<{ voting: Views; end: Views; alderman: unknown }> {
		vi.setSystemTime(T);
		const server = await startTestServer();
		const session = await createSession(server);
		const people: Joined[] = [];
		for (const [i, perspective] of [
			'wethouder',
			'aanbieder',
			'aanbieder',
			'aanbieder',
			'aanbieder'
		].entries()) {
			vi.setSystemTime(T + 1000 * (i + 1));
			people.push(await joinSession(server, session.joinCode, { perspective }, loopbackAddress(i)));
		}
		vi.setSystemTime(T + 60_000);
		const phone = connectSync(server, session.id, people[4]!.token, { from: loopbackAddress(4) });
		await phone.synced;
		const { send, facilitator, snapshot } = sessionClient(server, session);
		const step = async (id: string): Promise<Step | undefined> =>
			(await snapshot()).steps.find((s) => s.id === id);
		const canonical = (text: string): string => canonicalize(text, session, people);
		const views = async (exports: boolean): Promise<Views> => {
			const download = async (format: string) =>
				(
					await fetch(`${server.url}/api/sessions/${session.id}/export?format=${format}`, {
						headers: { Authorization: `Bearer ${session.facilitatorKey}` }
					})
				).text();
			return {
				phone: canonical(JSON.stringify(readSnapshot(phone.doc, session.id))),
				snapshot: canonical(JSON.stringify(await snapshot())),
				...(exports
					? { markdown: canonical(await download('md')), csv: canonical(await download('csv')) }
					: {})
			};
		};

		expect((await facilitator({ type: 'step.add', kind: 'poll' }, 'poll')).status).toBe(200);
		await facilitator({ type: 'step.update', stepId: 'poll', visibility: 'live' });
		await facilitator({ type: 'poll.open', stepId: 'poll' });
		for (const [i, choice] of answers.poll.entries()) {
			expect(
				(await send(people[i]!.token, { type: 'vote.cast', stepId: 'poll', choice })).status
			).toBe(200);
			// Each vote is published before the next comes: the same releases in both runs.
			await expect.poll(async () => ((await step('poll')) as PollStep).tally.voters).toBe(i + 1);
		}
		await vi.waitFor(() =>
			expect((readStep(phone.doc, 'poll') as PollStep | undefined)?.tally.voters).toBe(5)
		);
		const voting = await views(false);

		await facilitator({ type: 'poll.close', stepId: 'poll' });
		await facilitator({ type: 'step.add', kind: 'consent' }, 'consent');
		await facilitator({ type: 'consent.open', stepId: 'consent' });
		for (const [i, [answer, reason]] of answers.consent.entries()) {
			const answered = await send(people[i]!.token, {
				type: 'consent.respond',
				stepId: 'consent',
				answer,
				...(reason ? { reason } : {})
			});
			expect(answered.status).toBe(200);
			await expect
				.poll(async () => ((await step('consent')) as ConsentStep).rounds[0]?.tally.voters)
				.toBe(i + 1);
		}
		await facilitator({ type: 'consent.close', stepId: 'consent' });
		await vi.waitFor(() =>
			expect((readStep(phone.doc, 'consent') as ConsentStep | undefined)?.rounds[0]?.status).toBe(
				'closed'
			)
		);
		const own = await api<{ ballots: unknown }>(
			server,
			'GET',
			`/api/sessions/${session.id}/ballots`,
			{
				credential: people[0]!.token
			}
		);
		return { voting, end: await views(true), alderman: own.body.ballots };
	}

	it('swapping the alderman’s vote with one provider’s leaves every view, phone document and export identical', async () => {
		const rest = ['leernetwerk', 'facilitator', 'leernetwerk'];
		const consentRest: [string, string?][] = [
			['concern', 'Let op de kosten'],
			['consent'],
			['consent']
		];
		const first = await run({
			poll: ['bestuurlijk-hart', 'leernetwerk', ...rest],
			consent: [['objection', 'Te weinig mandaat'], ['consent'], ...consentRest]
		});
		const swapped = await run({
			poll: ['leernetwerk', 'bestuurlijk-hart', ...rest],
			consent: [['consent'], ['objection', 'Te weinig mandaat'], ...consentRest]
		});
		// The runs did differ: the alderman's own ballots, which only the alderman's phone reads.
		expect(swapped.alderman).not.toEqual(first.alderman);
		expect(first.alderman).toEqual({
			poll: { choice: 'bestuurlijk-hart' },
			consent: { answer: 'objection', reason: 'Te weinig mandaat' }
		});
		for (const moment of ['voting', 'end'] as const) {
			expect(swapped[moment].phone, `${moment}: phone`).toBe(first[moment].phone);
			expect(swapped[moment].snapshot, `${moment}: snapshot`).toBe(first[moment].snapshot);
		}
		expect(swapped.end.markdown).toBe(first.end.markdown);
		expect(swapped.end.csv).toBe(first.end.csv);

		// And what they show is the result, merged: no group of one alderman anywhere.
		const end = JSON.parse(first.end.snapshot) as SessionSnapshot;
		const poll = end.steps.find((s) => s.id === 'poll') as PollStep;
		expect(poll.tally).toMatchObject({
			voters: 5,
			totals: { leernetwerk: 3, facilitator: 1, 'bestuurlijk-hart': 1 },
			byPerspective: {},
			merged: { perspectives: ['aanbieder', 'wethouder'], voters: 5 }
		});
		const round = (end.steps.find((s) => s.id === 'consent') as ConsentStep).rounds[0]!;
		expect(round.tally).toMatchObject({
			counts: { consent: 3, concern: 1, objection: 1 },
			byPerspective: {},
			merged: { perspectives: ['aanbieder', 'wethouder'] }
		});
		expect(round.reasons).toEqual([
			{ answer: 'concern', text: 'Let op de kosten' },
			{ answer: 'objection', text: 'Te weinig mandaat' }
		]);
		expect(first.end.markdown).toContain('Te weinig mandaat');
	});
});

/** A run's text with its session id, join code and participant ids named by their role. */
function canonicalize(text: string, session: CreatedSession, people: Joined[]): string {
	let out = text.replaceAll(session.id, '<session>').replaceAll(session.joinCode, '<code>');
	for (const [i, person] of people.entries()) out = out.replaceAll(person.participantId, `<p${i}>`);
	return out;
}

/** What of a document a change can touch that matters here, each part as JSON. */
function parts(doc: Y.Doc): Record<'record' | 'count', string> {
	const steps = doc.getMap<unknown>('steps');
	const counts: unknown[] = [];
	steps.forEach((step) => {
		if (!(step instanceof Y.Map)) return;
		counts.push(step.get('tally'), step.get('dotTally'));
		const rounds: unknown = step.get('rounds');
		if (rounds instanceof Y.Array) {
			for (const round of rounds.toArray()) {
				if (round instanceof Y.Map) counts.push(round.get('tally'), round.get('reasons'));
			}
		}
	});
	return {
		// Who someone is: the facilitators' participant records, or the room's counts of them.
		record: JSON.stringify([
			doc.getMap('participants').toJSON(),
			doc.getMap<unknown>('meta').get('participation') ?? null
		]),
		// What anyone voted: a tally published in the shared document or released to the
		// facilitators' one.
		count: JSON.stringify([counts, doc.getMap('results').toJSON()])
	};
}

/** Every update a client's document receives from the server from now on. */
function recordUpdates(client: { doc: Y.Doc; provider: object }): {
	updates: Uint8Array[];
	start: Uint8Array;
} {
	const recorded = { updates: [] as Uint8Array[], start: Y.encodeStateAsUpdate(client.doc) };
	client.doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin === client.provider) recorded.updates.push(update);
	});
	return recorded;
}

/** Applies the updates one by one to a copy of the start: what each of them changed. */
function whatEachChanged(recorded: { updates: Uint8Array[]; start: Uint8Array }): string[][] {
	const scratch = new Y.Doc();
	Y.applyUpdate(scratch, recorded.start);
	return recorded.updates.map((update) => {
		const before = parts(scratch);
		Y.applyUpdate(scratch, update);
		const after = parts(scratch);
		return (['record', 'count'] as const).filter((part) => before[part] !== after[part]);
	});
}

describe('a perspective change', () => {
	async function setup(privacy?: { open: boolean; threshold: number }) {
		const server = await startTestServer();
		const session = await createSession(server);
		const { send, facilitator, snapshot } = sessionClient(server, session);
		if (privacy) await facilitator({ type: 'session.privacy', ...privacy });
		const people: Joined[] = [];
		for (const perspective of ['wethouder', 'wethouder', 'aanbieder', 'aanbieder', 'aanbieder']) {
			people.push(await joinSession(server, session.joinCode, { perspective }));
		}
		const shared = connectSync(server, session.id, session.facilitatorKey);
		const own = connectSync(server, session.id, session.facilitatorKey, { channel: 'private' });
		await Promise.all([shared.synced, own.synced]);
		await facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
		await facilitator({ type: 'step.update', stepId: 'poll', visibility: 'live' });
		await facilitator({ type: 'poll.open', stepId: 'poll' });
		const tally = async () =>
			((await snapshot()).steps.find((s) => s.id === 'poll') as PollStep).tally;
		const vote = (i: number, choice: string) =>
			send(people[i]!.token, { type: 'vote.cast', stepId: 'poll', choice });
		return { people, send, tally, vote, shared, own };
	}

	it('never travels in one update with a count: after it, no single update carries both the participant’s record and a count', async () => {
		const { people, send, tally, vote, shared, own } = await setup();
		for (const i of [0, 1, 2]) await vote(i, 'leernetwerk');
		await expect.poll(async () => (await tally()).totals?.leernetwerk).toBe(3);
		// Two more votes: the room sees how many voted, not yet what (two people are too few).
		await vote(3, 'facilitator');
		await vote(4, 'facilitator');
		await expect.poll(async () => (await tally()).voters).toBe(5);
		expect((await tally()).totals?.facilitator).toBe(0);

		const updates = [recordUpdates(shared), recordUpdates(own)];
		// The first alderman becomes a provider: their vote moves with them. That changes no count
		// the room sees while the poll is open (no breakdown yet), so it is no third change...
		expect(
			(
				await send(people[0]!.token, {
					type: 'participant.update',
					perspective: 'aanbieder'
				})
			).status
		).toBe(200);
		await vi.waitFor(() =>
			expect(readSnapshot(shared.doc, '').counts.byPerspective.wethouder).toBe(1)
		);
		// ...but a vote is: it releases the counts, in an update of its own.
		await vote(2, 'facilitator');
		await expect.poll(async () => (await tally()).totals?.facilitator).toBe(3);
		await vi.waitFor(() =>
			expect(readPrivatePollTally(own.doc, shared.doc, 'poll')?.totals?.facilitator).toBe(3)
		);

		const [sharedChanges, ownChanges] = updates.map(whatEachChanged);
		for (const changes of [sharedChanges!, ownChanges!]) {
			// Both happened, each in an update of its own...
			expect(changes.some((c) => c.includes('record'))).toBe(true);
			expect(changes.some((c) => c.includes('count'))).toBe(true);
			// ...and never together.
			expect(changes.filter((c) => c.length > 1)).toEqual([]);
		}
	});

	it('never travels with the breakdown it moves either, with open voting', async () => {
		const { people, send, tally, vote, shared, own } = await setup({ open: true, threshold: 3 });
		for (const [i, choice] of ['bestuurlijk-hart', 'leernetwerk', 'leernetwerk'].entries()) {
			await vote(i, choice);
		}
		await expect.poll(async () => (await tally()).byPerspective?.wethouder?.voters).toBe(2);

		const updates = [recordUpdates(shared), recordUpdates(own)];
		await send(people[0]!.token, { type: 'participant.update', perspective: 'gi' });
		// With open voting the breakdown shows while the poll is open, and the vote moved.
		await expect
			.poll(async () => (await tally()).byPerspective?.gi?.totals?.['bestuurlijk-hart'])
			.toBe(1);
		await vi.waitFor(() =>
			expect(
				(readStep(shared.doc, 'poll') as PollStep | undefined)?.tally.byPerspective?.gi?.voters
			).toBe(1)
		);
		await vi.waitFor(() => expect(readSnapshot(shared.doc, '').counts.byPerspective.gi).toBe(1));

		const [sharedChanges, ownChanges] = updates.map(whatEachChanged);
		for (const changes of [sharedChanges!, ownChanges!]) {
			expect(changes.some((c) => c.includes('record'))).toBe(true);
			expect(changes.some((c) => c.includes('count'))).toBe(true);
			expect(changes.filter((c) => c.length > 1)).toEqual([]);
		}
	});
});

describe('reasons of a consent round', () => {
	/** The round's map in a client's copy of the shared document. */
	const roundMap = (doc: Y.Doc): Y.Map<unknown> | undefined => {
		const rounds = stepMap(doc, 'c')?.get('rounds');
		const round: unknown = rounds instanceof Y.Array ? rounds.get(0) : undefined;
		return round instanceof Y.Map ? round : undefined;
	};

	/** Three people answer with a reason each, in the order given; then the round closes. */
	async function answerInOrder(server: { url: string }, order: number[]) {
		const session = await createSession(server);
		const { send, facilitator } = sessionClient(server, session);
		const people: Joined[] = [];
		for (const perspective of ['wethouder', 'aanbieder', 'gi']) {
			people.push(await joinSession(server, session.joinCode, { perspective }));
		}
		await facilitator({ type: 'step.add', kind: 'consent' }, 'c');
		await facilitator({ type: 'consent.open', stepId: 'c' });
		// Code points order these Z, e, É; a locale would order them otherwise.
		const reasons = ['Zorg om de kosten', 'ervaring telt mee', 'Één regio ontbreekt'];
		for (const i of order) {
			const answer = i === 1 ? 'objection' : 'concern';
			expect(
				(
					await send(people[i]!.token, {
						type: 'consent.respond',
						stepId: 'c',
						answer,
						reason: reasons[i]
					})
				).status
			).toBe(200);
		}
		await facilitator({ type: 'consent.close', stepId: 'c' });
		// Someone who joins afterwards syncs the document as it is now.
		const late = await joinSession(server, session.joinCode, { perspective: 'onderwijs' });
		const phone = connectSync(server, session.id, late.token);
		await phone.synced;
		await vi.waitFor(() => expect(roundMap(phone.doc)?.get('status')).toBe('closed'));
		return roundMap(phone.doc)!;
	}

	it('written in order a, b, c and in order c, b, a produce byte-identical published values', async () => {
		const server = await startTestServer();
		const forward = await answerInOrder(server, [0, 1, 2]);
		const backward = await answerInOrder(server, [2, 1, 0]);
		expect(JSON.stringify(backward.get('reasons'))).toBe(JSON.stringify(forward.get('reasons')));
		expect(JSON.stringify(backward.toJSON())).toBe(JSON.stringify(forward.toJSON()));
		expect(forward.get('reasons')).toEqual([
			{ answer: 'concern', text: 'Zorg om de kosten' },
			{ answer: 'concern', text: 'Één regio ontbreekt' },
			{ answer: 'objection', text: 'ervaring telt mee' }
		]);
		for (const round of [forward, backward]) {
			// One value, set whole: no key per reason, nothing whose id or clock says who came first.
			expect(Array.isArray(round.get('reasons'))).toBe(true);
			expect([...round.keys()].sort()).toEqual([
				'number',
				'proposal',
				'reasons',
				'status',
				'tally'
			]);
			for (const value of round.values()) expect(value).not.toBeInstanceOf(Y.AbstractType);
		}
	});
});
