import { describe, expect, it, vi } from 'vitest';
import { ballotAnswers } from '../../../src/lib/kinds/question/answers.ts';
import { ANSWERS_PER_QUESTION } from '../../../src/lib/kinds/question/intents.ts';
import { questionKind } from '../../../src/lib/kinds/question/model.ts';
import { readReview } from '../../../src/lib/kinds/question/private.ts';
import { stepMap } from '../../../src/lib/model/step-maps.ts';
import type { QuestionStep } from '../../../src/lib/kinds/question/types.ts';
import { PRIVATE_KEYS } from '../../../src/lib/model/private-doc.ts';
import { readCurrentStepId, readStep } from '../../../src/lib/model/steps.ts';
import { inProcessSession, type InProcessSession } from '../../../tests/helpers/in-process.ts';
import type { Actor } from '../../peer.ts';
import { participantBallots } from '../../snapshot.ts';

/** Answers as a room of the BORN network gives them. */
const ANSWERS = [
	'Samenwerking tussen regio’s',
	'Minder bureaucratie',
	'Kennisdelen',
	'Samenwerking met het onderwijs',
	'Elkaar kennen en vertrouwen',
	'Sneller besluiten'
];

/** A session with one open question ('q') and some participants. */
function setup(people = 4, options: { open?: boolean; moderated?: boolean } = {}) {
	const core = inProcessSession();
	const phones = Array.from({ length: people }, () => core.join({ perspective: 'aanbieder' }));
	expect(core.facilitator({ type: 'step.add', kind: 'question' }, 'q')).toEqual({ status: 200 });
	if (options.moderated) {
		expect(core.facilitator({ type: 'question.update', stepId: 'q', moderated: true }).status).toBe(
			200
		);
	}
	if (options.open !== false) {
		expect(core.facilitator({ type: 'question.open', stepId: 'q' })).toEqual({ status: 200 });
	}
	return { core, phones: phones.map((p) => p.actor), ids: phones.map((p) => p.participantId) };
}

/** The question as the room's document has it. */
const shared = (core: InProcessSession): QuestionStep =>
	readStep(core.room().doc, 'q') as QuestionStep;

/** The question as the facilitators see it (their own document on top). */
const own = (core: InProcessSession): QuestionStep =>
	questionKind.forFacilitators(shared(core), core.room().privateDoc, core.room().doc);

const texts = (answers: { text: string }[]): string[] => answers.map((a) => a.text);

/** Labels a test gives answers, and the ids the server made for them. */
const labels = new WeakMap<InProcessSession, Map<string, string>>();

function labelsOf(core: InProcessSession): Map<string, string> {
	let map = labels.get(core);
	if (!map) labels.set(core, (map = new Map()));
	return map;
}

/** The id the server gave the answer a test labelled (or the label, for one never given). */
const idOf = (core: InProcessSession, label: string): string => labelsOf(core).get(label) ?? label;

const answerIds = (core: InProcessSession): string[] =>
	core
		.room()
		.ballots.counted('q', 1)
		.flatMap(({ ballot }) => ballotAnswers(ballot).map((a) => a.id));

/** A phone answers (with this intent id, if given); `label` names the new answer for `idOf`. */
function answer(
	core: InProcessSession,
	phone: Actor,
	text: string,
	label?: string,
	intentId?: string
) {
	const before = new Set(answerIds(core));
	const result = core.send(phone, { type: 'question.answer', stepId: 'q', text }, intentId);
	const added = answerIds(core).find((id) => !before.has(id));
	if (label && added) labelsOf(core).set(label, added);
	return result;
}

/** Runs what the pacing held back, and waits for the deferred publications. */
async function published(core: InProcessSession, voters: number): Promise<void> {
	core.flush();
	await vi.waitFor(() => expect(shared(core).voters).toBe(voters));
}

