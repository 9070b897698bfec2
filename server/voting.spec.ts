import { describe, expect, it, vi } from 'vitest';
import { readStep } from '../src/lib/model/steps.ts';
import type { ConsentStep, PollStep, SessionSnapshot } from '../src/lib/model/types.ts';
import {
	api,
	createSession,
	joinSession,
	sessionClient,
	startTestServer
} from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';

let counter = 0;
const nextId = (): string => `poll-${++counter}`;

async function setup(perspectives = ['wethouder', 'aanbieder', 'onderwijs']) {
	const server = await startTestServer();
	const session = await createSession(server);
	const phones = [];
	for (const perspective of perspectives) {
		phones.push(await joinSession(server, session.joinCode, { perspective }));
	}
	const { send, facilitator, snapshot } = sessionClient(server, session);
	const poll = async (id: string) => (await snapshot()).steps.find((s) => s.id === id) as PollStep;
	const addPoll = async (settings: Record<string, unknown> = {}) => {
		const id = nextId();
		expect((await facilitator({ type: 'step.add', kind: 'poll' }, id)).status).toBe(200);
		if (Object.keys(settings).length > 0) {
			expect((await facilitator({ type: 'step.update', stepId: id, ...settings })).status).toBe(
				200
			);
		}
		return id;
	};
	return { server, session, phones, send, facilitator, snapshot, poll, addPoll };
}

describe('steps', () => {
	it('are added from the template, edited, reordered, activated and removed', async () => {
		const { facilitator, snapshot } = await setup([]);
		await facilitator({ type: 'step.add', kind: 'poll' }, 'poll-1');
		await facilitator({ type: 'step.add', kind: 'poll', optionSet: 'governance' }, 'poll-2');
		await facilitator({ type: 'step.add', kind: 'consent' }, 'consent-1');
		let steps = (await snapshot()).steps;
		expect(steps.map((s) => s.id)).toEqual(['poll-1', 'poll-2', 'consent-1']);
		const first = steps[0] as PollStep;
		expect(first.options.map((o) => o.title)).toEqual([
			'Ontmoetingsplaats',
			'Leernetwerk',
			'Facilitator',
			'Bestuurlijk hart'
		]);
		expect(first.options[1]?.description).toMatch(/leren/);
		expect((steps[1] as PollStep).options.map((o) => o.id)).toEqual([
			'gedeeld',
			'leidende-organisatie',
			'netwerkorganisatie'
		]);

		await facilitator({
			type: 'step.update',
			stepId: 'poll-1',
			title: 'Nu of straks',
			mode: 'nowDesired'
		});
		await facilitator({ type: 'step.move', stepId: 'consent-1', index: 0 });
		await facilitator({ type: 'step.activate', stepId: 'poll-1' });
		await facilitator({ type: 'step.remove', stepId: 'poll-2' });
		const after = await snapshot();
		expect(after.steps.map((s) => s.id)).toEqual(['consent-1', 'poll-1']);
		expect(after.steps[1]).toMatchObject({ title: 'Nu of straks', mode: 'nowDesired' });
		expect(after.currentStep).toBe('poll-1');

		await facilitator({ type: 'step.remove', stepId: 'poll-1' });
		steps = (await snapshot()).steps;
		expect((await snapshot()).currentStep).toBe('');
		expect(steps).toHaveLength(1);
	});

	it.each([
		['an unknown step', { type: 'step.activate', stepId: 'nope' }, 404, 'step_not_found'],
		[
			'an unknown option set',
			{ type: 'step.add', kind: 'poll', optionSet: 'nope' },
			422,
			'unknown_option_set'
		],
		[
			'poll fields on a consent step',
			{ type: 'step.update', stepId: 'c', question: 'x' },
			422,
			'not_a_poll'
		],
		[
			'duplicate option ids',
			{
				type: 'step.update',
				stepId: 'p',
				options: [
					{ id: 'a', title: 'A' },
					{ id: 'a', title: 'B' }
				]
			},
			422,
			'duplicate_option'
		],
		[
			'a single option',
			{ type: 'step.update', stepId: 'p', options: [{ id: 'a', title: 'A' }] },
			400,
			'invalid_intent'
		]
	])('refuse %s and change nothing', async (_label, body, status, code) => {
		const { facilitator, snapshot } = await setup([]);
		await facilitator({ type: 'step.add', kind: 'poll' }, 'p');
		await facilitator({ type: 'step.add', kind: 'consent' }, 'c');
		const before = await snapshot();
		const answer = await facilitator(body);
		expect(answer.status).toBe(status);
		expect(answer.error?.code).toBe(code);
		expect(await snapshot()).toEqual(before);
	});

	it('may only be changed by a facilitator', async () => {
		const { send, phones, snapshot } = await setup(['gi']);
		const before = await snapshot();
		for (const body of [
			{ type: 'step.add', kind: 'poll' },
			{ type: 'poll.open', stepId: 'x' },
			{ type: 'step.activate', stepId: '' },
			{ type: 'consent.nextRound', stepId: 'x' }
		]) {
			const answer = await send(phones[0]!.token, body);
			expect(answer.status).toBe(403);
			expect(answer.error?.code).toBe('forbidden');
		}
		expect(await snapshot()).toEqual(before);
	});
});

