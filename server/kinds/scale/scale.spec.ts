import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/lib/report/build.ts';
import { renderMarkdown } from '../../../src/lib/report/markdown.ts';
import { renderDocx } from '../../export/docx.ts';
import { facilitatorSnapshot } from '../../snapshot.ts';
import { readPrivateScaleTally } from '../../../src/lib/kinds/scale/model.ts';
import type { ScaleStep, ScaleTally } from '../../../src/lib/kinds/scale/types.ts';
import { readStep } from '../../../src/lib/model/steps.ts';
import { inProcessSession, type InProcessSession } from '../../../tests/helpers/in-process.ts';

/**
 * A session with participants of the given perspectives and a scale step `s` on five points
 * (agree to disagree) with statements `a`, `b` and `c`, open, results `live` unless told.
 */
function scaleSession(perspectives: string[], visibility: 'live' | 'hidden' = 'live') {
	const core = inProcessSession({ dataDir: ':memory:' });
	const people = perspectives.map((perspective) => core.join({ perspective }));
	expect(core.facilitator({ type: 'step.add', kind: 'scale' }, 's')).toEqual({ status: 200 });
	expect(
		core.facilitator({
			type: 'scale.update',
			stepId: 's',
			visibility,
			statements: [
				{ id: 'a', text: 'BORN moet meer sturen op resultaat.' },
				{ id: 'b', text: 'Besluiten duren te lang.' },
				{ id: 'c', text: 'Ervaringsdeskundigen aan tafel.' }
			]
		})
	).toEqual({ status: 200 });
	expect(core.facilitator({ type: 'scale.open', stepId: 's' })).toEqual({ status: 200 });
	const answer = (i: number, statementId: string, point: number) => {
		expect(
			core.send(people[i]!.actor, { type: 'scale.answer', stepId: 's', statementId, point })
		).toEqual({ status: 200 });
		core.flush();
	};
	return { core, people, answer, ...views(core, 's') };
}

/** What the facilitators' document and the shared one say of scale step `stepId`. */
function views(core: InProcessSession, stepId: string) {
	return {
		step: (): ScaleStep => readStep(core.room().doc, stepId) as ScaleStep,
		/** The facilitators' view: every release they may see. */
		own: (): ScaleTally | undefined =>
			readPrivateScaleTally(core.room().privateDoc, core.room().doc, stepId),
		/** What every phone and the projector have. */
		shared: (): ScaleTally => (readStep(core.room().doc, stepId) as ScaleStep).tally
	};
}

describe('answering statements on a scale', () => {
	it('takes one statement at a time into the participant’s answers of the round', () => {
		const { core, people, answer, shared } = scaleSession(['wethouder']);
		answer(0, 'a', 4);
		answer(0, 'b', 0);
		answer(0, 'a', 3);
		const { room } = core;
		expect(room().ballots.get('s', 1, people[0]!.participantId)).toEqual({ a: 3, b: 0 });
		// One person answering twice is one voter.
		expect(shared()).toEqual({ voters: 1 });
	});

	it('refuses answers outside an open round, to statements or points the step lacks', () => {
		const core = inProcessSession({ dataDir: ':memory:' });
		const { actor } = core.join({ perspective: 'gi' });
		core.facilitator({ type: 'step.add', kind: 'scale', optionSet: 'level' }, 's');
		const send = (fields: Record<string, unknown>) =>
			core.send(actor, {
				type: 'scale.answer',
				stepId: 's',
				statementId: 's1',
				point: 0,
				...fields
			});
		expect(send({})).toEqual({ status: 409, code: 'scale_not_open' });
		core.facilitator({ type: 'scale.open', stepId: 's' });
		expect(send({ statementId: 'nope' })).toEqual({ status: 422, code: 'unknown_statement' });
		// Three points: lokaal, regionaal, bovenregionaal.
		expect(send({ point: 3 })).toEqual({ status: 422, code: 'unknown_point' });
		expect(send({ point: 7 })).toEqual({ status: 400, code: 'invalid_intent' });
		expect(send({ point: -1 })).toEqual({ status: 400, code: 'invalid_intent' });
		expect(send({ point: 1.5 })).toEqual({ status: 400, code: 'invalid_intent' });
		expect(send({ statementId: '__proto__' })).toEqual({ status: 400, code: 'invalid_intent' });
		expect(send({ point: 2 })).toEqual({ status: 200 });
		expect(
			core.facilitator({ type: 'scale.answer', stepId: 's', statementId: 's1', point: 0 })
		).toEqual({ status: 403, code: 'forbidden' });
		core.facilitator({ type: 'step.add', kind: 'poll' }, 'p');
		expect(
			core.send(actor, { type: 'scale.answer', stepId: 'p', statementId: 's1', point: 0 })
		).toEqual({ status: 422, code: 'not_a_scale' });
		expect(core.facilitator({ type: 'scale.close', stepId: 's' })).toEqual({ status: 200 });
		expect(send({ point: 1 })).toEqual({ status: 409, code: 'scale_closed' });
		expect(core.facilitator({ type: 'scale.close', stepId: 's' })).toEqual({
			status: 409,
			code: 'scale_not_open'
		});
		expect(core.facilitator({ type: 'scale.open', stepId: 's' })).toEqual({ status: 200 });
		expect(core.facilitator({ type: 'scale.open', stepId: 's' })).toEqual({
			status: 409,
			code: 'scale_open'
		});
	});
});

