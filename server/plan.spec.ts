import { describe, expect, it } from 'vitest';
import { headlineOf } from '../src/lib/model/outcome.ts';
import { readStep } from '../src/lib/model/steps.ts';
import type { DilemmaStep, PlanStep, SessionSnapshot } from '../src/lib/model/types.ts';
import {
	api,
	createSession,
	joinSession,
	sessionClient,
	startTestServer
} from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';

/**
 * A session with dilemmas dotted while the dots are hidden: three cards in the steering paradox
 * in the board order c1, c2, c3, then c3 stacked on c1 as a duplicate. By the dots, c2 (3) comes
 * before c1 with its stack (2): the room does not know that yet.
 */
async function setup() {
	const server = await startTestServer();
	const session = await createSession(server);
	const anna = await joinSession(server, session.joinCode, { perspective: 'wethouder' });
	const bo = await joinSession(server, session.joinCode, { perspective: 'aanbieder' });
	const cy = await joinSession(server, session.joinCode, { perspective: 'aanbieder' });
	const { send, facilitator, snapshot } = sessionClient(server, session);
	const plan = async () => (await snapshot()).steps.find((s) => s.kind === 'plan') as PlanStep;

	await facilitator({ type: 'step.add', kind: 'dilemmas' }, 'd');
	for (const [id, text] of [
		['c1', 'Sturen op resultaat of ruimte voor regio’s?'],
		['c2', 'Snel besluiten of iedereen meenemen?'],
		['c3', 'Sturen of ruimte laten (dubbel)']
	] as const) {
		await send(anna.token, { type: 'dilemma.post', stepId: 'd', text }, id);
		await facilitator({
			type: 'card.move',
			stepId: 'd',
			cardId: id,
			clusterId: 'besturingsparadox'
		});
	}
	await facilitator({ type: 'dots.open', stepId: 'd', visibility: 'hidden' });
	for (const [who, card] of [
		[anna, 'c2'],
		[anna, 'c1'],
		[bo, 'c2'],
		[bo, 'c3'],
		[cy, 'c2']
	] as const) {
		await send(who.token, { type: 'dots.place', stepId: 'd', cardId: card });
	}
	// Three people placed dots; once closed the facilitator sees them (the room does not, while
	// hidden; and while open not even the facilitator, who could time a close to one tap).
	const board = async () => (await snapshot()).steps.find((s) => s.id === 'd') as DilemmaStep;
	await expect.poll(async () => (await board()).dotTally).toEqual({ voters: 3 });
	await facilitator({ type: 'dots.close', stepId: 'd' });
	await expect
		.poll(async () => (await board()).dotTally)
		.toEqual({ voters: 3, byCard: { c1: 1, c2: 3, c3: 1 } });
	// A duplicate found after the dots: its dots count with the card it is stacked on.
	await facilitator({ type: 'card.stack', stepId: 'd', cardId: 'c3', ontoCardId: 'c1' });
	await facilitator({ type: 'step.add', kind: 'plan' }, 'plan');
	return { server, session, anna, bo, cy, send, facilitator, snapshot, plan };
}

