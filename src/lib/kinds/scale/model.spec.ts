import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStep, newStep, readStep, stepMap } from '../../model/steps.ts';
import { bornTemplate } from '../../model/templates.ts';
import type { Locale } from '../../model/types.ts';
import { m } from '../../paraglide/messages.js';
import type { ReportContext } from '../../report/context.ts';
import { packScaleTally, unpackScaleTally } from './codec.ts';
import { countScale, dividingStatements, releaseScale, tallyScale } from './count.ts';
import { readPrivateScaleTally, setPrivateScaleTally, setScaleTally } from './model.ts';
import { scaleReport } from './report.ts';
import type { ScaleBallot, ScaleStep } from './types.ts';

/** A document in `locale` with one scale step `s`, made as `step.add` makes it. */
function docWithScale(locale: Locale = 'nl', optionSet?: string) {
	const doc = new Y.Doc();
	doc.getMap('meta').set('locale', locale);
	addStep(doc, newStep(bornTemplate, locale, 0, { id: 's', kind: 'scale', optionSet }));
	const read = (): ScaleStep => readStep(doc, 's') as ScaleStep;
	return { doc, map: stepMap(doc, 's')!, read };
}

const counted = (ballots: [string, ScaleBallot][]) =>
	ballots.map(([perspective, ballot]) => ({ perspective, ballot }));

