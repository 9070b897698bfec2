import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { readPrivateRankingTally } from '../../../src/lib/kinds/ranking/model.ts';
import type { RankingStep } from '../../../src/lib/kinds/ranking/types.ts';
import { readCurrentStepId, readStep } from '../../../src/lib/model/steps.ts';
import { inProcessSession } from '../../../tests/helpers/in-process.ts';
import {
	api,
	createSession,
	joinSession,
	sessionClient,
	startTestServer
} from '../../../tests/helpers/test-server.ts';

const ITEMS = [
	{ id: 'preventie', title: 'Preventie en vroegsignalering' },
	{ id: 'wachtlijst', title: 'Wachtlijsten terugdringen' },
	{ id: 'inkoop', title: 'Gezamenlijke inkoop' }
];

/** A session with a ranking `r` of three items, and a way to have people rank. */
function setup(options: { visibility?: 'live' | 'hidden' } = {}) {
	const core = inProcessSession();
	expect(core.facilitator({ type: 'step.add', kind: 'ranking' }, 'r')).toEqual({ status: 200 });
	expect(
		core.facilitator({
			type: 'ranking.update',
			stepId: 'r',
			items: ITEMS,
			visibility: options.visibility ?? 'hidden'
		})
	).toEqual({ status: 200 });
	const step = (): RankingStep => readStep(core.room().doc, 'r') as RankingStep;
	const own = () => readPrivateRankingTally(core.room().privateDoc, core.room().doc, 'r');
	const person = (perspective?: string) => {
		const { actor } = core.join(perspective ? { perspective } : {});
		return (order: string[]) => core.send(actor, { type: 'ranking.submit', stepId: 'r', order });
	};
	return { core, step, own, person };
}

const rankAll = (people: ((order: string[]) => unknown)[], order: string[]) => {
	for (const rank of people) expect(rank(order)).toEqual({ status: 200 });
};

