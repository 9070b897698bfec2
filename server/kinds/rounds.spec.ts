import { describe, expect, it } from 'vitest';
import type { QuestionStep } from '../../src/lib/kinds/question/types.ts';
import { readStep } from '../../src/lib/model/steps.ts';
import type { DilemmaStep, PollStep, Step } from '../../src/lib/model/types.ts';
import { inProcessSession, type InProcessSession } from '../../tests/helpers/in-process.ts';

/*
 * What every kind counted in rounds shares (server/kinds/rounds.ts), tried as a facilitator who
 * wants to read one person's answer would: a reveal releases once, and only a started round.
 */

const read = <S extends Step>(core: InProcessSession, id: string) =>
	readStep(core.room().doc, id) as S;

/** Each counted kind: a hidden step `s`, and a ballot a new person can send to it. */
const kinds = {
	poll: (core: InProcessSession) => {
		core.facilitator({ type: 'step.add', kind: 'poll', optionSet: 'positioning' }, 's');
		return (choice: number) => ({
			type: 'vote.cast',
			stepId: 's',
			choice: ['ontmoetingsplaats', 'leernetwerk', 'facilitator'][choice]
		});
	},
	scale: (core: InProcessSession) => {
		core.facilitator({ type: 'step.add', kind: 'scale' }, 's');
		const statement = (read(core, 's') as Extract<Step, { kind: 'scale' }>).statements[0]!.id;
		return (point: number) => ({
			type: 'scale.answer',
			stepId: 's',
			statementId: statement,
			point
		});
	},
	ranking: (core: InProcessSession) => {
		core.facilitator({ type: 'step.add', kind: 'ranking', optionSet: 'positioning' }, 's');
		const ids = (read(core, 's') as Extract<Step, { kind: 'ranking' }>).items.map((i) => i.id);
		return (first: number) => ({
			type: 'ranking.submit',
			stepId: 's',
			order: [ids[first]!, ...ids.filter((_, i) => i !== first)]
		});
	}
};

describe('a reveal', () => {
	it.each(Object.keys(kinds) as (keyof typeof kinds)[])(
		'of a %s shows all ballots at once, and a second one releases nobody’s later tap',
		(kind) => {
			const core = inProcessSession();
			const ballot = kinds[kind](core);
			const tally = () => JSON.stringify((read(core, 's') as PollStep).tally);
			// Nothing to reveal before the round opens: that would make a hidden round live.
			expect(core.facilitator({ type: `${kind}.reveal`, stepId: 's' })).toEqual({
				status: 409,
				code: 'round_not_started'
			});
			expect(read<PollStep>(core, 's').revealed).toBe(false);
			core.facilitator({ type: `${kind}.open`, stepId: 's' });
			const people = Array.from({ length: 4 }, () => core.join({}).actor);
			for (const person of people.slice(0, 3)) core.send(person, ballot(0));
			core.flush();
			expect(core.facilitator({ type: `${kind}.reveal`, stepId: 's' })).toEqual({ status: 200 });
			const revealed = tally();
			expect(revealed).toContain('"voters":3');
			// One more person answers; pressing reveal again must not put that answer on screen.
			core.send(people[3]!, ballot(2));
			core.flush();
			const before = tally();
			expect(core.facilitator({ type: `${kind}.reveal`, stepId: 's' })).toEqual({ status: 200 });
			core.flush();
			expect(tally()).toBe(before);
			expect(before.replace('"voters":4', '"voters":3')).toBe(revealed);
		}
	);

	it('of dots releases once too, and not before dot voting opened', () => {
		const core = inProcessSession();
		core.facilitator({ type: 'step.add', kind: 'dilemmas' }, 'd');
		core.facilitator({ type: 'dilemmas.update', stepId: 'd', visibility: 'hidden' });
		const people = Array.from({ length: 4 }, () => core.join({}).actor);
		people.forEach((person, i) =>
			core.send(person, { type: 'dilemma.post', stepId: 'd', text: `Kaart ${i}` }, `k${i}`)
		);
		expect(core.facilitator({ type: 'dots.reveal', stepId: 'd' })).toEqual({
			status: 409,
			code: 'round_not_started'
		});
		core.facilitator({ type: 'dots.open', stepId: 'd' });
		for (const person of people.slice(0, 3)) {
			core.send(person, { type: 'dots.place', stepId: 'd', cardId: 'k0' });
		}
		core.flush();
		core.facilitator({ type: 'dots.reveal', stepId: 'd' });
		const byCard = () => read<DilemmaStep>(core, 'd').dotTally.byCard;
		expect(byCard()).toEqual({ k0: 3 });
		core.send(people[3]!, { type: 'dots.place', stepId: 'd', cardId: 'k3' });
		core.flush();
		core.facilitator({ type: 'dots.reveal', stepId: 'd' });
		core.flush();
		expect(byCard()).toEqual({ k0: 3 });
	});
});

