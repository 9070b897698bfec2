import { describe, expect, it, vi } from 'vitest';
import { readStep } from '../src/lib/model/steps.ts';
import type { DilemmaStep } from '../src/lib/model/types.ts';
import {
	api,
	createSession,
	joinSession,
	sessionClient,
	startTestServer
} from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';

async function setup() {
	const server = await startTestServer();
	const session = await createSession(server);
	const anna = await joinSession(server, session.joinCode, {
		name: 'Anna',
		perspective: 'wethouder'
	});
	const bo = await joinSession(server, session.joinCode, { perspective: 'aanbieder' });
	const cy = await joinSession(server, session.joinCode, { perspective: 'aanbieder' });
	const { send, facilitator, snapshot } = sessionClient(server, session);
	const board = async () => (await snapshot()).steps.find((s) => s.id === 'd') as DilemmaStep;
	await facilitator({ type: 'step.add', kind: 'dilemmas' }, 'd');
	const post = (
		who: { token: string },
		text: string,
		extra: Record<string, unknown> = {},
		id?: string
	) => send(who.token, { type: 'dilemma.post', stepId: 'd', text, ...extra }, id);
	return { server, session, anna, bo, cy, send, facilitator, board, post };
}

describe('posting dilemmas', () => {
	it('adds cards to the unsorted pile, anonymous unless the author shows a name', async () => {
		const { anna, bo, board, post } = await setup();
		await post(
			anna,
			'Sturen op resultaat, of ruimte voor regio’s?',
			{ poleA: 'Sturen', poleB: 'Ruimte', showName: true },
			'c1'
		);
		await post(bo, '<script>alert(1)</script> Snel of zorgvuldig?', {}, 'c2');
		await post(anna, 'Anoniem dit keer', { showName: false }, 'c3');
		const step = await board();
		expect(step.cards.map((c) => [c.id, c.cluster, c.author])).toEqual([
			['c1', 'unsorted', 'Anna'],
			['c2', 'unsorted', ''],
			['c3', 'unsorted', '']
		]);
		expect(step.cards[0]).toMatchObject({ poleA: 'Sturen', poleB: 'Ruimte' });
		// Stored as typed: the pages show it as text, never as markup.
		expect(step.cards[1]?.text).toBe('<script>alert(1)</script> Snel of zorgvuldig?');
	});

	it('refuses an empty or too long card, and posting once the facilitator locked it', async () => {
		const { anna, facilitator, board, post } = await setup();
		expect(await post(anna, '   ')).toMatchObject({ status: 400 });
		expect(await post(anna, 'x'.repeat(281))).toMatchObject({ status: 400 });
		await facilitator({ type: 'step.update', stepId: 'd', postingLocked: true });
		expect(await post(anna, 'Te laat')).toMatchObject({
			status: 409,
			error: { code: 'posting_locked' }
		});
		expect((await board()).cards).toEqual([]);
	});

	it('lets only the facilitator hide, edit and restore a card', async () => {
		const { server, session, anna, send, facilitator, board, post } = await setup();
		await post(anna, 'Scheldwoord', { poleA: 'Grof', showName: true }, 'c1');
		const phone = connectSync(server, session.id, anna.token);
		await phone.synced;
		const seen = () => (readStep(phone.doc, 'd') as DilemmaStep | undefined)?.cards[0];
		expect(
			await send(anna.token, { type: 'dilemma.hide', stepId: 'd', cardId: 'c1' })
		).toMatchObject({ status: 403 });
		await facilitator({ type: 'dilemma.hide', stepId: 'd', cardId: 'c1' });
		// The facilitator still reads the card; the room's document no longer holds its words.
		expect((await board()).cards[0]).toMatchObject({
			hidden: true,
			text: 'Scheldwoord',
			poleA: 'Grof',
			author: 'Anna'
		});
		await vi.waitFor(() =>
			expect(seen()).toMatchObject({ hidden: true, text: '', poleA: '', author: '' })
		);
		expect(JSON.stringify(phone.doc.toJSON())).not.toMatch(/Scheldwoord|Grof/);
		await facilitator({ type: 'dilemma.edit', stepId: 'd', cardId: 'c1', text: 'Netjes verwoord' });
		expect((await board()).cards[0]).toMatchObject({ hidden: true, text: 'Netjes verwoord' });
		expect(JSON.stringify(phone.doc.toJSON())).not.toContain('Netjes');
		await facilitator({ type: 'dilemma.restore', stepId: 'd', cardId: 'c1' });
		expect((await board()).cards[0]).toMatchObject({
			hidden: false,
			text: 'Netjes verwoord',
			poleA: 'Grof',
			author: 'Anna'
		});
		await vi.waitFor(() =>
			expect(seen()).toMatchObject({ hidden: false, text: 'Netjes verwoord' })
		);
	});
});