describe('answering an open question', () => {
	it('takes short answers while open, up to the limit, each the sender’s own', () => {
		const { core, phones, ids } = setup(2);
		const [anna, bram] = phones as [Actor, Actor];
		expect(answer(core, anna, 'Kennisdelen', 'ans-1')).toEqual({ status: 200 });
		expect(answer(core, anna, '  Minder\nbureaucratie  ', 'ans-2')).toEqual({ status: 200 });
		expect(answer(core, anna, 'Sneller besluiten', 'ans-3')).toEqual({ status: 200 });
		expect(answer(core, anna, 'Nog één')).toEqual({ status: 409, code: 'answer_limit' });
		// Texts are cleaned as every single-line field: trimmed, line breaks as spaces.
		expect(participantBallots(core.room(), ids[0]!)).toEqual({
			q: {
				answers: [
					{ id: idOf(core, 'ans-1'), text: 'Kennisdelen' },
					{ id: idOf(core, 'ans-2'), text: 'Minder bureaucratie' },
					{ id: idOf(core, 'ans-3'), text: 'Sneller besluiten' }
				]
			}
		});
		expect(participantBallots(core.room(), ids[1]!)).toEqual({});

		// Taking one back makes room for another; someone else's answer is not theirs to take.
		expect(
			core.send(bram, { type: 'question.retract', stepId: 'q', answerId: idOf(core, 'ans-1') })
		).toEqual({
			status: 404,
			code: 'answer_not_found'
		});
		expect(
			core.send(anna, { type: 'question.retract', stepId: 'q', answerId: idOf(core, 'ans-1') })
		).toEqual({
			status: 200
		});
		expect(answer(core, anna, 'Elkaar kennen')).toEqual({ status: 200 });
		expect(participantBallots(core.room(), ids[0]!).q).toMatchObject({
			answers: [{ id: idOf(core, 'ans-2') }, { id: idOf(core, 'ans-3') }, { text: 'Elkaar kennen' }]
		});
	});

	it('refuses what does not fit: empty, too long, the wrong role or step; ids are the server’s', () => {
		const { core, phones } = setup(2);
		const [anna, bram] = phones as [Actor, Actor];
		expect(answer(core, anna, '   ')).toEqual({ status: 400, code: 'invalid_intent' });
		expect(answer(core, anna, 'x'.repeat(141))).toEqual({ status: 400, code: 'invalid_intent' });
		expect(answer(core, anna, 'x'.repeat(140))).toEqual({ status: 200 });
		// Intent ids are unique per sender only: each answer gets an id of the server's own.
		expect(answer(core, anna, 'Kennisdelen', 'anna', 'same')).toEqual({ status: 200 });
		expect(answer(core, bram, 'Kennisdelen', 'bram', 'same')).toEqual({ status: 200 });
		expect(idOf(core, 'anna')).not.toBe(idOf(core, 'bram'));
		expect(answerIds(core)).not.toContain('same');
		expect(core.facilitator({ type: 'question.answer', stepId: 'q', text: 'Ik ook' })).toEqual({
			status: 403,
			code: 'forbidden'
		});
		expect(
			core.send(anna, { type: 'question.hide', stepId: 'q', answerId: idOf(core, 'same') })
		).toEqual({
			status: 403,
			code: 'forbidden'
		});
		expect(core.facilitator({ type: 'step.add', kind: 'poll' }, 'poll').status).toBe(200);
		expect(core.send(anna, { type: 'question.answer', stepId: 'poll', text: 'x' })).toEqual({
			status: 422,
			code: 'not_a_question'
		});
		expect(core.facilitator({ type: 'question.update', stepId: 'poll', title: 'x' })).toEqual({
			status: 422,
			code: 'not_a_question'
		});
		expect(core.send(anna, { type: 'question.answer', stepId: 'nope', text: 'x' })).toEqual({
			status: 404,
			code: 'step_not_found'
		});
	});

	it('takes answers only while open', () => {
		const { core, phones } = setup(1, { open: false });
		const [anna] = phones as [Actor];
		expect(answer(core, anna, 'Kennisdelen', 'early')).toEqual({
			status: 409,
			code: 'question_not_open'
		});
		expect(core.facilitator({ type: 'question.close', stepId: 'q' })).toEqual({
			status: 409,
			code: 'question_not_open'
		});
		expect(core.facilitator({ type: 'question.open', stepId: 'q' }).status).toBe(200);
		expect(core.facilitator({ type: 'question.open', stepId: 'q' })).toEqual({
			status: 409,
			code: 'question_open'
		});
		expect(answer(core, anna, 'Kennisdelen', 'a1')).toEqual({ status: 200 });
		expect(core.facilitator({ type: 'question.close', stepId: 'q' }).status).toBe(200);
		expect(answer(core, anna, 'Te laat')).toEqual({ status: 409, code: 'question_closed' });
		expect(
			core.send(anna, { type: 'question.retract', stepId: 'q', answerId: idOf(core, 'a1') })
		).toEqual({
			status: 409,
			code: 'question_closed'
		});
		// Reopened, answers come in again.
		expect(core.facilitator({ type: 'question.open', stepId: 'q' }).status).toBe(200);
		expect(answer(core, anna, 'Toch nog')).toEqual({ status: 200 });
	});

	it('holds a lower limit to new answers and keeps those given', () => {
		const { core, phones, ids } = setup(1);
		const [anna] = phones as [Actor];
		answer(core, anna, 'Kennisdelen');
		answer(core, anna, 'Minder bureaucratie');
		expect(core.facilitator({ type: 'question.update', stepId: 'q', maxAnswers: 1 }).status).toBe(
			200
		);
		expect(answer(core, anna, 'Nog een')).toEqual({ status: 409, code: 'answer_limit' });
		expect(participantBallots(core.room(), ids[0]!).q).toMatchObject({
			answers: [{ text: 'Kennisdelen' }, { text: 'Minder bureaucratie' }]
		});
		expect(core.facilitator({ type: 'question.update', stepId: 'q', maxAnswers: 11 })).toEqual({
			status: 400,
			code: 'invalid_intent'
		});
	});

	it('holds at most its cap of answers in all', () => {
		const { core } = setup(0);
		const people = Math.ceil(ANSWERS_PER_QUESTION / 10);
		expect(core.facilitator({ type: 'question.update', stepId: 'q', maxAnswers: 10 }).status).toBe(
			200
		);
		const late = core.join().actor;
		for (let p = 0; p < people; p++) {
			const { actor } = core.join();
			for (let i = 0; i < 10; i++)
				expect(answer(core, actor, `Antwoord ${p}-${i}`).status).toBe(200);
		}
		expect(answer(core, late, 'Eén te veel')).toEqual({ status: 409, code: 'question_full' });
	});
});