describe('a ranking step', () => {
	it('is added empty, or with the template’s options when asked; an unknown set is refused', () => {
		const core = inProcessSession();
		core.facilitator({ type: 'step.add', kind: 'ranking' }, 'empty');
		expect(readStep(core.room().doc, 'empty')).toMatchObject({ title: 'Rangorde', items: [] });
		core.facilitator({ type: 'step.add', kind: 'ranking', optionSet: 'positioning' }, 'pos');
		expect((readStep(core.room().doc, 'pos') as RankingStep).items.map((i) => i.id)).toEqual([
			'ontmoetingsplaats',
			'leernetwerk',
			'facilitator',
			'bestuurlijk-hart'
		]);
		expect(
			core.facilitator({ type: 'step.add', kind: 'ranking', optionSet: 'zodiac' }, 'odd')
		).toEqual({ status: 422, code: 'unknown_option_set' });
		expect(readStep(core.room().doc, 'odd')).toBeUndefined();
	});

	it('opens only with at least two items, and refuses intents for a step of another kind', () => {
		const core = inProcessSession();
		core.facilitator({ type: 'step.add', kind: 'ranking' }, 'r');
		core.facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
		expect(core.facilitator({ type: 'ranking.open', stepId: 'r' })).toEqual({
			status: 409,
			code: 'ranking_needs_items'
		});
		expect(core.facilitator({ type: 'ranking.open', stepId: 'poll' })).toEqual({
			status: 422,
			code: 'not_a_ranking'
		});
		expect(
			core.facilitator({ type: 'ranking.update', stepId: 'r', items: [ITEMS[0]] })
		).toMatchObject({ status: 400 });
		expect(
			core.facilitator({ type: 'ranking.update', stepId: 'r', items: [ITEMS[0], ITEMS[0]] })
		).toEqual({ status: 422, code: 'duplicate_item' });
		expect(
			core.facilitator({
				type: 'ranking.update',
				stepId: 'r',
				items: [{ id: 'a', title: 'x'.repeat(141) }, ITEMS[1]]
			})
		).toMatchObject({ status: 400 });
	});

	it('takes an order only while open, with every item exactly once', () => {
		const { core, step, person } = setup();
		const rank = person('wethouder');
		expect(rank(['inkoop', 'preventie', 'wachtlijst'])).toEqual({
			status: 409,
			code: 'ranking_not_open'
		});
		core.facilitator({ type: 'ranking.open', stepId: 'r' });
		expect(core.facilitator({ type: 'ranking.open', stepId: 'r' })).toEqual({
			status: 409,
			code: 'ranking_open'
		});
		for (const wrong of [
			['inkoop', 'preventie'],
			['inkoop', 'inkoop', 'preventie'],
			['inkoop', 'preventie', 'wachtlijst', 'elders'],
			['inkoop', 'preventie', 'elders']
		]) {
			expect(rank(wrong)).toEqual({ status: 422, code: 'wrong_ranking' });
		}
		expect(rank(['inkoop', 'preventie', '__proto__'])).toMatchObject({ status: 400 });
		expect(step().tally.voters).toBe(0);
		expect(rank(['inkoop', 'preventie', 'wachtlijst'])).toEqual({ status: 200 });
		// A new order replaces the earlier one: a person counts once.
		expect(rank(['wachtlijst', 'preventie', 'inkoop'])).toEqual({ status: 200 });
		core.flush();
		expect(step().tally.voters).toBe(1);
		expect(
			core.facilitator({ type: 'ranking.submit', stepId: 'r', order: ['inkoop', 'preventie'] })
		).toMatchObject({ status: 403 });
		core.facilitator({ type: 'ranking.close', stepId: 'r' });
		expect(rank(['inkoop', 'preventie', 'wachtlijst'])).toEqual({
			status: 409,
			code: 'ranking_closed'
		});
		expect(core.facilitator({ type: 'ranking.close', stepId: 'r' })).toEqual({
			status: 409,
			code: 'ranking_not_open'
		});
	});

	it('releases live counts only once three people changed their order since the last release', () => {
		const { core, step, person } = setup({ visibility: 'live' });
		core.facilitator({ type: 'ranking.open', stepId: 'r' });
		const [a, b, c] = [person('wethouder'), person('aanbieder'), person('onderwijs')];
		a(['inkoop', 'preventie', 'wachtlijst']);
		b(['inkoop', 'wachtlijst', 'preventie']);
		core.flush();
		expect(step().tally).toEqual({ voters: 2 });
		// Sending the same order again is no change.
		a(['inkoop', 'preventie', 'wachtlijst']);
		core.flush();
		expect(step().tally).toEqual({ voters: 2 });
		c(['preventie', 'inkoop', 'wachtlijst']);
		core.flush();
		expect(step().tally.items?.map((e) => [e.id, e.points])).toEqual([
			['inkoop', 8],
			['preventie', 6],
			['wachtlijst', 4]
		]);
		// Open: no breakdown, however large the groups.
		expect(step().tally.byPerspective).toBeUndefined();
		// One person's change alone does not move the count.
		a(['wachtlijst', 'preventie', 'inkoop']);
		core.flush();
		expect(step().tally.items?.[0]).toMatchObject({ id: 'inkoop', points: 8 });
		expect(step().tally.voters).toBe(3);
		// Closing releases everything.
		core.facilitator({ type: 'ranking.close', stepId: 'r' });
		expect(step().tally.items?.[0]).toMatchObject({ id: 'inkoop', points: 6 });
	});

	it('keeps hidden counts from the room and from facilitators until closed, then from the room until revealed', () => {
		const { core, step, own, person } = setup();
		core.facilitator({ type: 'ranking.open', stepId: 'r' });
		rankAll(
			[person('aanbieder'), person('aanbieder'), person('aanbieder'), person('aanbieder')],
			['inkoop', 'preventie', 'wachtlijst']
		);
		core.flush();
		expect(step().tally).toEqual({ voters: 4 });
		expect(own()).toEqual({ voters: 4 });
		core.facilitator({ type: 'ranking.close', stepId: 'r' });
		expect(step().tally).toEqual({ voters: 4 });
		expect(own()?.items?.[0]).toMatchObject({ id: 'inkoop', points: 12, first: 4 });
		expect(own()?.byPerspective?.aanbieder?.voters).toBe(4);
		core.facilitator({ type: 'ranking.reveal', stepId: 'r' });
		expect(step().tally).toEqual(own());
		expect(step().revealed).toBe(true);
	});

	it('breaks the count down by perspective once closed, merging groups below three', () => {
		const { core, step, person } = setup({ visibility: 'live' });
		core.facilitator({ type: 'ranking.open', stepId: 'r' });
		rankAll(
			[person('aanbieder'), person('aanbieder'), person('aanbieder')],
			['preventie', 'wachtlijst', 'inkoop']
		);
		rankAll([person('wethouder'), person('onderwijs')], ['inkoop', 'wachtlijst', 'preventie']);
		rankAll([person()], ['wachtlijst', 'inkoop', 'preventie']);
		core.flush();
		expect(step().tally.byPerspective).toBeUndefined();
		core.facilitator({ type: 'ranking.close', stepId: 'r' });
		const { tally } = step();
		expect(tally.voters).toBe(6);
		expect(Object.keys(tally.byPerspective ?? {})).toEqual(['aanbieder']);
		expect(tally.byPerspective?.aanbieder?.items[0]).toMatchObject({
			id: 'preventie',
			points: 9,
			meanRank: 1,
			spread: 0,
			first: 3
		});
		expect(tally.merged).toMatchObject({ perspectives: ['', 'onderwijs', 'wethouder'], voters: 3 });
		expect(tally.merged?.items[0]).toMatchObject({ id: 'inkoop', points: 8, first: 2 });
		// No group of one or two anywhere in the document.
		expect(JSON.stringify(core.room().doc.toJSON())).not.toMatch(/"wethouder":\{/);
	});

	it('shows no count while fewer than three ranked, not even when closed', () => {
		const { core, step, own, person } = setup({ visibility: 'live' });
		core.facilitator({ type: 'ranking.open', stepId: 'r' });
		rankAll([person('wethouder'), person('aanbieder')], ['inkoop', 'preventie', 'wachtlijst']);
		core.facilitator({ type: 'ranking.close', stepId: 'r' });
		expect(step().tally).toEqual({ voters: 2 });
		expect(own()).toEqual({ voters: 2 });
	});

	it('fixes the items once someone ranked, until a reset starts a new round', () => {
		const { core, step, person } = setup({ visibility: 'live' });
		const rank = person('wethouder');
		core.facilitator({ type: 'ranking.open', stepId: 'r' });
		// Before anyone ranked the items may still change, also while open.
		expect(
			core.facilitator({ type: 'ranking.update', stepId: 'r', items: [...ITEMS].reverse() })
		).toEqual({ status: 200 });
		rank(['inkoop', 'preventie', 'wachtlijst']);
		expect(
			core.facilitator({ type: 'ranking.update', stepId: 'r', items: ITEMS.slice(0, 2) })
		).toEqual({ status: 409, code: 'ranking_has_answers' });
		// The same items, as the editor sends them with any other edit, and other fields pass.
		expect(
			core.facilitator({
				type: 'ranking.update',
				stepId: 'r',
				title: 'Wat eerst?',
				prompt: 'Wat moet het netwerk eerst oppakken?',
				items: step().items
			})
		).toEqual({ status: 200 });
		expect(step()).toMatchObject({ title: 'Wat eerst?', items: [...ITEMS].reverse() });

		expect(core.facilitator({ type: 'ranking.reset', stepId: 'r' })).toEqual({ status: 200 });
		expect(step()).toMatchObject({
			status: 'draft',
			revealed: false,
			round: 2,
			tally: { voters: 0 }
		});
		expect(core.room().ballots.count('r', 2)).toBe(0);
		expect(
			core.facilitator({ type: 'ranking.update', stepId: 'r', items: ITEMS.slice(0, 2) })
		).toEqual({ status: 200 });
		// The new round takes orders of the new items.
		core.facilitator({ type: 'ranking.open', stepId: 'r' });
		expect(rank(['inkoop', 'preventie', 'wachtlijst'])).toEqual({
			status: 422,
			code: 'wrong_ranking'
		});
		expect(rank(['wachtlijst', 'preventie'])).toEqual({ status: 200 });
	});

	it('is opened by the presenter’s next, and closed when the room moves on', () => {
		const { core, step, own, person } = setup();
		core.facilitator({ type: 'step.add', kind: 'ranking' }, 'empty');
		core.facilitator({ type: 'step.add', kind: 'consent' }, 'consent');
		core.facilitator({ type: 'step.activate', stepId: '' });
		expect(core.facilitator({ type: 'step.next', from: '' })).toEqual({ status: 200 });
		expect(readCurrentStepId(core.room().doc)).toBe('r');
		expect(step().status).toBe('open');
		rankAll(
			[person('aanbieder'), person('aanbieder'), person('aanbieder')],
			['wachtlijst', 'inkoop', 'preventie']
		);
		expect(core.facilitator({ type: 'step.next', from: 'r' })).toEqual({ status: 200 });
		expect(step().status).toBe('closed');
		expect(own()?.byPerspective?.aanbieder?.items[0]?.id).toBe('wachtlijst');
		// A ranking without items stays a draft, and the room still moves on past it.
		expect(readCurrentStepId(core.room().doc)).toBe('empty');
		expect((readStep(core.room().doc, 'empty') as RankingStep).status).toBe('draft');
		expect(core.facilitator({ type: 'step.next', from: 'empty' })).toEqual({ status: 200 });
		expect(readCurrentStepId(core.room().doc)).toBe('consent');
	});

	it('forgets the facilitators’ copy of its counts when removed', () => {
		const { core, own, person } = setup();
		core.facilitator({ type: 'ranking.open', stepId: 'r' });
		rankAll([person(), person(), person()], ['wachtlijst', 'inkoop', 'preventie']);
		core.facilitator({ type: 'ranking.close', stepId: 'r' });
		expect(own()?.items).toHaveLength(3);
		core.facilitator({ type: 'step.remove', stepId: 'r' });
		expect(core.room().privateDoc.getMap('results').has('r')).toBe(false);
		expect(core.room().ballots.count('r', 1)).toBe(0);
	});

	it('counts again without a participant who erases their answers', () => {
		const { core, step, person } = setup({ visibility: 'live' });
		core.facilitator({ type: 'ranking.open', stepId: 'r' });
		const { actor } = core.join({ perspective: 'aanbieder' });
		core.send(actor, {
			type: 'ranking.submit',
			stepId: 'r',
			order: ['inkoop', 'preventie', 'wachtlijst']
		});
		rankAll([person(), person(), person()], ['wachtlijst', 'preventie', 'inkoop']);
		core.facilitator({ type: 'ranking.close', stepId: 'r' });
		expect(step().tally.items?.find((e) => e.id === 'inkoop')?.first).toBe(1);
		expect(core.send(actor, { type: 'participant.erase', cards: 'remove' })).toEqual({
			status: 200
		});
		core.flush();
		expect(step().tally.voters).toBe(3);
		expect(step().tally.items?.find((e) => e.id === 'inkoop')?.first).toBe(0);
	});
});

describe('a phone’s own order', () => {
	it('comes back from /ballots, and is nowhere in the shared document', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const { facilitator, send, snapshot } = sessionClient(server, session);
		await facilitator({ type: 'step.add', kind: 'ranking', optionSet: 'positioning' }, 'r');
		await facilitator({ type: 'ranking.open', stepId: 'r' });
		const phone = await joinSession(server, session.joinCode, { perspective: 'wethouder' });
		const order = ['facilitator', 'leernetwerk', 'bestuurlijk-hart', 'ontmoetingsplaats'];
		expect((await send(phone.token, { type: 'ranking.submit', stepId: 'r', order })).status).toBe(
			200
		);
		const own = await api<{ ballots: Record<string, unknown> }>(
			server,
			'GET',
			`/api/sessions/${session.id}/ballots`,
			{ credential: phone.token }
		);
		expect(own.body.ballots).toEqual({ r: order });
		const steps = (await snapshot()).steps;
		expect(JSON.stringify(steps)).not.toContain(order.join('","'));
	});
});