describe('sorting cards', () => {
	it('moves, stacks and unstacks; participants only when allowed', async () => {
		const { anna, send, facilitator, board, post } = await setup();
		for (const id of ['c1', 'c2', 'c3']) await post(anna, `Dilemma ${id}`, {}, id);
		const move = (who: string, cardId: string, clusterId: string, beforeCardId?: string) =>
			send(who, {
				type: 'card.move',
				stepId: 'd',
				cardId,
				clusterId,
				...(beforeCardId ? { beforeCardId } : {})
			});
		expect(await move(anna.token, 'c1', 'besturingsparadox')).toMatchObject({ status: 403 });
		await facilitator({
			type: 'card.move',
			stepId: 'd',
			cardId: 'c1',
			clusterId: 'besturingsparadox'
		});
		await facilitator({
			type: 'card.move',
			stepId: 'd',
			cardId: 'c2',
			clusterId: 'besturingsparadox',
			beforeCardId: 'c1'
		});
		await facilitator({ type: 'step.update', stepId: 'd', participantsMayMove: true });
		expect(await move(anna.token, 'c3', 'besturingsparadox')).toMatchObject({ status: 200 });
		await send(anna.token, { type: 'card.stack', stepId: 'd', cardId: 'c3', ontoCardId: 'c2' });
		let step = await board();
		expect(
			step.cards.filter((c) => c.cluster === 'besturingsparadox' && !c.stackedOn).map((c) => c.id)
		).toEqual(['c2', 'c1']);
		expect(step.cards.find((c) => c.id === 'c3')?.stackedOn).toBe('c2');
		await send(anna.token, { type: 'card.unstack', stepId: 'd', cardId: 'c3' });
		step = await board();
		expect(step.cards.filter((c) => c.cluster === 'besturingsparadox').map((c) => c.id)).toEqual([
			'c2',
			'c3',
			'c1'
		]);
		expect(await move(anna.token, 'c1', 'nope')).toMatchObject({
			status: 404,
			error: { code: 'cluster_not_found' }
		});
		expect(await move(anna.token, 'nope', 'unsorted')).toMatchObject({
			status: 404,
			error: { code: 'card_not_found' }
		});
	});

	it('adds, renames, reorders and removes clusters; removed clusters give their cards back', async () => {
		const { anna, facilitator, board, post } = await setup();
		await post(anna, 'Dilemma', {}, 'c1');
		await facilitator({ type: 'cluster.add', stepId: 'd', title: 'Financiën' }, 'fin');
		await facilitator({ type: 'cluster.update', stepId: 'd', clusterId: 'fin', title: 'Geld' });
		await facilitator({ type: 'cluster.move', stepId: 'd', clusterId: 'fin', index: 1 });
		await facilitator({ type: 'card.move', stepId: 'd', cardId: 'c1', clusterId: 'fin' });
		expect((await board()).clusters.slice(0, 2).map((c) => c.title)).toEqual([
			'Nog niet ingedeeld',
			'Geld'
		]);
		expect(
			await facilitator({ type: 'cluster.remove', stepId: 'd', clusterId: 'unsorted' })
		).toMatchObject({
			status: 422,
			error: { code: 'unsorted_stays' }
		});
		await facilitator({ type: 'cluster.remove', stepId: 'd', clusterId: 'fin' });
		const step = await board();
		expect(step.clusters.some((c) => c.id === 'fin')).toBe(false);
		expect(step.cards[0]?.cluster).toBe('unsorted');
	});
});