describe('the settings of a scale step', () => {
	it('start from a named scale, and refuse one that does not exist', () => {
		const core = inProcessSession({ dataDir: ':memory:' });
		expect(core.facilitator({ type: 'step.add', kind: 'scale', optionSet: 'level' }, 'l')).toEqual({
			status: 200
		});
		expect((readStep(core.room().doc, 'l') as ScaleStep).labels).toEqual([
			'Lokaal',
			'Regionaal',
			'Bovenregionaal'
		]);
		expect(core.facilitator({ type: 'step.add', kind: 'scale', optionSet: 'stars' })).toEqual({
			status: 422,
			code: 'unknown_option_set'
		});
	});

	it('keep statements and labels within their limits', () => {
		const core = inProcessSession({ dataDir: ':memory:' });
		core.facilitator({ type: 'step.add', kind: 'scale' }, 's');
		const update = (fields: Record<string, unknown>) =>
			core.facilitator({ type: 'scale.update', stepId: 's', ...fields });
		const statements = (n: number, text = 'Stelling') =>
			Array.from({ length: n }, (_, i) => ({ id: `s${i}`, text }));
		expect(update({ statements: statements(20) })).toEqual({ status: 200 });
		expect(update({ statements: statements(21) })).toMatchObject({ status: 400 });
		expect(update({ statements: [] })).toMatchObject({ status: 400 });
		expect(update({ statements: statements(1, 'x'.repeat(200)) })).toEqual({ status: 200 });
		expect(update({ statements: statements(1, 'x'.repeat(201)) })).toMatchObject({ status: 400 });
		expect(update({ statements: statements(1, '   ') })).toMatchObject({ status: 400 });
		expect(
			update({
				statements: [
					{ id: 'a', text: 'Een' },
					{ id: 'a', text: 'Twee' }
				]
			})
		).toEqual({ status: 422, code: 'duplicate_statement' });
		expect(update({ labels: ['Oneens', 'Eens'] })).toEqual({ status: 200 });
		expect(update({ labels: ['Alleen'] })).toMatchObject({ status: 400 });
		expect(update({ labels: Array(8).fill('Punt') })).toMatchObject({ status: 400 });
		expect(update({ labels: ['x'.repeat(41), 'Eens'] })).toMatchObject({ status: 400 });
		expect(core.facilitator({ type: 'poll.update', stepId: 's', title: 'X' })).toEqual({
			status: 422,
			code: 'not_a_poll'
		});
		// The old update intent reaches the scale's own, and names the kind of a field it lacks.
		expect(core.facilitator({ type: 'step.update', stepId: 's', title: 'Oud' })).toEqual({
			status: 200
		});
		core.facilitator({ type: 'step.add', kind: 'poll' }, 'p');
		expect(core.facilitator({ type: 'step.update', stepId: 'p', labels: ['A', 'B'] })).toEqual({
			status: 422,
			code: 'not_a_scale'
		});
	});

	it('fix statements and labels once answered, until a reset', () => {
		const { core, answer, step } = scaleSession(['gi']);
		const { statements, labels } = step();
		answer(0, 'a', 1);
		const update = (fields: Record<string, unknown>) =>
			core.facilitator({ type: 'scale.update', stepId: 's', ...fields });
		expect(update({ statements: [{ id: 'a', text: 'Anders' }] })).toEqual({
			status: 409,
			code: 'scale_answered'
		});
		expect(update({ labels: ['Nee', 'Ja'] })).toEqual({ status: 409, code: 'scale_answered' });
		// The rest still changes, and the form sent whole with its statements as they are passes.
		expect(update({ title: 'Nieuwe titel', visibility: 'hidden', statements, labels })).toEqual({
			status: 200
		});
		expect(step()).toMatchObject({ title: 'Nieuwe titel', visibility: 'hidden', statements });
		expect(core.facilitator({ type: 'scale.reset', stepId: 's' })).toEqual({ status: 200 });
		expect(update({ labels: ['Nee', 'Ja'] })).toEqual({ status: 200 });
		expect(step().labels).toEqual(['Nee', 'Ja']);
	});
});