describe('the year-plan step', () => {
	it('starts empty, for the coming year, with the template’s regions; one per session', async () => {
		const { facilitator, plan } = await setup();
		const step = await plan();
		expect(step).toMatchObject({ title: 'Jaarplan', items: [], pollId: '', consentId: '' });
		expect(step.year).toBeGreaterThanOrEqual(new Date().getUTCFullYear());
		expect(step.regions).toHaveLength(9);
		expect(step.regions.map((r) => r.label)).toContain('Zaanstreek-Waterland');
		expect(await facilitator({ type: 'step.add', kind: 'plan' })).toMatchObject({
			status: 409,
			error: { code: 'plan_exists' }
		});
	});

	it('makes an item from a card (with its stack) and one from a whole cluster, ranked once the dots show', async () => {
		const { server, session, anna, facilitator, plan } = await setup();
		const phone = connectSync(server, session.id, anna.token);
		await phone.synced;
		await facilitator(
			{ type: 'item.add', stepId: 'plan', source: { stepId: 'd', cardId: 'c1' } },
			'from-card'
		);
		await facilitator(
			{ type: 'item.add', stepId: 'plan', source: { stepId: 'd', clusterId: 'besturingsparadox' } },
			'from-cluster'
		);
		await facilitator({ type: 'item.add', stepId: 'plan' }, 'blank');
		const [card, cluster, blank] = (await plan()).items;
		expect(card).toMatchObject({
			id: 'from-card',
			theme: 'Sturen op resultaat of ruimte voor regio’s?',
			goal: '',
			status: 'plan',
			quarters: [],
			source: {
				stepId: 'd',
				clusterId: 'besturingsparadox',
				cluster: 'Besturingsparadox',
				cardIds: ['c1', 'c3']
			}
		});
		// The dots are hidden: an item says neither how many a dilemma got nor, by its order,
		// which got more. Every phone syncs the plan.
		expect(card?.source).not.toHaveProperty('dots');
		expect(cluster).toMatchObject({
			theme: 'Besturingsparadox',
			source: { cardIds: ['c1', 'c2'] }
		});
		expect(cluster?.source).not.toHaveProperty('dots');
		expect(cluster?.source?.dilemmas).toEqual([
			'Sturen op resultaat of ruimte voor regio’s?',
			'Snel besluiten of iedereen meenemen?'
		]);
		expect(blank?.theme).toBe('');
		expect(blank?.source).toBeUndefined();
		const phonePlan = () => readStep(phone.doc, 'plan') as PlanStep | undefined;
		await expect.poll(() => phonePlan()?.items.length).toBe(3);
		expect(JSON.stringify(phonePlan()?.items)).not.toContain('"dots"');

		// Once the dots show, the items get theirs; what they were made from stays as it was.
		await facilitator({ type: 'dots.reveal', stepId: 'd' });
		const revealed = (await plan()).items;
		expect(revealed[0]?.source).toMatchObject({ cardIds: ['c1', 'c3'], dots: 2 });
		expect(revealed[1]?.source).toMatchObject({ cardIds: ['c1', 'c2'], dots: 5 });
		await expect.poll(() => phonePlan()?.items[1]?.source?.dots).toBe(5);
		// An item made now ranks the cluster's dilemmas by their dots.
		await facilitator(
			{ type: 'item.add', stepId: 'plan', source: { stepId: 'd', clusterId: 'besturingsparadox' } },
			'ranked'
		);
		expect((await plan()).items[3]?.source).toMatchObject({ cardIds: ['c2', 'c1'], dots: 5 });
	});

	it('patches quarters and regions per key, so concurrent changes all survive', async () => {
		const { facilitator, plan } = await setup();
		await facilitator({ type: 'item.add', stepId: 'plan' }, 'x');
		// Two facilitators tick different quarters and regions at the same moment.
		await Promise.all([
			facilitator({ type: 'item.update', stepId: 'plan', itemId: 'x', quarters: { q3: true } }),
			facilitator({ type: 'item.update', stepId: 'plan', itemId: 'x', quarters: { q1: true } }),
			facilitator({ type: 'item.update', stepId: 'plan', itemId: 'x', regions: { ijmond: false } }),
			facilitator({
				type: 'item.update',
				stepId: 'plan',
				itemId: 'x',
				regions: { 'west-friesland': false },
				intensity: 3,
				scale: 'bovenregionaal',
				status: 'do'
			})
		]);
		expect((await plan()).items[0]).toMatchObject({
			quarters: ['q1', 'q3'],
			optedOut: ['ijmond', 'west-friesland'],
			intensity: 3,
			scale: 'bovenregionaal',
			status: 'do'
		});
		await facilitator({
			type: 'item.update',
			stepId: 'plan',
			itemId: 'x',
			quarters: { q1: false },
			regions: { ijmond: true }
		});
		expect((await plan()).items[0]).toMatchObject({
			quarters: ['q3'],
			optedOut: ['west-friesland']
		});
	});

	it('reorders and removes items', async () => {
		const { facilitator, plan } = await setup();
		for (const id of ['a', 'b', 'c']) await facilitator({ type: 'item.add', stepId: 'plan' }, id);
		await facilitator({ type: 'item.move', stepId: 'plan', itemId: 'c', index: 0 });
		await facilitator({ type: 'item.remove', stepId: 'plan', itemId: 'a' });
		expect((await plan()).items.map((i) => i.id)).toEqual(['c', 'b']);
	});

	it('names the poll and consent step whose outcome heads the plan, and the year', async () => {
		const { facilitator, plan } = await setup();
		await facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
		await facilitator({ type: 'step.update', stepId: 'plan', pollId: 'poll', year: 2031 });
		expect(await plan()).toMatchObject({ pollId: 'poll', year: 2031 });
		expect(
			await facilitator({ type: 'step.update', stepId: 'plan', consentId: 'poll' })
		).toMatchObject({ status: 422, error: { code: 'not_a_consent_round' } });
		expect(await facilitator({ type: 'step.update', stepId: 'd', year: 2030 })).toMatchObject({
			status: 422,
			error: { code: 'not_a_plan' }
		});
	});

	it('refuses bad item intents with a clear code and changes nothing', async () => {
		const { anna, send, facilitator, snapshot } = await setup();
		await facilitator({ type: 'item.add', stepId: 'plan' }, 'x');
		const before = await snapshot();
		const cases: [Record<string, unknown>, number, string][] = [
			[{ type: 'item.add', stepId: 'plan', source: { stepId: 'd' } }, 422, 'invalid_source'],
			[
				{ type: 'item.add', stepId: 'plan', source: { stepId: 'd', cardId: 'c1', clusterId: 'x' } },
				422,
				'invalid_source'
			],
			[
				{ type: 'item.add', stepId: 'plan', source: { stepId: 'd', cardId: 'nope' } },
				404,
				'card_not_found'
			],
			[
				{ type: 'item.add', stepId: 'plan', source: { stepId: 'plan', cardId: 'c1' } },
				422,
				'not_a_dilemma_step'
			],
			[{ type: 'item.add', stepId: 'd' }, 422, 'not_a_plan'],
			[
				{ type: 'item.update', stepId: 'plan', itemId: 'nope', intensity: 2 },
				404,
				'item_not_found'
			],
			[{ type: 'item.update', stepId: 'plan', itemId: 'x', intensity: 5 }, 400, 'invalid_intent'],
			[{ type: 'item.update', stepId: 'plan', itemId: 'x', scale: 'land' }, 400, 'invalid_intent'],
			[
				{ type: 'item.update', stepId: 'plan', itemId: 'x', quarters: { q5: true } },
				400,
				'invalid_intent'
			],
			[
				{ type: 'item.update', stepId: 'plan', itemId: 'x', regions: { texel: false } },
				422,
				'unknown_region'
			],
			[{ type: 'item.remove', stepId: 'plan', itemId: 'nope' }, 404, 'item_not_found']
		];
		for (const [body, status, code] of cases) {
			expect(await facilitator(body), JSON.stringify(body)).toMatchObject({
				status,
				error: { code }
			});
		}
		expect(await send(anna.token, { type: 'item.add', stepId: 'plan' })).toMatchObject({
			status: 403
		});
		expect(await snapshot()).toEqual(before);
	});
});