describe('publishing the answers under the release rule', () => {
	it('publishes no lone answer: the third person’s change releases all of them', async () => {
		const { core, phones } = setup(4);
		const [anna, bram, chantal, dirk] = phones as [Actor, Actor, Actor, Actor];
		answer(core, anna, 'Samenwerking tussen regio’s');
		await published(core, 1);
		expect(shared(core).answers).toEqual([]);
		// Not even the facilitators see it: they could time it to the person who just typed.
		expect(own(core).review).toEqual([]);

		answer(core, bram, 'Minder bureaucratie');
		answer(core, bram, 'Kennisdelen');
		await published(core, 2);
		expect(shared(core).answers).toEqual([]);

		answer(core, chantal, 'Kennisdelen');
		await published(core, 3);
		expect(texts(shared(core).answers)).toEqual([
			'Kennisdelen',
			'Kennisdelen',
			'Minder bureaucratie',
			'Samenwerking tussen regio’s'
		]);
		expect(own(core).review?.map((a) => a.state)).toEqual(['shown', 'shown', 'shown', 'shown']);

		// The next answer waits again for two more people.
		answer(core, dirk, 'Sneller besluiten');
		answer(core, anna, 'Elkaar kennen');
		await published(core, 4);
		expect(shared(core).answers).toHaveLength(4);
		answer(core, chantal, 'Minder regels');
		core.flush();
		await vi.waitFor(() => expect(shared(core).answers).toHaveLength(7));
	});

	it('counts a taken-back answer as a change, and one given and taken back as none', async () => {
		const { core, phones } = setup(4);
		const [anna, bram, chantal, dirk] = phones as [Actor, Actor, Actor, Actor];
		for (const [i, phone] of phones.slice(0, 3).entries()) {
			answer(core, phone, ANSWERS[i]!, `a${i}`);
		}
		await published(core, 3);
		answer(core, dirk, 'Elkaar kennen en vertrouwen');
		await published(core, 4);
		// Given and taken back before a release: no change.
		answer(core, anna, 'Oeps', 'oops');
		core.send(anna, { type: 'question.retract', stepId: 'q', answerId: idOf(core, 'oops') });
		answer(core, bram, 'Nieuw');
		core.flush();
		expect(shared(core).answers).toHaveLength(3);
		// A taken-back answer is a change: Dirk, Bram and Chantal make a release.
		core.send(chantal, { type: 'question.retract', stepId: 'q', answerId: idOf(core, 'a2') });
		core.flush();
		await vi.waitFor(() =>
			expect(texts(shared(core).answers)).toEqual([
				'Elkaar kennen en vertrouwen',
				'Minder bureaucratie',
				'Nieuw',
				'Samenwerking tussen regio’s'
			])
		);
		expect(core.room().erasurePending).toBe(true);
	});

	it('takes every answer off the screens when fewer than the smallest group still answer', async () => {
		const { core, phones } = setup(3);
		for (const [i, phone] of phones.entries()) answer(core, phone, ANSWERS[i]!, `a${i}`);
		await published(core, 3);
		core.send(phones[2]!, { type: 'question.retract', stepId: 'q', answerId: idOf(core, 'a2') });
		answer(core, phones[0]!, 'Kennisdelen');
		answer(core, phones[1]!, 'Elkaar kennen');
		await published(core, 2);
		await vi.waitFor(() => expect(shared(core).answers).toEqual([]));
		// Two people's answers alone would be theirs to read, at the close too.
		expect(core.facilitator({ type: 'question.close', stepId: 'q' }).status).toBe(200);
		expect(shared(core).answers).toEqual([]);
	});

	it('releases everything at the close, but nothing while fewer than the smallest group answered', async () => {
		const few = setup(2);
		answer(few.core, few.phones[0]!, 'Kennisdelen');
		answer(few.core, few.phones[1]!, 'Minder bureaucratie');
		expect(few.core.facilitator({ type: 'question.close', stepId: 'q' }).status).toBe(200);
		expect(shared(few.core)).toMatchObject({ status: 'closed', voters: 2, answers: [] });
		expect(own(few.core).review).toEqual([]);

		const { core, phones } = setup(3);
		for (const [i, phone] of phones.entries()) answer(core, phone, ANSWERS[i]!);
		await published(core, 3);
		answer(core, phones[0]!, 'Op het laatste moment');
		core.flush();
		expect(shared(core).answers).toHaveLength(3);
		expect(core.facilitator({ type: 'question.close', stepId: 'q' }).status).toBe(200);
		expect(texts(shared(core).answers)).toContain('Op het laatste moment');
	});

	it('publishes every answer at once with open voting', async () => {
		const core = inProcessSession();
		expect(core.facilitator({ type: 'session.privacy', open: true, threshold: 3 }).status).toBe(
			200
		);
		const anna = core.join().actor;
		core.facilitator({ type: 'step.add', kind: 'question' }, 'q');
		core.facilitator({ type: 'question.open', stepId: 'q' });
		answer(core, anna, 'Kennisdelen');
		core.flush();
		await vi.waitFor(() => expect(texts(shared(core).answers)).toEqual(['Kennisdelen']));
	});

	it('never puts an author, a participant id or a ballot in either document', async () => {
		const { core, phones, ids } = setup(3);
		for (const [i, phone] of phones.entries()) answer(core, phone, ANSWERS[i]!, `a${i}`);
		await published(core, 3);
		const dump = JSON.stringify([
			core.room().doc.getMap('steps').toJSON(),
			core.room().privateDoc.getMap(PRIVATE_KEYS.results).toJSON()
		]);
		for (const id of ids) expect(dump).not.toContain(id);
		expect(dump).not.toContain('aanbieder');
	});
});