describe('dot voting', () => {
	it('enforces the dots per participant and per card, and counts them', async () => {
		const { server, session, anna, bo, cy, send, facilitator, board, post } = await setup();
		for (const id of ['c1', 'c2', 'c3']) await post(anna, `Dilemma ${id}`, {}, id);
		const dot = (who: { token: string }, cardId: string) =>
			send(who.token, { type: 'dots.place', stepId: 'd', cardId });
		expect(await dot(anna, 'c1')).toMatchObject({ status: 409, error: { code: 'dots_not_open' } });
		await facilitator({
			type: 'dots.open',
			stepId: 'd',
			perParticipant: 4,
			perCard: 2,
			visibility: 'live'
		});
		expect((await dot(anna, 'c1')).status).toBe(200);
		expect((await dot(anna, 'c1')).status).toBe(200);
		expect(await dot(anna, 'c1')).toMatchObject({ status: 422, error: { code: 'card_dot_limit' } });
		expect((await dot(anna, 'c2')).status).toBe(200);
		expect((await dot(anna, 'c3')).status).toBe(200);
		expect(await dot(anna, 'c3')).toMatchObject({ status: 422, error: { code: 'no_dots_left' } });
		await send(anna.token, { type: 'dots.remove', stepId: 'd', cardId: 'c2' });
		expect((await dot(anna, 'c3')).status).toBe(200);
		await dot(bo, 'c3');
		// Two people's dots: how many placed dots shows, where they put them does not.
		await expect.poll(async () => (await board()).dotTally).toEqual({ voters: 2 });
		await dot(cy, 'c2');
		await expect
			.poll(async () => (await board()).dotTally)
			.toEqual({ voters: 3, byCard: { c1: 2, c2: 1, c3: 3 } });
		const mine = await api<{ ballots: Record<string, unknown> }>(
			server,
			'GET',
			`/api/sessions/${session.id}/ballots`,
			{ credential: anna.token }
		);
		expect(mine.body.ballots.d).toEqual({ c1: 2, c3: 2 });
		await facilitator({ type: 'dots.close', stepId: 'd' });
		expect(await dot(bo, 'c1')).toMatchObject({ status: 409, error: { code: 'dots_closed' } });
	});

	it('keeps hidden dot counts from the phones until the reveal', async () => {
		const { server, session, anna, bo, cy, send, facilitator, board, post } = await setup();
		await post(anna, 'Dilemma', {}, 'c1');
		await post(anna, 'Nog een', {}, 'c2');
		await facilitator({ type: 'dots.open', stepId: 'd', visibility: 'hidden' });
		const phone = connectSync(server, session.id, anna.token);
		await phone.synced;
		for (const [who, cardId] of [
			[anna, 'c1'],
			[bo, 'c1'],
			[cy, 'c2']
		] as const) {
			await send(who.token, { type: 'dots.place', stepId: 'd', cardId });
		}
		const seen = () => (readStep(phone.doc, 'd') as DilemmaStep | undefined)?.dotTally;
		// While open, only how many placed dots, also for the facilitator; once closed the
		// facilitator sees where they went, the room not before the reveal.
		await expect.poll(async () => (await board()).dotTally).toEqual({ voters: 3 });
		await facilitator({ type: 'dots.close', stepId: 'd' });
		await expect
			.poll(async () => (await board()).dotTally)
			.toEqual({ voters: 3, byCard: { c1: 2, c2: 1 } });
		await vi.waitFor(() => expect(seen()).toEqual({ voters: 3 }));
		await facilitator({ type: 'dots.reveal', stepId: 'd' });
		await vi.waitFor(() => expect(seen()).toEqual({ voters: 3, byCard: { c1: 2, c2: 1 } }));
	});
});