describe('exporting the draft year plan', () => {
	async function download(
		server: { url: string },
		sessionId: string,
		query: string,
		credential?: string
	) {
		const response = await fetch(`${server.url}/api/sessions/${sessionId}/export?${query}`, {
			headers: credential ? { Authorization: `Bearer ${credential}` } : {}
		});
		return { response, body: Buffer.from(await response.arrayBuffer()) };
	}

	it('downloads Word, Markdown and CSV files named after the session', async () => {
		const { server, session, facilitator } = await setup();
		await facilitator(
			{ type: 'item.add', stepId: 'plan', source: { stepId: 'd', cardId: 'c1' } },
			'x'
		);
		const day = new Date().toISOString().slice(0, 10);
		const docx = await download(server, session.id, 'format=docx', session.facilitatorKey);
		expect(docx.response.status).toBe(200);
		expect(docx.response.headers.get('content-type')).toContain('wordprocessingml');
		expect(docx.response.headers.get('content-disposition')).toBe(
			`attachment; filename="concept-jaarplan-leersessie-1-${day}.docx"`
		);
		// A .docx is a zip archive.
		expect(docx.body.subarray(0, 2).toString()).toBe('PK');
		expect(docx.body.length).toBeGreaterThan(5000);

		const md = await download(server, session.id, 'format=md', session.facilitatorKey);
		expect(md.response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
		const markdown = md.body.toString('utf8');
		expect(markdown).toMatch(/^# Concept jaarplan \d{4}\n/);
		expect(markdown).toContain('| 1 | Sturen op resultaat of ruimte voor regio’s? |');

		const csv = await download(server, session.id, 'format=csv&lang=en', session.facilitatorKey);
		const text = csv.body.toString('utf8');
		expect(text.startsWith('\uFEFFNo.;Theme;Goal;')).toBe(true);
		expect(text.trimEnd().split('\r\n')).toHaveLength(2);
		expect(csv.response.headers.get('content-disposition')).toContain('draft-year-plan-');
	});

	it('is for the facilitator only, and refuses an unknown format', async () => {
		const { server, session, anna } = await setup();
		expect((await download(server, session.id, 'format=md')).response.status).toBe(401);
		expect((await download(server, session.id, 'format=md', anna.token)).response.status).toBe(403);
		for (const query of ['format=odt', '', 'format=md&lang=de', 'format=md&extra=1']) {
			const { response, body } = await download(server, session.id, query, session.facilitatorKey);
			expect(response.status, query).toBe(400);
			expect(JSON.parse(body.toString())).toMatchObject({ error: { code: 'invalid_request' } });
		}
	});
});

describe('the next session in a series', () => {
	it('starts from this one’s outcome, clusters and plan, with its own code and key', async () => {
		const { server, session, anna, bo, cy, send, facilitator, snapshot } = await setup();
		await facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
		await facilitator({ type: 'poll.open', stepId: 'poll' });
		for (const [who, choice] of [
			[anna, 'leernetwerk'],
			[bo, 'leernetwerk'],
			[cy, 'facilitator']
		] as const) {
			await send(who.token, { type: 'vote.cast', stepId: 'poll', choice });
		}
		await facilitator({ type: 'poll.close', stepId: 'poll' });
		await facilitator({ type: 'poll.reveal', stepId: 'poll' });
		await facilitator({ type: 'dilemma.hide', stepId: 'd', cardId: 'c2' });
		await facilitator(
			{ type: 'item.add', stepId: 'plan', source: { stepId: 'd', cardId: 'c1' } },
			'x'
		);
		await facilitator({ type: 'item.update', stepId: 'plan', itemId: 'x', quarters: { q2: true } });
		const before = await snapshot();

		const created = await api<{ id: string; joinCode: string; facilitatorKey: string }>(
			server,
			'POST',
			`/api/sessions/${session.id}/next`,
			{ credential: session.facilitatorKey, body: { title: 'Leersessie 3' } }
		);
		expect(created.status).toBe(201);
		const next = created.body;
		expect(next.id).not.toBe(session.id);
		expect(next.joinCode).not.toBe(session.joinCode);

		const read = (credential: string) =>
			api<SessionSnapshot>(server, 'GET', `/api/sessions/${next.id}/snapshot`, { credential });
		expect((await read(session.facilitatorKey)).status).toBe(401);
		const carried = (await read(next.facilitatorKey)).body;
		expect(carried).toMatchObject({ title: 'Leersessie 3', participants: [], currentStep: '' });
		expect(carried.previous).toMatchObject({
			id: session.id,
			title: 'Leersessie 1',
			outcome: { poll: { stepId: 'poll', leading: ['leernetwerk'] } }
		});
		// The template's agenda, with this session's board and plan in place of fresh ones.
		expect(carried.steps.map((s) => s.kind)).toEqual(['poll', 'consent', 'dilemmas', 'plan']);
		expect(carried.steps.slice(2).map((s) => s.id)).toEqual(['d', 'plan']);
		expect(carried.steps[0]).toMatchObject({ status: 'draft', tally: { voters: 0 } });
		expect(carried.steps[1]).toMatchObject({ rounds: [] });
		const board = carried.steps[2] as DilemmaStep;
		const oldBoard = before.steps.find((s) => s.id === 'd') as DilemmaStep;
		expect(board.clusters).toEqual(oldBoard.clusters);
		// Hidden cards stay behind, their words too; dots start over.
		expect(board.cards.map((c) => c.id)).toEqual(['c1', 'c3']);
		expect(JSON.stringify(carried)).not.toContain('Snel besluiten');
		expect(board.dotTally).toEqual({ voters: 0, byCard: {} });
		expect(board.dots.status).toBe('draft');
		const plan = carried.steps[3] as PlanStep;
		expect(plan.items).toEqual((before.steps.find((s) => s.kind === 'plan') as PlanStep).items);
		// The earlier session is unchanged.
		expect(await snapshot()).toEqual(before);
	});

	it('leaves behind what the room never saw: a poll whose counts stayed hidden', async () => {
		const { server, session, anna, bo, cy, send, facilitator, snapshot } = await setup();
		await facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
		await facilitator({ type: 'poll.open', stepId: 'poll' });
		for (const who of [anna, bo, cy]) {
			await send(who.token, { type: 'vote.cast', stepId: 'poll', choice: 'facilitator' });
		}
		await facilitator({ type: 'poll.close', stepId: 'poll' });
		await facilitator(
			{ type: 'item.add', stepId: 'plan', source: { stepId: 'd', clusterId: 'besturingsparadox' } },
			'x'
		);
		// The facilitator has the counts; the room never did.
		const own = (await snapshot()).steps.find((s) => s.id === 'poll');
		expect(own).toMatchObject({ tally: { voters: 3, totals: { facilitator: 3 } } });

		const created = await api<{ id: string; facilitatorKey: string }>(
			server,
			'POST',
			`/api/sessions/${session.id}/next`,
			{ credential: session.facilitatorKey, body: { title: 'Leersessie 3' } }
		);
		const carried = (
			await api<SessionSnapshot>(server, 'GET', `/api/sessions/${created.body.id}/snapshot`, {
				credential: created.body.facilitatorKey
			})
		).body;
		expect(carried.previous?.outcome.poll).toBeUndefined();
		// The dots were never shown either: the item keeps the board's order, and no dots.
		const plan = carried.steps.find((s) => s.kind === 'plan') as PlanStep;
		expect(plan.items[0]?.source).toMatchObject({ cardIds: ['c1', 'c2'] });
		expect(plan.items[0]?.source).not.toHaveProperty('dots');
	});

	/**
	 * A room that chose its positioning, then asked "which form of governance do we have?": the
	 * later poll must not become the positioning the next session starts from.
	 */
	async function decidedThenGovernance() {
		const context = await setup();
		const { anna, bo, cy, send, facilitator } = context;
		const vote = async (stepId: string, choices: string[]) => {
			await facilitator({ type: 'poll.open', stepId });
			for (const [i, who] of [anna, bo, cy].entries()) {
				await send(who.token, { type: 'vote.cast', stepId, choice: choices[i] });
			}
			await facilitator({ type: 'poll.close', stepId });
			await facilitator({ type: 'poll.reveal', stepId });
		};
		await facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
		await vote('poll', ['leernetwerk', 'leernetwerk', 'facilitator']);
		await facilitator({ type: 'step.add', kind: 'consent' }, 'consent');
		await facilitator({ type: 'consent.open', stepId: 'consent' });
		for (const who of [anna, bo, cy]) {
			await send(who.token, { type: 'consent.respond', stepId: 'consent', answer: 'consent' });
		}
		await facilitator({ type: 'consent.close', stepId: 'consent' });
		await facilitator({ type: 'step.add', kind: 'poll', optionSet: 'governance' }, 'governance');
		await vote('governance', ['netwerkorganisatie', 'netwerkorganisatie', 'gedeeld']);
		return context;
	}

	async function next(server: { url: string }, session: { id: string; facilitatorKey: string }) {
		const created = await api<{ id: string; facilitatorKey: string }>(
			server,
			'POST',
			`/api/sessions/${session.id}/next`,
			{ credential: session.facilitatorKey, body: { title: 'Leersessie 2' } }
		);
		expect(created.status).toBe(201);
		const credential = created.body.facilitatorKey;
		const path = `/api/sessions/${created.body.id}`;
		return {
			snapshot: (await api<SessionSnapshot>(server, 'GET', `${path}/snapshot`, { credential }))
				.body,
			markdown: async () => {
				const response = await fetch(`${server.url}${path}/export?format=md`, {
					headers: { Authorization: `Bearer ${credential}` }
				});
				return response.text();
			}
		};
	}

	it('carries the decided positioning, not a later governance poll, and says where it came from', async () => {
		const { server, session } = await decidedThenGovernance();
		const { snapshot, markdown } = await next(server, session);
		const outcome = snapshot.previous?.outcome;
		expect(outcome).toMatchObject({
			lead: 'consent',
			poll: { stepId: 'poll', leading: ['leernetwerk'] },
			consent: { stepId: 'consent', round: 1, consented: true }
		});
		expect(headlineOf(outcome!)).toMatchObject({
			source: 'consent',
			title: 'Consentronde',
			round: 1,
			text: 'BORN positioneert zich als …'
		});
		const report = await markdown();
		const earlier = report.slice(report.indexOf('### Uitkomst van de vorige sessie'));
		expect(earlier).toContain(
			'**Positionering: BORN positioneert zich als …**\n\nUit consentronde 1 van ‘Consentronde’'
		);
		expect(earlier).not.toContain('Netwerkorganisatie');
	});

	it('carries the poll the facilitator picked for the plan, and names it', async () => {
		const { server, session, facilitator } = await decidedThenGovernance();
		await facilitator({ type: 'step.update', stepId: 'plan', pollId: 'governance' });
		const { snapshot, markdown } = await next(server, session);
		const outcome = snapshot.previous?.outcome;
		expect(outcome).toMatchObject({ lead: 'poll', poll: { stepId: 'governance' } });
		expect(headlineOf(outcome!)).toEqual({
			source: 'poll',
			stepId: 'governance',
			title: 'Netwerksturing',
			options: ['Netwerkorganisatie']
		});
		expect(await markdown()).toContain(
			'**Positionering: Netwerkorganisatie**\n\nUit de stemming ‘Netwerksturing’'
		);
	});
});