describe('moderation', () => {
	it('hides an answer from the room at once, and keeps it hidden at the next release', async () => {
		const { core, phones } = setup(4);
		for (const [i, phone] of phones.slice(0, 3).entries()) {
			answer(core, phone, ANSWERS[i]!, `a${i}`);
		}
		await published(core, 3);
		expect(
			core.facilitator({ type: 'question.hide', stepId: 'q', answerId: idOf(core, 'a1') })
		).toEqual({
			status: 200
		});
		expect(texts(shared(core).answers)).not.toContain('Minder bureaucratie');
		expect(own(core).review?.find((a) => a.id === idOf(core, 'a1'))?.state).toBe('hidden');
		expect(core.room().erasurePending).toBe(true);

		for (const phone of phones.slice(1)) answer(core, phone, 'Kennisdelen');
		core.flush();
		await vi.waitFor(() => expect(shared(core).answers).toHaveLength(5));
		expect(texts(shared(core).answers)).not.toContain('Minder bureaucratie');

		expect(
			core.facilitator({ type: 'question.show', stepId: 'q', answerId: idOf(core, 'a1') }).status
		).toBe(200);
		expect(texts(shared(core).answers)).toContain('Minder bureaucratie');
	});

	it('releases nothing new: a button press cannot put one person’s fresh answer on the wall', async () => {
		const { core, phones } = setup(4);
		for (const [i, phone] of phones.slice(0, 3).entries()) {
			answer(core, phone, ANSWERS[i]!, `a${i}`);
		}
		await published(core, 3);
		answer(core, phones[3]!, 'Alleen ik', 'lone');
		await published(core, 4);
		core.facilitator({ type: 'question.hide', stepId: 'q', answerId: idOf(core, 'a0') });
		core.facilitator({ type: 'question.show', stepId: 'q', answerId: idOf(core, 'a0') });
		core.facilitator({ type: 'question.update', stepId: 'q', moderated: true });
		core.facilitator({ type: 'question.update', stepId: 'q', moderated: false });
		expect(texts(shared(core).answers)).not.toContain('Alleen ik');
		expect(own(core).review?.map((a) => a.id)).not.toContain(idOf(core, 'lone'));
		// Nor can a decision be about an answer nobody was shown yet.
		expect(
			core.facilitator({ type: 'question.hide', stepId: 'q', answerId: idOf(core, 'lone') })
		).toEqual({
			status: 404,
			code: 'answer_not_found'
		});
	});

	it('shows a moderated question’s answers only once approved', async () => {
		const { core, phones } = setup(3, { moderated: true });
		for (const [i, phone] of phones.entries()) answer(core, phone, ANSWERS[i]!, `a${i}`);
		await published(core, 3);
		expect(shared(core).answers).toEqual([]);
		expect(own(core).review?.map((a) => a.state)).toEqual(['pending', 'pending', 'pending']);

		expect(
			core.facilitator({ type: 'question.approve', stepId: 'q', answerId: idOf(core, 'a2') }).status
		).toBe(200);
		expect(texts(shared(core).answers)).toEqual(['Kennisdelen']);
		// Rejecting is hiding; approving does not undo it.
		core.facilitator({ type: 'question.hide', stepId: 'q', answerId: idOf(core, 'a0') });
		core.facilitator({ type: 'question.approve', stepId: 'q', answerId: idOf(core, 'a0') });
		expect(texts(shared(core).answers)).toEqual(['Kennisdelen']);
		expect(own(core).review?.find((a) => a.id === idOf(core, 'a0'))?.state).toBe('hidden');

		// Without moderation every released answer that is not hidden shows.
		core.facilitator({ type: 'question.update', stepId: 'q', moderated: false });
		expect(texts(shared(core).answers)).toEqual(['Kennisdelen', 'Minder bureaucratie']);
		expect(
			core.facilitator({ type: 'question.approve', stepId: 'q', answerId: idOf(core, 'a1') })
		).toEqual({
			status: 409,
			code: 'question_not_moderated'
		});
	});

	it('keeps the answers on the screen when moderation is switched on; only new ones wait', async () => {
		const { core, phones } = setup(3);
		for (const [i, phone] of phones.entries()) answer(core, phone, ANSWERS[i]!, `a${i}`);
		await published(core, 3);
		core.facilitator({ type: 'question.hide', stepId: 'q', answerId: idOf(core, 'a0') });
		core.facilitator({ type: 'question.update', stepId: 'q', moderated: true });
		expect(texts(shared(core).answers)).toEqual(['Kennisdelen', 'Minder bureaucratie']);
		for (const [i, phone] of phones.entries()) answer(core, phone, ANSWERS[i + 3]!, `b${i}`);
		core.flush();
		await vi.waitFor(() => expect(own(core).review).toHaveLength(6));
		expect(shared(core).answers).toHaveLength(2);
		expect(
			own(core)
				.review?.filter((a) => a.state === 'pending')
				.map((a) => a.id)
		).toEqual(['b1', 'b0', 'b2'].map((label) => idOf(core, label)));
	});
});

