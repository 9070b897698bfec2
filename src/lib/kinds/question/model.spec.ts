import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { m } from '../../paraglide/messages.js';
import { renderMarkdown } from '../../report/markdown.ts';
import { buildReport } from '../../report/build.ts';
import { PRIVATE_KEYS } from '../../model/private-doc.ts';
import { initSessionDoc, readSnapshot } from '../../model/session-doc.ts';
import { addStep, readStep, STEP_KEYS, stepMap } from '../../model/steps.ts';
import { bornTemplate } from '../../model/templates.ts';
import { ballotAnswers, readAnswerMap, sortAnswers, writeAnswerMap } from './answers.ts';
import { cloudLayout, displayWord, SCREEN_WORDS } from './cloud.ts';
import { DEFAULT_MAX_ANSWERS } from './intents.ts';
import { questionKind, setQuestionPublished } from './model.ts';
import {
	answerState,
	pruneModeration,
	readModeration,
	readReleased,
	readReview,
	setModeration,
	setReleased
} from './private.ts';
import type { QuestionStep } from './types.ts';

/** A session's document with one open question in it, made as `step.add` makes one. */
function docWithQuestion(id = 'q'): Y.Doc {
	const doc = new Y.Doc();
	initSessionDoc(doc, bornTemplate, {
		title: 'Leersessie 2',
		locale: 'nl',
		joinCode: 'ABC234',
		createdAt: 0
	});
	addStep(
		doc,
		questionKind.create({ id, kind: 'question' }, { template: bornTemplate, locale: 'nl', now: 0 })
	);
	return doc;
}

const read = (doc: Y.Doc, id = 'q'): QuestionStep => readStep(doc, id) as QuestionStep;

/** Realistic answers from a BORN session. */
const ANSWERS = [
	'Samenwerking tussen regio’s',
	'Minder bureaucratie',
	'Kennisdelen',
	'Samenwerking met het onderwijs',
	'kennisdelen en elkaar kennen',
	'Minder bureaucratie, meer doen'
];

describe('a new open question', () => {
	it('starts as a draft word cloud with three answers each, in the session’s language', () => {
		const step = read(docWithQuestion());
		expect(step).toEqual({
			id: 'q',
			kind: 'question',
			title: 'Open vraag',
			prompt: m.question_default_prompt({}, { locale: 'nl' }),
			maxAnswers: DEFAULT_MAX_ANSWERS,
			moderated: false,
			display: 'cloud',
			status: 'draft',
			round: 1,
			voters: 0,
			answers: []
		});
		const english = questionKind.create(
			{ id: 'e', kind: 'question', title: 'Wat valt op?' },
			{ template: bornTemplate, locale: 'en', now: 0 }
		);
		expect(english).toMatchObject({ title: 'Wat valt op?', prompt: /collaboration/ });
	});

	it('takes a template agenda’s entry in the session’s language', () => {
		expect(
			questionKind.fromAgenda(
				{
					kind: 'question',
					title: { nl: 'Eén woord', en: 'One word' },
					prompt: { nl: 'Wat is BORN voor jou?', en: 'What is BORN to you?' },
					display: 'wall'
				},
				'en',
				'id-1'
			)
		).toEqual({
			id: 'id-1',
			kind: 'question',
			title: 'One word',
			prompt: 'What is BORN to you?',
			display: 'wall'
		});
	});
});