describe('a single-choice poll', () => {
	it('counts a changed vote once, also when a phone retries, and breaks it down once closed', async () => {
		const { send, facilitator, phones, poll, addPoll } = await setup([
			'wethouder',
			'wethouder',
			'wethouder',
			'onderwijs',
			'onderwijs',
			'onderwijs',
			'aanbieder'
		]);
		const id = await addPoll({ visibility: 'live' });
		expect((await facilitator({ type: 'poll.open', stepId: id })).status).toBe(200);
		const choices = [
			'bestuurlijk-hart',
			'bestuurlijk-hart',
			'leernetwerk',
			'leernetwerk',
			'leernetwerk',
			'leernetwerk',
			'ontmoetingsplaats'
		];
		for (const [i, choice] of choices.entries()) {
			expect((await send(phones[i]!.token, { type: 'vote.cast', stepId: id, choice })).status).toBe(
				200
			);
		}
		// A school changes its mind; the phone then retries that same intent.
		const school = phones[5]!;
		const changed = await send(
			school.token,
			{ type: 'vote.cast', stepId: id, choice: 'facilitator' },
			'change-1'
		);
		const retry = await send(
			school.token,
			{ type: 'vote.cast', stepId: id, choice: 'facilitator' },
			'change-1'
		);
		expect(changed).toMatchObject({ status: 200, ok: true });
		expect(retry).toMatchObject({ status: 200, ok: true, duplicate: true });
		// While the poll is open the room sees totals at most, never a breakdown.
		await expect.poll(async () => (await poll(id)).tally.voters).toBe(7);
		expect((await poll(id)).tally).not.toHaveProperty('byPerspective');
		expect((await poll(id)).tally).not.toHaveProperty('merged');

		await facilitator({ type: 'poll.close', stepId: id });
		const { tally } = await poll(id);
		expect(tally.voters).toBe(7);
		expect(tally.totals).toEqual({
			ontmoetingsplaats: 1,
			leernetwerk: 3,
			facilitator: 1,
			'bestuurlijk-hart': 2
		});
		// The aldermen are three: shown. The one provider is not, and is merged with the schools
		// (three, before the aldermen by id), so the merged group is three or more as well.
		expect(tally.byPerspective).toEqual({
			wethouder: {
				voters: 3,
				totals: { ontmoetingsplaats: 0, leernetwerk: 1, facilitator: 0, 'bestuurlijk-hart': 2 }
			}
		});
		expect(tally.merged).toEqual({
			perspectives: ['aanbieder', 'onderwijs'],
			voters: 4,
			totals: { ontmoetingsplaats: 1, leernetwerk: 2, facilitator: 1, 'bestuurlijk-hart': 0 }
		});
	});

	it('keeps hidden results away from every phone until the reveal', async () => {
		const { server, session, send, facilitator, phones, poll, addPoll } = await setup();
		const id = await addPoll({ visibility: 'hidden' });
		await facilitator({ type: 'poll.open', stepId: id });
		const phoneDoc = connectSync(server, session.id, phones[0]!.token);
		await phoneDoc.synced;
		await send(phones[0]!.token, { type: 'vote.cast', stepId: id, choice: 'leernetwerk' });
		await send(phones[1]!.token, { type: 'vote.cast', stepId: id, choice: 'leernetwerk' });
		await send(phones[2]!.token, { type: 'vote.cast', stepId: id, choice: 'facilitator' });
		const seen = () => readStep(phoneDoc.doc, id) as PollStep | undefined;
		// While open, phones and the facilitator know only how many voted: no option, no perspective.
		await vi.waitFor(() => expect(seen()?.tally).toEqual({ voters: 3 }));
		expect((await poll(id)).tally).toEqual({ voters: 3 });
		// Nothing in the phone's copy of the document says who voted what.
		expect(JSON.stringify(phoneDoc.doc.toJSON())).not.toContain(phones[0]!.participantId + '"');
		expect(JSON.stringify(phoneDoc.doc.toJSON())).not.toMatch(/"choice"|leernetwerk":2/);

		await facilitator({ type: 'poll.close', stepId: id });
		// Closed: the facilitator has the counts, the room not yet.
		expect((await poll(id)).tally.totals).toMatchObject({ leernetwerk: 2, facilitator: 1 });
		expect(seen()?.tally.totals).toBeUndefined();
		await facilitator({ type: 'poll.reveal', stepId: id });
		await vi.waitFor(() => expect(seen()?.tally.totals?.leernetwerk).toBe(2));
		// Three people of three perspectives: no group of one is shown, only all of them merged.
		expect(seen()?.tally.byPerspective).toEqual({});
		expect(seen()?.tally.merged).toMatchObject({
			perspectives: ['aanbieder', 'onderwijs', 'wethouder'],
			voters: 3
		});
	});

	it('refuses votes for unknown options (422), before opening and after closing (409)', async () => {
		const { send, facilitator, phones, poll, addPoll } = await setup(['gi']);
		const id = await addPoll();
		const token = phones[0]!.token;
		expect(
			await send(token, { type: 'vote.cast', stepId: id, choice: 'leernetwerk' })
		).toMatchObject({
			status: 409,
			error: { code: 'poll_not_open' }
		});
		await facilitator({ type: 'poll.open', stepId: id });
		expect(await send(token, { type: 'vote.cast', stepId: id, choice: 'koning' })).toMatchObject({
			status: 422,
			error: { code: 'unknown_option' }
		});
		expect(
			await send(token, {
				type: 'vote.cast',
				stepId: id,
				choice: 'leernetwerk',
				now: 'facilitator'
			})
		).toMatchObject({ status: 422, error: { code: 'wrong_ballot' } });
		expect(
			await send(token, { type: 'vote.cast', stepId: 'nope', choice: 'leernetwerk' })
		).toMatchObject({
			status: 404,
			error: { code: 'step_not_found' }
		});
		await facilitator({ type: 'poll.close', stepId: id });
		expect(
			await send(token, { type: 'vote.cast', stepId: id, choice: 'leernetwerk' })
		).toMatchObject({
			status: 409,
			error: { code: 'poll_closed' }
		});
		expect((await poll(id)).tally.voters).toBe(0);
	});

	it('is reset to a fresh round: ballots gone, options editable again', async () => {
		const { send, facilitator, phones, poll, addPoll } = await setup(['gi']);
		const id = await addPoll();
		await facilitator({ type: 'poll.open', stepId: id });
		await send(phones[0]!.token, { type: 'vote.cast', stepId: id, choice: 'leernetwerk' });
		const options = [
			{ id: 'ja', title: 'Ja' },
			{ id: 'nee', title: 'Nee' }
		];
		expect(await facilitator({ type: 'step.update', stepId: id, options })).toMatchObject({
			status: 409,
			error: { code: 'poll_has_votes' }
		});
		await facilitator({ type: 'poll.reset', stepId: id });
		expect(await poll(id)).toMatchObject({ status: 'draft', round: 2, tally: { voters: 0 } });
		expect((await facilitator({ type: 'step.update', stepId: id, options })).status).toBe(200);
		expect((await poll(id)).options).toEqual([
			{ id: 'ja', title: 'Ja', description: '' },
			{ id: 'nee', title: 'Nee', description: '' }
		]);
	});
});

describe('a points poll and a now-vs-desired poll', () => {
	it('refuses more points than the budget and adds up the rest', async () => {
		const { send, facilitator, phones, poll, addPoll } = await setup([
			'wethouder',
			'aanbieder',
			'gi'
		]);
		const id = await addPoll({ mode: 'points', budget: 10, visibility: 'live' });
		await facilitator({ type: 'poll.open', stepId: id });
		const [first, second, third] = phones.map((p) => p.token);
		expect(
			await send(first!, {
				type: 'vote.cast',
				stepId: id,
				points: { leernetwerk: 8, facilitator: 3 }
			})
		).toMatchObject({ status: 422, error: { code: 'over_budget' } });
		expect(
			(
				await send(first!, {
					type: 'vote.cast',
					stepId: id,
					points: { leernetwerk: 7, facilitator: 3 }
				})
			).status
		).toBe(200);
		// One person's points are that person's vote: they do not show on their own.
		await expect.poll(async () => (await poll(id)).tally).toEqual({ voters: 1 });
		await send(second!, {
			type: 'vote.cast',
			stepId: id,
			points: { leernetwerk: 5, 'bestuurlijk-hart': 5 }
		});
		await send(third!, { type: 'vote.cast', stepId: id, points: { facilitator: 10 } });
		await expect
			.poll(async () => (await poll(id)).tally.totals)
			.toEqual({ ontmoetingsplaats: 0, leernetwerk: 12, facilitator: 13, 'bestuurlijk-hart': 5 });
	});

	it('keeps both answers of a now-vs-desired ballot', async () => {
		const { send, facilitator, phones, poll, addPoll } = await setup([
			'aanbieder',
			'aanbieder',
			'aanbieder',
			'wethouder',
			'gi',
			'onderwijs'
		]);
		const id = await addPoll({ mode: 'nowDesired' });
		await facilitator({ type: 'poll.open', stepId: id });
		const desired = ['facilitator', 'facilitator', 'bestuurlijk-hart', 'bestuurlijk-hart'];
		for (const [i, phone] of phones.entries()) {
			await send(phone.token, {
				type: 'vote.cast',
				stepId: id,
				now: i < 3 ? 'ontmoetingsplaats' : 'leernetwerk',
				desired: desired[i] ?? 'leernetwerk'
			});
		}
		await facilitator({ type: 'poll.close', stepId: id });
		const { tally } = await poll(id);
		expect(tally.now).toMatchObject({ ontmoetingsplaats: 3, leernetwerk: 3 });
		expect(tally.desired).toMatchObject({
			facilitator: 2,
			'bestuurlijk-hart': 2,
			leernetwerk: 2
		});
		expect(tally.byPerspective?.aanbieder?.desired).toMatchObject({
			facilitator: 2,
			'bestuurlijk-hart': 1
		});
		// Three perspectives of one each: together they are a group that may show.
		expect(tally.merged).toMatchObject({
			perspectives: ['gi', 'onderwijs', 'wethouder'],
			voters: 3,
			now: { leernetwerk: 3 },
			desired: { 'bestuurlijk-hart': 1, leernetwerk: 2 }
		});
	});
});

describe('a phone', () => {
	it('gets its own current ballots back, and only its own', async () => {
		const { server, session, send, facilitator, phones, addPoll } = await setup(['gi', 'anders']);
		const id = await addPoll();
		await facilitator({ type: 'poll.open', stepId: id });
		await send(phones[0]!.token, { type: 'vote.cast', stepId: id, choice: 'facilitator' });
		const mine = await api<{ ballots: Record<string, unknown> }>(
			server,
			'GET',
			`/api/sessions/${session.id}/ballots`,
			{
				credential: phones[0]!.token
			}
		);
		expect(mine.body.ballots).toEqual({ [id]: { choice: 'facilitator' } });
		const other = await api<{ ballots: Record<string, unknown> }>(
			server,
			'GET',
			`/api/sessions/${session.id}/ballots`,
			{
				credential: phones[1]!.token
			}
		);
		expect(other.body.ballots).toEqual({});
		expect(
			(
				await api(server, 'GET', `/api/sessions/${session.id}/ballots`, {
					credential: session.facilitatorKey
				})
			).status
		).toBe(403);
	});
});

describe('a consent round', () => {
	it('requires a reason for an objection, keeps rounds, and publishes reasons anonymously', async () => {
		const { server, session, send, facilitator, phones, snapshot } = await setup([
			'wethouder',
			'aanbieder',
			'gi'
		]);
		await facilitator({ type: 'step.add', kind: 'consent' }, 'c');
		const respond = (i: number, answer: string, reason?: string) =>
			send(phones[i]!.token, {
				type: 'consent.respond',
				stepId: 'c',
				answer,
				...(reason === undefined ? {} : { reason })
			});
		expect(await respond(0, 'consent')).toMatchObject({
			status: 409,
			error: { code: 'round_closed' }
		});
		await facilitator({ type: 'consent.open', stepId: 'c' });
		expect(await respond(0, 'objection', '  ')).toMatchObject({
			status: 422,
			error: { code: 'reason_required' }
		});
		await respond(0, 'objection', 'Het mandaat is onduidelijk');
		await respond(1, 'consent');
		await respond(2, 'concern', 'Let op de kosten');

		const phoneDoc = connectSync(server, session.id, phones[1]!.token);
		await phoneDoc.synced;
		const round1 = () => (readStep(phoneDoc.doc, 'c') as ConsentStep).rounds[0]!;
		// Counts are published as soon as the room can take them: the phone sees the last answers
		// shortly after.
		await expect
			.poll(() => round1().tally.counts)
			.toEqual({ consent: 1, concern: 1, objection: 1 });
		expect(round1().reasons).toEqual([
			{ answer: 'concern', text: 'Let op de kosten' },
			{ answer: 'objection', text: 'Het mandaat is onduidelijk' }
		]);
		expect(JSON.stringify(phoneDoc.doc.toJSON())).not.toContain(
			`"${phones[0]!.participantId}":{"answer`
		);

		// The objector withdraws the reason by consenting; the reason disappears with it.
		await respond(0, 'concern', 'Mandaat later uitwerken');
		await facilitator({ type: 'consent.nextRound', stepId: 'c' });
		await respond(0, 'consent');
		await respond(1, 'consent');
		await facilitator({ type: 'consent.close', stepId: 'c' });
		expect(await respond(2, 'consent')).toMatchObject({
			status: 409,
			error: { code: 'round_closed' }
		});

		const step = (await snapshot()).steps.find((s) => s.id === 'c') as ConsentStep;
		expect(
			step.rounds.map((r) => [r.number, r.status, r.tally.voters, r.tally.counts.objection])
		).toEqual([
			[1, 'closed', 3, 0],
			[2, 'closed', 2, 0]
		]);
		// Two answers are too few to show: the second round counts, and so decides, nothing.
		expect(step.rounds[1]!.tally.counts).toEqual({ consent: 0, concern: 0, objection: 0 });
		expect(step.rounds[1]!.reasons).toEqual([]);
		expect(step.rounds[0]!.reasons).toEqual([
			{ answer: 'concern', text: 'Let op de kosten' },
			{ answer: 'concern', text: 'Mandaat later uitwerken' }
		]);
	});
});

describe('a countdown', () => {
	it('is stored with the poll and survives a restart', async () => {
		const { server, facilitator, poll, addPoll, session } = await setup([]);
		const id = await addPoll();
		const before = Date.now();
		await facilitator({ type: 'poll.open', stepId: id, durationSec: 60 });
		const { endsAt } = await poll(id);
		expect(endsAt).toBeGreaterThanOrEqual(before + 60_000);
		expect(endsAt).toBeLessThan(Date.now() + 61_000);
		const restarted = await server.restart();
		const again = await api<SessionSnapshot>(
			restarted,
			'GET',
			`/api/sessions/${session.id}/snapshot`,
			{
				credential: session.facilitatorKey
			}
		);
		expect(again.body.steps[0]).toMatchObject({ status: 'open', endsAt });
	});
});