describe('adding a question', () => {
	it('takes how it is shown: a cloud by default, or a wall', () => {
		const core = inProcessSession();
		core.facilitator({ type: 'step.add', kind: 'question' }, 'cloud');
		core.facilitator({ type: 'step.add', kind: 'question', display: 'wall' }, 'wall');
		expect((readStep(core.room().doc, 'cloud') as QuestionStep).display).toBe('cloud');
		expect((readStep(core.room().doc, 'wall') as QuestionStep).display).toBe('wall');
		expect(
			core.facilitator({ type: 'step.add', kind: 'question', display: 'tegels' }, 'x')
		).toMatchObject({ status: 400 });
		// Another kind's field is that kind's refusal.
		expect(
			core.facilitator({ type: 'step.add', kind: 'poll', display: 'wall' }, 'y')
		).toMatchObject({ status: 422, code: 'not_a_question' });
		expect(readStep(core.room().doc, 'x')).toBeUndefined();
		expect(readStep(core.room().doc, 'y')).toBeUndefined();
	});
});

describe('resetting a question', () => {
	it('erases every answer and decision, empties the wall, and starts again as a draft', async () => {
		const { core, phones } = setup(4, { moderated: true });
		for (const [i, phone] of phones.entries()) answer(core, phone, ANSWERS[i]!, `a${i}`);
		await published(core, 4);
		core.facilitator({ type: 'question.approve', stepId: 'q', answerId: idOf(core, 'a0') });
		expect(texts(shared(core).answers)).toEqual([ANSWERS[0]]);
		expect(core.send(phones[0]!, { type: 'question.reset', stepId: 'q' })).toMatchObject({
			status: 403
		});
		expect(core.facilitator({ type: 'question.reset', stepId: 'q' })).toEqual({ status: 200 });
		expect(shared(core)).toMatchObject({ status: 'draft', round: 2, voters: 0, answers: [] });
		// A question has nothing to reveal: the reset writes no such field.
		expect(stepMap(core.room().doc, 'q')?.has('revealed')).toBe(false);
		expect(readReview(core.room().privateDoc, 'q', true)).toEqual([]);
		expect(core.room().erasurePending).toBe(true);
		// The next round starts from nothing: the same people answer again.
		core.facilitator({ type: 'question.open', stepId: 'q' });
		expect(answer(core, phones[0]!, 'Opnieuw')).toEqual({ status: 200 });
		await published(core, 1);
	});
});