describe('reading a stored question', () => {
	it('reads odd fields as a new question has them, and never throws', () => {
		const doc = docWithQuestion();
		const map = stepMap(doc, 'q')!;
		const odd: [string, unknown][] = [
			['title', 42],
			['prompt', { text: 'x' }],
			['maxAnswers', 2.5],
			['moderated', 'yes'],
			['display', 'hologram'],
			['status', 'paused'],
			['round', -1],
			['voters', Number.NaN],
			['answers', ['Kennisdelen']]
		];
		for (const [key, value] of odd) map.set(key, value);
		expect(read(doc)).toEqual({
			id: 'q',
			kind: 'question',
			title: '',
			prompt: '',
			maxAnswers: DEFAULT_MAX_ANSWERS,
			moderated: false,
			display: 'cloud',
			status: 'draft',
			round: 1,
			voters: 0,
			answers: []
		});
		for (const value of [0, 11, '3', null, Infinity]) {
			map.set('maxAnswers', value);
			expect(read(doc).maxAnswers).toBe(DEFAULT_MAX_ANSWERS);
		}
		map.set('maxAnswers', 10);
		expect(read(doc).maxAnswers).toBe(10);
	});

	it('reads a question whose map has nothing but its kind', () => {
		const doc = new Y.Doc();
		const map = new Y.Map<unknown>();
		doc.getMap(STEP_KEYS.steps).set('bare', map);
		map.set('kind', 'question');
		doc.getArray<string>(STEP_KEYS.order).push(['bare']);
		expect(read(doc, 'bare')).toMatchObject({ kind: 'question', answers: [], voters: 0 });
	});

	it('leaves out answers that are not texts under a usable id, and sorts the rest by code point', () => {
		const doc = docWithQuestion();
		const answers = stepMap(doc, 'q')!.get('answers') as Y.Map<unknown>;
		answers.set('a1', 'Zorg dichtbij');
		answers.set('a2', 'aandacht');
		answers.set('a3', 'één loket');
		answers.set('a4', 'Aandacht');
		answers.set('a5', 42);
		answers.set('a6', { text: 'verstopt' });
		answers.set('constructor', 'via een gereserveerde naam');
		answers.set('a7', new Y.Map());
		expect(read(doc).answers).toEqual([
			{ id: 'a4', text: 'Aandacht' },
			{ id: 'a1', text: 'Zorg dichtbij' },
			{ id: 'a2', text: 'aandacht' },
			{ id: 'a3', text: 'één loket' }
		]);
	});
});

describe('the answers in a document', () => {
	it('are written as a diff: new ones added, gone ones deleted, the rest left as they are', () => {
		const doc = new Y.Doc();
		const map = doc.getMap<unknown>('answers');
		expect(
			writeAnswerMap(map, [
				{ id: 'a', text: 'Kennisdelen' },
				{ id: 'b', text: 'Minder bureaucratie' }
			])
		).toBe(false);
		let updates = 0;
		doc.on('update', () => updates++);
		expect(
			writeAnswerMap(map, [
				{ id: 'a', text: 'Kennisdelen' },
				{ id: 'b', text: 'Minder bureaucratie' }
			])
		).toBe(false);
		expect(updates).toBe(0);
		expect(writeAnswerMap(map, [{ id: 'b', text: 'Minder bureaucratie' }])).toBe(true);
		expect(readAnswerMap(map)).toEqual([{ id: 'b', text: 'Minder bureaucratie' }]);
	});

	it('are published with how many answered, and say when an answer was taken out', () => {
		const doc = docWithQuestion();
		const two = [
			{ id: 'a', text: 'Kennisdelen' },
			{ id: 'b', text: 'Samenwerking tussen regio’s' }
		];
		expect(setQuestionPublished(doc, 'q', { voters: 3, answers: two })).toBe(false);
		expect(read(doc)).toMatchObject({ voters: 3, answers: two });
		expect(setQuestionPublished(doc, 'q', { voters: 3, answers: two.slice(1) })).toBe(true);
		expect(setQuestionPublished(doc, 'gone', { voters: 1, answers: [] })).toBe(false);
	});

	it('sort by text in code-point order, then by id, whatever order they come in', () => {
		const answers = [
			{ id: 'z', text: 'Kennisdelen' },
			{ id: 'a', text: 'Kennisdelen' },
			{ id: 'm', text: 'één loket' },
			{ id: 'b', text: 'Minder bureaucratie' }
		];
		expect(sortAnswers([...answers]).map((a) => a.id)).toEqual(['a', 'z', 'b', 'm']);
		expect(sortAnswers([...answers].reverse()).map((a) => a.id)).toEqual(['a', 'z', 'b', 'm']);
	});
});

describe('a participant’s ballot', () => {
	it('reads as its well-formed answers, each id once; anything else as none', () => {
		expect(
			ballotAnswers({
				answers: [
					{ id: 'a', text: 'Kennisdelen' },
					{ id: 'a', text: 'dubbel' },
					{ id: '__proto__', text: 'x' },
					{ id: 'b', text: 7 },
					null,
					'Kennisdelen',
					{ id: 'c', text: 'Minder bureaucratie' }
				]
			})
		).toEqual([
			{ id: 'a', text: 'Kennisdelen' },
			{ id: 'c', text: 'Minder bureaucratie' }
		]);
		for (const odd of [undefined, null, 3, 'x', [], { answers: 'x' }, { choice: 'a' }]) {
			expect(ballotAnswers(odd)).toEqual([]);
		}
	});
});