describe('the exports of a ranking', () => {
	it('have its table of places and, once closed, each perspective’s places, in Markdown and Word', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const { facilitator, send } = sessionClient(server, session);
		await facilitator({ type: 'step.add', kind: 'ranking', optionSet: 'positioning' }, 'r');
		await facilitator({ type: 'ranking.open', stepId: 'r' });
		const order = ['facilitator', 'leernetwerk', 'bestuurlijk-hart', 'ontmoetingsplaats'];
		for (const perspective of [
			'aanbieder',
			'wethouder',
			'aanbieder',
			'wethouder',
			'aanbieder',
			'wethouder'
		]) {
			const phone = await joinSession(server, session.joinCode, { perspective });
			expect((await send(phone.token, { type: 'ranking.submit', stepId: 'r', order })).status).toBe(
				200
			);
		}
		await facilitator({ type: 'ranking.close', stepId: 'r' });
		const download = (format: string) =>
			fetch(`${server.url}/api/sessions/${session.id}/export?format=${format}`, {
				headers: { Authorization: `Bearer ${session.facilitatorKey}` }
			});
		const markdown = await (await download('md')).text();
		expect(markdown).toMatch(/\n## Bijlage [A-Z]: Rangordes\n/);
		expect(markdown).toContain('### Rangorde: Positionering');
		expect(markdown).toContain('| 1 | Facilitator | 24 | 1,0 | 0,0 | 6 |');
		expect(markdown).toContain('| Onderdeel | Wethouder (3) | Jeugdhulpaanbieder (3) |');
		const word = Buffer.from(await (await download('docx')).arrayBuffer());
		const { value: html, messages } = await mammoth.convertToHtml({ buffer: word });
		expect(messages).toEqual([]);
		expect(html).toMatch(/<h2>Bijlage [A-Z]: Rangordes<\/h2>/);
		expect(html).toContain('Plaats per perspectief');
	});
});