describe('erasing a participant', () => {
	it('takes their answers off every screen of a closed question', async () => {
		const { core, phones } = setup(4);
		for (const [i, phone] of phones.entries()) answer(core, phone, ANSWERS[i]!, `a${i}`);
		answer(core, phones[0]!, 'Nog iets van mij', 'mine');
		expect(core.facilitator({ type: 'question.close', stepId: 'q' }).status).toBe(200);
		expect(shared(core).answers).toHaveLength(5);
		expect(core.send(phones[0]!, { type: 'participant.erase', cards: 'remove' }).status).toBe(200);
		await published(core, 3);
		await vi.waitFor(() => expect(shared(core).answers).toHaveLength(3));
		expect(texts(shared(core).answers)).not.toContain('Nog iets van mij');
		expect(readReview(core.room().privateDoc, 'q', false).map((a) => a.id)).not.toContain(
			idOf(core, 'mine')
		);
		expect(core.room().erasurePending).toBe(true);
	});

	it('takes their answers off the wall of an open question at once, and counts as a change', async () => {
		const { core, phones } = setup(5);
		for (const [i, phone] of phones.slice(0, 3).entries()) {
			answer(core, phone, ANSWERS[i]!, `a${i}`);
		}
		await published(core, 3);
		expect(core.send(phones[0]!, { type: 'participant.erase', cards: 'remove' }).status).toBe(200);
		await published(core, 2);
		// Two answers left are too few to show: the wall empties rather than keep hers.
		expect(shared(core).answers).toEqual([]);
		// Her erasure and two new answers are three changes: a release, without her.
		answer(core, phones[3]!, 'Kennisdelen');
		answer(core, phones[4]!, 'Minder regels');
		core.flush();
		await vi.waitFor(() => expect(shared(core).answers).toHaveLength(4));
		expect(texts(shared(core).answers)).not.toContain(ANSWERS[0]);
	});
});