describe('the release of a scale step’s counts', () => {
	it('waits until three people changed their answers, and shows a statement once three answered it', () => {
		const { answer, own, shared } = scaleSession(['wethouder', 'aanbieder', 'gi', 'onderwijs']);
		answer(0, 'a', 0);
		answer(1, 'a', 4);
		// One person answering statement after statement is still one person.
		answer(0, 'b', 4);
		answer(0, 'c', 2);
		answer(0, 'a', 1);
		expect(shared()).toEqual({ voters: 2 });
		answer(2, 'a', 4);
		expect(shared()).toEqual({ voters: 3, byStatement: { a: [0, 1, 0, 0, 2] } });
		expect(own()).toEqual(shared());
		// A fourth person moves the number, not the counts: those would be that person's answers.
		answer(3, 'b', 0);
		answer(3, 'a', 0);
		expect(shared()).toEqual({ voters: 4, byStatement: { a: [0, 1, 0, 0, 2] } });
		answer(1, 'b', 0);
		answer(2, 'b', 3);
		// Three people changed statement b: it shows. Statement a moves on its own: only the fourth
		// person answered it since it last moved, so it keeps its counts.
		expect(shared()).toEqual({
			voters: 4,
			byStatement: { a: [0, 1, 0, 0, 2], b: [2, 0, 0, 1, 1] }
		});
		// Two more change a: with the fourth person's answer, three people changed a since it moved,
		// and once three people changed anything since the last release, it moves.
		answer(1, 'a', 3);
		answer(2, 'a', 3);
		expect(shared().byStatement?.a).toEqual([0, 1, 0, 0, 2]);
		answer(3, 'c', 4);
		expect(shared()).toEqual({
			voters: 4,
			byStatement: { a: [1, 1, 0, 2, 0], b: [2, 0, 0, 1, 1] }
		});
	});

	it('breaks down by perspective only once closed, merging groups too small per statement', () => {
		const { core, answer, shared } = scaleSession([
			'wethouder',
			'wethouder',
			'wethouder',
			'aanbieder',
			'aanbieder',
			'aanbieder',
			'gi'
		]);
		for (const i of [0, 1, 2]) answer(i, 'a', 0);
		for (const i of [3, 4, 5]) answer(i, 'a', 4);
		answer(6, 'a', 2);
		for (const i of [0, 1, 3, 4, 5]) answer(i, 'b', 3);
		// The one from GI is the only one who changed a since it last moved: a waits for the close.
		expect(shared().byStatement).toEqual({ a: [3, 0, 0, 0, 3], b: [0, 0, 0, 5, 0] });
		expect(shared()).not.toHaveProperty('byPerspective');
		expect(core.facilitator({ type: 'scale.close', stepId: 's' })).toEqual({ status: 200 });
		expect(shared()).toEqual({
			voters: 7,
			byStatement: { a: [3, 0, 1, 0, 3], b: [0, 0, 0, 5, 0] },
			// On a, the one from GI next to two groups of three: the smaller-named group of three
			// joins GI, or GI would be seen. On b only two aldermen answered: they and the
			// providers are counted together.
			byPerspective: { wethouder: { a: [3, 0, 0, 0, 0] } },
			merged: {
				a: { perspectives: ['aanbieder', 'gi'], counts: [0, 0, 1, 0, 3] },
				b: { perspectives: ['aanbieder', 'wethouder'], counts: [0, 0, 0, 5, 0] }
			}
		});
	});

	it('shows hidden counts to the facilitators only once closed; a reveal shows them to the room', () => {
		const { core, answer, own, shared } = scaleSession(['wethouder', 'aanbieder', 'gi'], 'hidden');
		for (const i of [0, 1, 2]) answer(i, 'a', 3);
		expect(own()).toEqual({ voters: 3 });
		expect(shared()).toEqual({ voters: 3 });
		expect(core.facilitator({ type: 'scale.close', stepId: 's' })).toEqual({ status: 200 });
		expect(own()?.byStatement).toEqual({ a: [0, 0, 0, 3, 0] });
		expect(shared()).toEqual({ voters: 3 });
		expect(core.facilitator({ type: 'scale.reveal', stepId: 's' })).toEqual({ status: 200 });
		expect(shared().byStatement).toEqual({ a: [0, 0, 0, 3, 0] });
		expect(shared().byPerspective).toEqual({});
	});

	it('starts a reset round from nothing', () => {
		const { core, people, answer, own, shared, step } = scaleSession(['wethouder', 'gi', 'gi']);
		for (const i of [0, 1, 2]) answer(i, 'a', 0);
		expect(shared().byStatement).toBeDefined();
		expect(core.facilitator({ type: 'scale.reset', stepId: 's' })).toEqual({ status: 200 });
		expect(step()).toMatchObject({ status: 'draft', revealed: false, round: 2 });
		expect(shared()).toEqual({ voters: 0 });
		expect(own()).toEqual({ voters: 0 });
		expect(core.room().ballots.get('s', 1, people[0]!.participantId)).toBeUndefined();
	});

	it('counts again without a participant who erased their answers', () => {
		const { core, people, answer, shared } = scaleSession(['gi', 'gi', 'gi', 'gi']);
		for (const i of [0, 1, 2, 3]) answer(i, 'a', i === 3 ? 4 : 0);
		core.facilitator({ type: 'scale.close', stepId: 's' });
		expect(shared().byStatement).toEqual({ a: [3, 0, 0, 0, 1] });
		expect(core.send(people[3]!.actor, { type: 'participant.erase', cards: 'remove' })).toEqual({
			status: 200
		});
		core.flush();
		expect(shared()).toMatchObject({ voters: 3, byStatement: { a: [3, 0, 0, 0, 0] } });
	});
});