describe('the facilitators’ own view', () => {
	it('has every released answer with where it stands', () => {
		const own = new Y.Doc();
		setReleased(
			own,
			'q',
			ANSWERS.map((text, i) => ({ id: `a${i}`, text }))
		);
		setModeration(own, 'q', 'a1', 'hidden');
		setModeration(own, 'q', 'a2', 'approved');
		const states = (moderated: boolean) =>
			Object.fromEntries(readReview(own, 'q', moderated).map((a) => [a.id, a.state]));
		expect(states(false)).toEqual({
			a0: 'shown',
			a1: 'hidden',
			a2: 'shown',
			a3: 'shown',
			a4: 'shown',
			a5: 'shown'
		});
		expect(states(true)).toEqual({
			a0: 'pending',
			a1: 'hidden',
			a2: 'shown',
			a3: 'pending',
			a4: 'pending',
			a5: 'pending'
		});
		expect(readReview(own, 'q', false).map((a) => a.text)).toEqual(
			[...ANSWERS].sort((a, b) => (a < b ? -1 : 1))
		);
	});

	it('keeps decisions apart from the release, and forgets those about answers that are gone', () => {
		const own = new Y.Doc();
		setModeration(own, 'q', 'a1', 'hidden');
		setReleased(own, 'q', []);
		expect(readModeration(own, 'q').get('a1')).toBe('hidden');
		pruneModeration(own, 'q', new Set(['a2']));
		expect(readModeration(own, 'q').size).toBe(0);
		setModeration(own, 'q', 'a2', 'approved');
		setModeration(own, 'q', 'a2', undefined);
		expect(readModeration(own, 'q').size).toBe(0);
	});

	it('reads odd stored data as nothing released and nothing decided', () => {
		const own = new Y.Doc();
		const results = own.getMap<unknown>(PRIVATE_KEYS.results);
		for (const odd of [3, 'x', [1, 2], { answers: { a: 'b' } }, null]) {
			results.set('q', odd);
			expect(readReview(own, 'q', true)).toEqual([]);
			expect(readModeration(own, 'q').size).toBe(0);
		}
		const entry = new Y.Map<unknown>();
		results.set('q', entry);
		entry.set('answers', 'Kennisdelen');
		const moderation = new Y.Map<unknown>();
		entry.set('moderation', moderation);
		moderation.set('a', 'deleted');
		moderation.set('b', true);
		expect(readReleased(own, 'q')).toEqual([]);
		expect(readModeration(own, 'q').size).toBe(0);
		// Writing over an odd value makes it well-formed again.
		setReleased(own, 'q', [{ id: 'a', text: 'Kennisdelen' }]);
		expect(readReleased(own, 'q')).toEqual([{ id: 'a', text: 'Kennisdelen' }]);
	});

	it('puts the review on the step only for facilitators', () => {
		const doc = docWithQuestion();
		const own = new Y.Doc();
		setReleased(own, 'q', [{ id: 'a', text: 'Kennisdelen' }]);
		const step = read(doc);
		expect(step.review).toBeUndefined();
		expect(questionKind.forFacilitators(step, own, doc).review).toEqual([
			{ id: 'a', text: 'Kennisdelen', state: 'shown' }
		]);
	});

	it('names the state of an answer from the decision and whether the question is moderated', () => {
		expect(answerState(undefined, false)).toBe('shown');
		expect(answerState(undefined, true)).toBe('pending');
		expect(answerState('approved', true)).toBe('shown');
		expect(answerState('hidden', false)).toBe('hidden');
		expect(answerState('hidden', true)).toBe('hidden');
	});
});

describe('the projector’s cloud', () => {
	it('puts the most used word in the middle and the others alternately around it', () => {
		const texts = [
			'Samenwerking tussen regio’s',
			'samenwerking en vertrouwen',
			'Samenwerking',
			'Kennisdelen',
			'kennisdelen',
			'Minder bureaucratie'
		];
		const cloud = cloudLayout(texts);
		// "tussen" is a stop word; of six words the middle is the fourth.
		expect(cloud.map((w) => w.word)).toEqual([
			'vertrouwen',
			'Minder',
			'kennisdelen',
			'Samenwerking',
			'bureaucratie',
			"regio's"
		]);
		expect(displayWord("regio's")).toBe('regio’s');
		// "Samenwerking" is the largest; words used once the smallest.
		expect(cloud.find((w) => w.word === 'Samenwerking')).toMatchObject({ count: 3, weight: 5 });
		expect(cloud.find((w) => w.word === 'bureaucratie')).toMatchObject({ count: 1, weight: 1 });
		expect(cloud.find((w) => w.word === 'kennisdelen')).toMatchObject({ count: 2, weight: 3 });
	});

	it('shows at most its fixed number of words', () => {
		const many = Array.from({ length: 80 }, (_, i) => `thema${String(i).padStart(2, '0')}`);
		expect(cloudLayout(many)).toHaveLength(SCREEN_WORDS);
		expect(cloudLayout([])).toEqual([]);
	});
});