describe('a new scale step', () => {
	it('starts from five points of agreement, or from the levels of the network, in the session’s language', () => {
		const agree = docWithScale('nl').read();
		expect(agree).toMatchObject({
			kind: 'scale',
			title: 'Stellingen',
			labels: ['Helemaal oneens', 'Oneens', 'Neutraal', 'Eens', 'Helemaal eens'],
			visibility: 'hidden',
			status: 'draft',
			revealed: false,
			round: 1,
			tally: { voters: 0 }
		});
		expect(agree.statements.length).toBeGreaterThan(0);
		const level = docWithScale('en', 'level').read();
		expect(level.labels).toEqual(['Local', 'Regional', 'Supra-regional']);
		expect(level.title).toBe('At which level does this theme belong?');
		expect(level.statements.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
	});
});

describe('reading a stored scale step', () => {
	it('reads odd fields as a new step has them, and never throws', () => {
		const { map, read } = docWithScale('en');
		map.set('title', 42);
		map.set('statements', [
			{ id: 'a', text: 'Eén' },
			{ id: 'a', text: 'Twee keer a' },
			{ id: '__proto__', text: 'Prototype' },
			{ id: 'b' },
			'c',
			null,
			{ id: 'd', text: 'Vier', extra: true }
		]);
		map.set('labels', ['Alleen één']);
		map.set('visibility', 'everyone');
		map.set('status', 'done');
		map.set('revealed', 'yes');
		map.set('round', Number.NaN);
		map.set('tally', { voters: 3 });
		expect(read()).toEqual({
			id: 's',
			kind: 'scale',
			title: '',
			statements: [
				{ id: 'a', text: 'Eén' },
				{ id: 'd', text: 'Vier' }
			],
			// One label is no scale: the default, in the session's language.
			labels: ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'],
			visibility: 'hidden',
			status: 'draft',
			revealed: false,
			round: 1,
			tally: { voters: 0 }
		});
		map.set('statements', new Y.Map());
		map.set('labels', 'Eens');
		expect(read().statements).toEqual([]);
		expect(read().labels).toHaveLength(5);
	});

	it('reads a packed tally of the wrong shape as absent parts, counts that are no numbers as 0', () => {
		const ids = ['a', 'b', 'c'];
		expect(unpackScaleTally('x', ids, 3)).toEqual({ voters: 0 });
		expect(unpackScaleTally([Number.NaN], ids, 3)).toEqual({ voters: 0 });
		expect(unpackScaleTally([-4, 'oops'], ids, 3)).toEqual({ voters: 0 });
		expect(
			unpackScaleTally(
				[
					5,
					[[1, 'x', -2, 9], [], 'no list'],
					['wethouder', '__proto__', '', 7],
					[[[3, 1, 1]], [[1, 1, 1]], [[1, 1, 1]]],
					[
						[],
						[
							['gi', '', '__proto__', 3],
							[0, 4]
						],
						[['gi'], 'no counts']
					]
				],
				ids,
				3
			)
		).toEqual({
			voters: 5,
			byStatement: { a: [1, 0, 0] },
			byPerspective: { wethouder: { a: [3, 1, 1] } },
			merged: { b: { perspectives: ['gi', ''], counts: [0, 4, 0] } }
		});
		// Statement ids that could reach a prototype never become keys.
		expect(unpackScaleTally([1, [[1, 2]]], ['constructor'], 2)).toEqual({
			voters: 1,
			byStatement: {}
		});
	});
});

describe('counting answers on a scale', () => {
	const ids = ['a', 'b'];

	it('shows a statement only once the smallest group answered it', () => {
		const counts = countScale(
			ids,
			5,
			counted([
				['wethouder', { a: 0, b: 4 }],
				['aanbieder', { a: 4 }],
				['gi', { a: 4 }]
			])
		);
		expect(counts.voters).toBe(3);
		// b has one answer: showing it would show that person's.
		expect(releaseScale(counts, 3, false)).toEqual({ byStatement: { a: [1, 0, 0, 0, 2] } });
		expect(releaseScale(counts, 4, false)).toEqual({});
		expect(releaseScale(counts, 1, false)).toEqual({
			byStatement: { a: [1, 0, 0, 0, 2], b: [0, 0, 0, 0, 1] }
		});
	});

	it('splits each statement’s groups by who answered that one, merging the small ones', () => {
		const ballots = counted([
			['wethouder', { a: 0, b: 0 }],
			['wethouder', { a: 0, b: 1 }],
			['wethouder', { a: 1 }],
			['aanbieder', { a: 4, b: 4 }],
			['aanbieder', { a: 4, b: 3 }],
			['aanbieder', { a: 3, b: 4 }],
			['', { b: 2 }]
		]);
		const released = releaseScale(countScale(ids, 5, ballots), 3, true);
		expect(released).toEqual({
			byStatement: { a: [2, 1, 0, 1, 2], b: [1, 1, 1, 1, 2] },
			byPerspective: {
				wethouder: { a: [2, 1, 0, 0, 0] },
				aanbieder: { a: [0, 0, 0, 1, 2], b: [0, 0, 0, 1, 2] }
			},
			// On b only two aldermen answered: they join the one without a perspective.
			merged: { b: { perspectives: ['', 'wethouder'], counts: [1, 1, 1, 0, 0] } }
		});
		expect(tallyScale(ids, 5, ballots).byPerspective?.wethouder).toEqual({
			a: [2, 1, 0, 0, 0],
			b: [1, 1, 0, 0, 0]
		});
	});

	it('ranks what divides the room or the perspectives, leaving out what everyone answered alike', () => {
		const step = {
			statements: [
				{ id: 'same', text: 'Iedereen eens' },
				{ id: 'split', text: 'Twee kampen' },
				{ id: 'groups', text: 'Perspectieven uiteen' }
			]
		};
		const ranked = dividingStatements(step, {
			voters: 8,
			byStatement: { same: [0, 0, 8], split: [4, 0, 4], groups: [3, 2, 3] },
			byPerspective: { x: { groups: [3, 0, 0] }, y: { groups: [0, 0, 3] } }
		});
		expect(ranked.map((d) => d.id)).toEqual(['groups', 'split']);
		expect(ranked[0]).toMatchObject({ gap: 1 });
		expect(ranked[1]).toMatchObject({ division: 1, gap: 0 });
	});
});

describe('the packed tally in the document', () => {
	it('reads back exactly what was released, with and without the breakdown', () => {
		const ids = ['a', 'b', 'c'];
		const ballots = counted([
			['wethouder', { a: 0, b: 1 }],
			['wethouder', { a: 1, c: 2 }],
			['wethouder', { a: 2, b: 2 }],
			['gi', { a: 2, b: 0 }]
		]);
		const counts = countScale(ids, 3, ballots);
		for (const breakdown of [false, true]) {
			const tally = { voters: 4, ...releaseScale(counts, 3, breakdown) };
			const packed = packScaleTally(tally, ids, 3);
			const back = unpackScaleTally(JSON.parse(JSON.stringify(packed)), ids, 3);
			expect(back).toEqual(tally);
			expect(JSON.stringify(back)).toBe(JSON.stringify(tally));
		}
		expect(packScaleTally({ voters: 2 }, ids, 3)).toEqual([2]);
		expect(packScaleTally({ voters: 3, byStatement: { b: [1, 1, 1] } }, ids, 3)).toEqual([
			3,
			[[], [1, 1, 1], []]
		]);
	});

	it('is written and read through the step’s own order, in both documents', () => {
		const { doc, read } = docWithScale();
		const [first, second] = read().statements;
		const tally = { voters: 3, byStatement: { [second!.id]: [0, 1, 0, 2, 0] } };
		setScaleTally(doc, 's', tally);
		expect(read().tally).toEqual(tally);
		const own = new Y.Doc();
		expect(readPrivateScaleTally(own, doc, 's')).toBeUndefined();
		const closed = { ...tally, byPerspective: { gi: { [first!.id]: [3, 0, 0, 0, 0] } } };
		setPrivateScaleTally(own, doc, 's', closed);
		expect(readPrivateScaleTally(own, doc, 's')).toEqual({
			voters: 3,
			byStatement: tally.byStatement,
			byPerspective: closed.byPerspective
		});
	});
});

describe('the report of a scale step', () => {
	const context = (threshold = 3): ReportContext => ({
		locale: 'nl',
		snapshot: {} as ReportContext['snapshot'],
		perspectiveLabel: new Map([
			['wethouder', 'Wethouder'],
			['aanbieder', 'Jeugdhulpaanbieder']
		]),
		threshold,
		positioning: {} as ReportContext['positioning'],
		charts: {
			locale: 'nl',
			perspectives: [
				{ id: 'wethouder', label: 'Wethouder' },
				{ id: 'aanbieder', label: 'Jeugdhulpaanbieder' }
			],
			threshold,
			session: { title: 'Sessie', date: 0 }
		}
	});

	it('leaves out steps nobody answered', () => {
		const { read } = docWithScale();
		expect(scaleReport([read()], context())).toEqual([]);
	});

	it('has the distributions, what divides most and each statement per perspective', () => {
		const step: ScaleStep = {
			...docWithScale('nl', 'level').read(),
			status: 'closed',
			statements: [
				{ id: 'a', text: 'Crisisopvang' },
				{ id: 'b', text: 'Kennis delen' }
			],
			tally: {
				voters: 6,
				byStatement: { a: [3, 0, 3] },
				byPerspective: { wethouder: { a: [3, 0, 0] }, aanbieder: { a: [0, 0, 3] } }
			}
		};
		const blocks = scaleReport([step], context());
		expect(blocks[0]).toEqual({ kind: 'heading', level: 2, text: 'Stellingen' });
		expect(blocks).toContainEqual({
			kind: 'paragraph',
			text: '6 deelnemers beantwoordden stellingen.'
		});
		expect(blocks).toContainEqual({
			kind: 'table',
			caption: 'Op welk niveau hoort dit thema?: verdeling per stelling',
			header: ['Stelling', 'Lokaal', 'Regionaal', 'Bovenregionaal', 'Antwoorden'],
			widths: [3, 'narrow', 'narrow', 'narrow', 'narrow'],
			rows: [
				['Crisisopvang', '3 (50%)', '0 (0%)', '3 (50%)', '6'],
				['Kennis delen', '—', '—', '—', 'te weinig antwoorden']
			]
		});
		const dividing = blocks.find((b) => b.kind === 'table' && b.header[0] === 'Nr.');
		expect(dividing).toMatchObject({ rows: [['1', 'Crisisopvang', '100%', '100%']] });
		expect(blocks).toContainEqual({
			kind: 'table',
			caption: 'Crisisopvang: per perspectief',
			header: ['Perspectief', 'Lokaal', 'Regionaal', 'Bovenregionaal', 'Antwoorden'],
			widths: [2, 'narrow', 'narrow', 'narrow', 'narrow'],
			rows: [
				['Wethouder', '3 (100%)', '0 (0%)', '0 (0%)', '3'],
				['Jeugdhulpaanbieder', '0 (0%)', '0 (0%)', '3 (100%)', '3']
			]
		});
		// The statement's chart right after its table, in words for those who do not see it.
		const table = blocks.findIndex((b) => b.kind === 'table' && b.caption.startsWith('Crisis'));
		expect(blocks[table + 1]).toMatchObject({
			kind: 'chart',
			spec: { key: `${step.id}-statement-a` },
			alt: expect.stringMatching(/Wethouder \(3\): Lokaal 100% \(3\)/)
		});
		expect(blocks.filter((b) => b.kind === 'chart')).toHaveLength(1);
	});

	it('says why there are no counts yet', () => {
		const step = { ...docWithScale().read(), status: 'open' as const, tally: { voters: 2 } };
		expect(scaleReport([step], context())).toContainEqual({
			kind: 'paragraph',
			text: m.results_too_few({ threshold: 3 }, { locale: 'nl' })
		});
		expect(scaleReport([{ ...step, tally: { voters: 5 } }], context())).toContainEqual({
			kind: 'paragraph',
			text: 'De uitslag is nog niet vrijgegeven: de ronde loopt nog.'
		});
	});
});

describe('the scale’s counted messages', () => {
	it('agree with their number in Dutch and English', () => {
		const cases: [string, string][] = [
			[m.scale_results_answers({ count: 1 }, { locale: 'nl' }), '1 antwoord'],
			[m.scale_results_answers({ count: 2 }, { locale: 'nl' }), '2 antwoorden'],
			[m.scale_results_answers({ count: 1 }, { locale: 'en' }), '1 answer'],
			[m.scale_results_answers({ count: 2 }, { locale: 'en' }), '2 answers'],
			[
				m.report_scale_voters({ count: 1 }, { locale: 'nl' }),
				'1 deelnemer beantwoordde stellingen.'
			],
			[m.report_scale_voters({ count: 1 }, { locale: 'en' }), '1 participant answered statements.'],
			[
				m.scale_statement_too_few({ threshold: 1 }, { locale: 'nl' }),
				'Verschijnt zodra iemand deze stelling beantwoordde.'
			],
			[
				m.scale_statement_too_few({ threshold: 3 }, { locale: 'en' }),
				'Shows once at least 3 people have answered this statement.'
			]
		];
		for (const [text, expected] of cases) expect(text).toBe(expected);
	});
});