describe('the presenter’s next', () => {
	it('opens a scale step that has not run, and closes it when the room moves on', () => {
		const core = inProcessSession({ dataDir: ':memory:' });
		core.facilitator({ type: 'step.add', kind: 'scale' }, 's');
		core.facilitator({ type: 'step.add', kind: 'poll' }, 'p');
		const status = () => (readStep(core.room().doc, 's') as ScaleStep).status;
		expect(core.facilitator({ type: 'step.next', from: '' })).toEqual({ status: 200 });
		expect(status()).toBe('open');
		expect(core.facilitator({ type: 'step.next', from: 's' })).toEqual({ status: 200 });
		expect(status()).toBe('closed');
	});
});

describe('the report of a scale step', () => {
	it('is in every export: the facilitators’ released counts, also of results hidden from the room', async () => {
		const { core, answer } = scaleSession(['wethouder', 'wethouder', 'wethouder', 'gi'], 'hidden');
		for (const i of [0, 1, 2]) answer(i, 'a', 0);
		answer(3, 'a', 4);
		core.facilitator({ type: 'scale.close', stepId: 's' });
		const report = buildReport(facilitatorSnapshot(core.room()), { locale: 'nl', now: 0 });
		const markdown = renderMarkdown(report);
		expect(markdown).toMatch(/\n## Bijlage [A-Z]: Stellingen\n/);
		expect(markdown).toContain('| BORN moet meer sturen op resultaat. | 3 (75%) |');
		expect(markdown).toContain('#### Verdeelt het meest');
		// The one from GI is merged with the aldermen: neither group shows on its own.
		expect(markdown).toContain(
			'| Overige perspectieven | 3 (75%) | 0 (0%) | 0 (0%) | 0 (0%) | 1 (25%) | 4 |'
		);
		expect(markdown).not.toMatch(/\| (Wethouder|Gecertificeerde instelling) \| \d+ \(/);
		const { value } = await mammoth.convertToHtml({
			buffer: await renderDocx(report, 'Concept jaarplan', 'nl')
		});
		expect(value).toMatch(/<h2>Bijlage [A-Z]: Stellingen<\/h2>/);
		expect(value).toContain('BORN moet meer sturen op resultaat.');
	});
});