describe('the report', () => {
	function snapshotWith(step: Partial<QuestionStep>) {
		const doc = docWithQuestion();
		const own = new Y.Doc();
		const snapshot = readSnapshot(doc, 's', own);
		const question = { ...read(doc), ...step };
		return { ...snapshot, steps: [question] };
	}

	it('has the prompt, how many answered, the top words and the published answers only', () => {
		const answers = ANSWERS.map((text, i) => ({ id: `a${i}`, text }));
		const snapshot = snapshotWith({
			prompt: 'Wat moet BORN vasthouden?',
			voters: 5,
			answers,
			review: [
				...answers.map((a) => ({ ...a, state: 'shown' as const })),
				{ id: 'h', text: 'Een verborgen scheldwoord', state: 'hidden' },
				{ id: 'p', text: 'Nog niet goedgekeurd', state: 'pending' }
			]
		});
		const markdown = renderMarkdown(buildReport(snapshot, { locale: 'nl', now: 0 }));
		expect(markdown).toMatch(/\n## Bijlage [A-Z]: Open vragen\n/);
		expect(markdown).toContain('**Wat moet BORN vasthouden?**');
		expect(markdown).toContain('5 deelnemers hebben geantwoord');
		expect(markdown).toContain('| Woord | In antwoorden |');
		expect(markdown).toContain('| Samenwerking | 2 |');
		expect(markdown).toContain('| bureaucratie | 2 |');
		expect(markdown).toContain('| regio’s | 1 |');
		expect(markdown).toContain('- Samenwerking tussen regio’s');
		expect(markdown).not.toContain('verborgen');
		expect(markdown).not.toContain('goedgekeurd');
	});

	it('says why no answers are listed, and leaves out a question nobody answered', () => {
		const tooFew = buildReport(snapshotWith({ voters: 2 }), { locale: 'nl', now: 0 });
		expect(renderMarkdown(tooFew)).toContain(
			'De antwoorden verschijnen zodra minstens 3 mensen hebben geantwoord.'
		);
		const none = buildReport(snapshotWith({ voters: 0 }), { locale: 'nl', now: 0 });
		expect(renderMarkdown(none)).not.toContain('Open vragen');
	});
});

describe('the question’s messages with a number', () => {
	it.each([
		[
			'question_answered',
			{ count: 1 },
			'1 deelnemer heeft geantwoord',
			'1 participant has answered'
		],
		[
			'question_answered',
			{ count: 12 },
			'12 deelnemers hebben geantwoord',
			'12 participants have answered'
		],
		[
			'question_limit_reached',
			{ max: 1 },
			'Je hebt je antwoord gegeven. Haal het weg als je iets anders wilt zeggen.',
			'You have given your answer. Remove it if you want to say something else.'
		],
		[
			'question_limit_reached',
			{ max: 3 },
			'Je hebt het maximum van 3 antwoorden gegeven. Haal er een weg als je iets anders wilt zeggen.',
			'You have given the maximum of 3 answers. Remove one if you want to say something else.'
		],
		['question_word_count', { word: 'zorg', count: 1 }, 'zorg: in 1 antwoord', 'zorg: in 1 answer'],
		[
			'question_word_count',
			{ word: 'zorg', count: 4 },
			'zorg: in 4 antwoorden',
			'zorg: in 4 answers'
		],
		[
			'question_too_few',
			{ threshold: 1 },
			'De antwoorden verschijnen zodra iemand heeft geantwoord.',
			'The answers appear as soon as someone has answered.'
		]
	] as const)('%s agrees with %j in Dutch and English', (name, inputs, nl, en) => {
		const message = m[name] as (inputs: object, options: { locale: 'nl' | 'en' }) => string;
		expect(message(inputs, { locale: 'nl' })).toBe(nl);
		expect(message(inputs, { locale: 'en' })).toBe(en);
	});
});