describe('the release rule', () => {
	it('does not count a changed perspective as a change: switching roles releases nobody’s answer', () => {
		const core = inProcessSession();
		core.facilitator({ type: 'step.add', kind: 'question' }, 'q');
		core.facilitator({ type: 'question.open', stepId: 'q' });
		const people = Array.from({ length: 4 }, () => core.join({ perspective: 'aanbieder' }).actor);
		people
			.slice(0, 3)
			.forEach((person, i) =>
				core.send(person, { type: 'question.answer', stepId: 'q', text: `Antwoord ${i}` })
			);
		core.flush();
		const wall = () =>
			read<QuestionStep>(core, 'q')
				.answers.map((a) => a.text)
				.sort();
		expect(wall()).toEqual(['Antwoord 0', 'Antwoord 1', 'Antwoord 2']);
		// Two people only correct their role, then a fourth answers: still one change, not three.
		core.send(people[0]!, { type: 'participant.update', perspective: 'wethouder' });
		core.send(people[1]!, { type: 'participant.update', perspective: 'onderwijs' });
		core.flush();
		core.send(people[3]!, { type: 'question.answer', stepId: 'q', text: 'Alleen van mij' });
		core.flush();
		expect(wall()).toEqual(['Antwoord 0', 'Antwoord 1', 'Antwoord 2']);
		// The close releases it with everything else.
		core.facilitator({ type: 'question.close', stepId: 'q' });
		expect(wall()).toContain('Alleen van mij');
	});
});

describe('erasing a participant while a question is open', () => {
	it('takes their answers off the wall at once and releases nothing new', () => {
		const core = inProcessSession();
		core.facilitator({ type: 'step.add', kind: 'question' }, 'q');
		core.facilitator({ type: 'question.open', stepId: 'q' });
		const people = Array.from({ length: 4 }, () => core.join({}).actor);
		people
			.slice(0, 3)
			.forEach((person, i) =>
				core.send(person, { type: 'question.answer', stepId: 'q', text: `Antwoord ${i}` })
			);
		core.flush();
		const wall = () =>
			read<QuestionStep>(core, 'q')
				.answers.map((a) => a.text)
				.sort();
		expect(wall()).toEqual(['Antwoord 0', 'Antwoord 1', 'Antwoord 2']);
		// A fourth answers (one change: not released), then the first erases herself.
		core.send(people[3]!, { type: 'question.answer', stepId: 'q', text: 'Nog niet' });
		core.flush();
		expect(core.send(people[0]!, { type: 'participant.erase', cards: 'remove' })).toEqual({
			status: 200
		});
		core.flush();
		expect(wall()).toEqual(['Antwoord 1', 'Antwoord 2']);
	});

	it('takes every answer off the wall once fewer than the smallest group answered', () => {
		const core = inProcessSession();
		core.facilitator({ type: 'step.add', kind: 'question' }, 'q');
		core.facilitator({ type: 'question.open', stepId: 'q' });
		const people = Array.from({ length: 3 }, () => core.join({}).actor);
		people.forEach((person, i) =>
			core.send(person, { type: 'question.answer', stepId: 'q', text: `Antwoord ${i}` })
		);
		core.flush();
		const wall = () => read<QuestionStep>(core, 'q').answers.map((a) => a.text);
		expect(wall()).toHaveLength(3);
		core.send(people[0]!, { type: 'participant.erase', cards: 'remove' });
		core.flush();
		expect(wall()).toEqual([]);
	});
});