describe('the presenter’s next and the agenda', () => {
	it('opens a question that has not run, and closes it when the room moves on', () => {
		const { core } = setup(0, { open: false });
		core.facilitator({ type: 'step.add', kind: 'poll' }, 'after');
		expect(core.facilitator({ type: 'step.next', from: '' })).toEqual({ status: 200 });
		expect(readCurrentStepId(core.room().doc)).toBe('q');
		expect(shared(core).status).toBe('open');
		expect(core.facilitator({ type: 'step.next', from: 'q' })).toEqual({ status: 200 });
		expect(shared(core).status).toBe('closed');
	});

	it('forgets what the facilitators kept of a removed question', async () => {
		const { core, phones } = setup(3);
		for (const [i, phone] of phones.entries()) answer(core, phone, ANSWERS[i]!);
		await published(core, 3);
		expect(core.room().privateDoc.getMap(PRIVATE_KEYS.results).has('q')).toBe(true);
		expect(core.facilitator({ type: 'step.remove', stepId: 'q' }).status).toBe(200);
		expect(core.room().privateDoc.getMap(PRIVATE_KEYS.results).has('q')).toBe(false);
		expect(participantBallots(core.room(), core.join().participantId)).toEqual({});
	});

	it('keeps its settings through the old step.update, and refuses another kind’s field', () => {
		const { core } = setup(0);
		expect(
			core.facilitator({
				type: 'step.update',
				stepId: 'q',
				prompt: 'Wat moet BORN vasthouden?',
				display: 'wall'
			})
		).toEqual({ status: 200 });
		expect(shared(core)).toMatchObject({ prompt: 'Wat moet BORN vasthouden?', display: 'wall' });
		expect(core.facilitator({ type: 'step.update', stepId: 'q', budget: 5 })).toEqual({
			status: 422,
			code: 'not_a_poll'
		});
	});
});
