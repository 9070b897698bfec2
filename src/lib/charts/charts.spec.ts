import { describe, expect, it } from 'vitest';
import { groupRanking, releaseRanking } from '../kinds/ranking/tally.ts';
import type { RankingStep } from '../kinds/ranking/types.ts';
import { countScale, releaseScale } from '../kinds/scale/count.ts';
import type { ScaleStep } from '../kinds/scale/types.ts';
import type { QuestionStep } from '../kinds/question/types.ts';
import {
	countConsent,
	countPoll,
	releaseConsent,
	releasePoll,
	type CountedBallot
} from '../model/tally.ts';
import type {
	ConsentBallot,
	ConsentStep,
	DilemmaCard,
	DilemmaStep,
	Locale,
	PlanStep,
	PollBallot,
	PollMode,
	PollStep,
	SessionSnapshot
} from '../model/types.ts';
import {
	chartAlt,
	chartContext,
	chartFileName,
	renderChartSvg,
	stepCharts,
	type BarChart,
	type ChartContext,
	type ChartSpec,
	type StackedChart
} from './index.ts';
import { wrap, xmlText } from './text.ts';

const perspectives = [
	{ id: 'wethouder', label: 'Wethouder' },
	{ id: 'aanbieder', label: 'Jeugdhulpaanbieder' },
	{ id: 'ervaring', label: 'Ervaringsdeskundige' }
];

const context = (locale: Locale = 'nl'): ChartContext => ({
	locale,
	perspectives,
	threshold: 3,
	session: { title: 'Leersessie 1', date: Date.UTC(2026, 2, 12, 10) }
});

const options = [
	{ id: 'hart', title: 'Bestuurlijk hart', description: '' },
	{ id: 'leer', title: 'Leernetwerk', description: '' },
	{ id: 'fac', title: 'Facilitator', description: '' }
];

/** Ballots of `count` people of one perspective. */
const people = <B>(count: number, perspective: string, ballot: B): CountedBallot<B>[] =>
	Array.from({ length: count }, () => ({ perspective, ballot }));

/**
 * A poll whose tally is released as the server releases it: by the session's smallest group
 * (3), with the breakdown only when `closed`. The charts are made from nothing else.
 */
function poll(
	mode: PollMode,
	ballots: CountedBallot<PollBallot>[],
	closed = true,
	title = 'Positionering'
): PollStep {
	const released = releasePoll(countPoll(mode, options, ballots), 3, closed);
	return {
		id: 'p1',
		kind: 'poll',
		title,
		optionSet: 'positioning',
		question: 'Welke positionering past het best?',
		nowQuestion: 'Waar staan we nu?',
		desiredQuestion: 'Waar willen we heen?',
		options,
		mode,
		budget: 10,
		visibility: 'hidden',
		status: closed ? 'closed' : 'open',
		revealed: false,
		round: 1,
		endsAt: 0,
		tally: { voters: ballots.length, ...released }
	};
}

/** Three aldermen and four providers; one experience expert, a group of one. */
const singleBallots = [
	...people(2, 'wethouder', { choice: 'hart' }),
	...people(1, 'wethouder', { choice: 'leer' }),
	...people(4, 'aanbieder', { choice: 'leer' }),
	...people(1, 'ervaring', { choice: 'fac' })
];

const svgOf = (chart: ChartSpec | undefined): string => renderChartSvg(chart!);

/** The texts an SVG draws, unescaped, in order. */
const drawn = (svg: string): string[] =>
	[...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) =>
		match[1]!
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
			.replace(/&quot;/g, '"')
			.replace(/&apos;/g, "'")
			.replace(/&amp;/g, '&')
	);

describe('a single-choice poll', () => {
	it('draws each option with its votes and share, titled, in Dutch', () => {
		const charts = stepCharts(poll('single', singleBallots), context('nl'));
		const overall = charts[0] as BarChart;
		expect(overall.type).toBe('bars');
		const texts = drawn(svgOf(overall));
		expect(texts).toEqual(
			expect.arrayContaining([
				'Positionering',
				'Uitslag',
				'Welke positionering past het best?',
				'Bestuurlijk hart',
				'2 stemmen · 25%',
				'Leernetwerk',
				'5 stemmen · 63%',
				'Facilitator',
				'1 stem · 13%',
				'Leersessie 1 · 12 maart 2026'
			])
		);
	});

	it('speaks English in an English session', () => {
		const [overall, groups] = stepCharts(poll('single', singleBallots), context('en'));
		expect(drawn(svgOf(overall))).toEqual(
			expect.arrayContaining([
				'Result',
				'5 votes · 63%',
				'1 vote · 13%',
				'Leersessie 1 · 12 March 2026'
			])
		);
		expect(drawn(svgOf(groups))).toEqual(
			expect.arrayContaining(['By perspective', 'Everyone (8)', 'Jeugdhulpaanbieder (4)'])
		);
		expect(svgOf(overall)).toContain('xml:lang="en"');
	});

	it('shows the breakdown only as released: no group below the threshold has a row', () => {
		const charts = stepCharts(poll('single', singleBallots), context());
		expect(charts.map((c) => c.key)).toEqual(['p1-overall', 'p1-perspectives']);
		const groups = charts[1] as StackedChart;
		// The expert alone is below the threshold: merged, and the merged group (1) is too small
		// on its own, so the smallest shown group (the aldermen) joins it.
		expect(groups.rows.map((row) => row.label)).toEqual([
			'Iedereen (8)',
			'Jeugdhulpaanbieder (4)',
			'Overige perspectieven (Ervaringsdeskundige, Wethouder) (4)'
		]);
		expect(groups.rows.map((row) => row.counts)).toEqual([
			[2, 5, 1],
			[0, 4, 0],
			[2, 1, 1]
		]);
		const svg = svgOf(groups);
		expect(drawn(svg)).not.toContain('Wethouder (3)');
		expect(drawn(svg)).not.toContain('Ervaringsdeskundige (1)');
		expect(drawn(svg)).toEqual(
			expect.arrayContaining(['Per perspectief', 'Bestuurlijk hart', '100%', '50%', '25%'])
		);
		expect(groups.notes[0]).toContain('Groepen van minder dan 3 mensen');
	});

	it('has no breakdown while the poll is open, and no chart while nothing is released', () => {
		expect(stepCharts(poll('single', singleBallots, false), context()).map((c) => c.key)).toEqual([
			'p1-overall'
		]);
		// Two voters: fewer than the smallest group, so the tally holds no counts.
		const few = poll('single', singleBallots.slice(0, 2));
		expect(few.tally.totals).toBeUndefined();
		expect(stepCharts(few, context())).toEqual([]);
	});

	it('escapes every text for XML and drops characters XML cannot hold', () => {
		const step = poll('single', singleBallots, true, 'Zorg & <welzijn> "samen" \u0007');
		const svg = svgOf(stepCharts(step, context())[0]);
		expect(svg).toContain('Zorg &amp; &lt;welzijn&gt; &quot;samen&quot;');
		expect(svg).not.toContain('<welzijn>');
		expect(svg).not.toContain('\u0007');
		// Nothing but the markup itself opens a tag.
		const tags = [...svg.matchAll(/<([a-zA-Z?/][^\s>]*)/g)].map((m) => m[1]);
		expect(new Set(tags)).toEqual(
			new Set([
				'?xml',
				'svg',
				'title',
				'/title',
				'desc',
				'/desc',
				'rect',
				'text',
				'/text',
				'line',
				'/svg'
			])
		);
	});
});

describe('a points poll', () => {
	it('counts points, not votes', () => {
		const ballots = [
			...people(3, 'wethouder', { points: { hart: 7, leer: 3 } }),
			...people(3, 'aanbieder', { points: { leer: 10 } })
		];
		const [overall] = stepCharts(poll('points', ballots), context());
		expect(drawn(svgOf(overall))).toEqual(
			expect.arrayContaining(['21 punten · 35%', '39 punten · 65%', '0 punten · 0%'])
		);
	});
});

describe('a now-vs-desired poll', () => {
	const ballots = [
		...people(3, 'wethouder', { now: 'leer', desired: 'hart' }),
		...people(3, 'aanbieder', { now: 'leer', desired: 'leer' })
	];

	it('draws now and desired side by side, with the shift in percentage points', () => {
		const charts = stepCharts(poll('nowDesired', ballots), context());
		expect(charts.map((c) => c.key)).toEqual([
			'p1-overall',
			'p1-perspectives-now',
			'p1-perspectives-desired'
		]);
		const overall = charts[0] as BarChart;
		expect(overall.series.map((s) => s.label)).toEqual(['Nu', 'Gewenst']);
		const hart = overall.rows.find((row) => row.label === 'Bestuurlijk hart')!;
		expect(hart.note).toBe('Verschuiving: +50 procentpunt');
		expect(hart.bars.map((bar) => bar.text)).toEqual(['0 stemmen · 0%', '3 stemmen · 50%']);
		expect(overall.rows.find((row) => row.label === 'Leernetwerk')!.note).toBe(
			'Verschuiving: -50 procentpunt'
		);
		expect(drawn(svgOf(overall))).toEqual(
			expect.arrayContaining(['Nu', 'Gewenst', 'Verschuiving: +50 procentpunt'])
		);
		const en = stepCharts(poll('nowDesired', ballots), context('en'))[0] as BarChart;
		expect(en.rows[0]!.note).toBe('Shift: +50 percentage points');
		expect(charts[1]!.name).toBe('Per perspectief · Nu');
		expect((charts[2] as StackedChart).rows.map((row) => row.counts)).toEqual([
			[3, 3, 0],
			[3, 0, 0],
			[0, 3, 0]
		]);
	});
});

function consent(ballots: CountedBallot<ConsentBallot>[], status: 'open' | 'closed'): ConsentStep {
	const released = releaseConsent(countConsent(ballots), 3, status === 'closed');
	return {
		id: 'c1',
		kind: 'consent',
		title: 'Voorstel positionering',
		proposal: 'BORN wordt een leernetwerk.',
		rounds: [
			{
				number: 1,
				proposal: 'BORN wordt een leernetwerk.',
				status,
				tally: { voters: ballots.length, ...released },
				reasons: []
			}
		]
	};
}

describe('a consent round', () => {
	const ballots = [
		...people(3, 'wethouder', { answer: 'consent' as const, reason: '' }),
		...people(2, 'aanbieder', { answer: 'concern' as const, reason: 'x' }),
		...people(1, 'aanbieder', { answer: 'objection' as const, reason: 'y' })
	];

	it('draws its answers with counts and shares, its outcome beside its round', () => {
		const [round, groups] = stepCharts(consent(ballots, 'closed'), context());
		expect([round!.name, round!.subtitle]).toEqual(['Ronde 1', 'Niet aangenomen: er is bezwaar']);
		expect(drawn(svgOf(round))).toEqual(
			expect.arrayContaining([
				'Instemming',
				'3 antwoorden · 50%',
				'Bedenking',
				'2 antwoorden · 33%',
				'Bezwaar',
				'1 antwoord · 17%',
				'Voorstel: BORN wordt een leernetwerk.'
			])
		);
		expect((groups as StackedChart).rows).toEqual([
			{ label: 'Iedereen (6)', counts: [3, 2, 1] },
			{ label: 'Wethouder (3)', counts: [3, 0, 0] },
			{ label: 'Jeugdhulpaanbieder (3)', counts: [0, 2, 1] }
		]);
	});

	it('has only the totals while the round is open', () => {
		expect(stepCharts(consent(ballots, 'open'), context()).map((c) => c.key)).toEqual([
			'c1-round-1'
		]);
	});
});

describe('a dilemma board', () => {
	const card = (id: string, text: string, extra: Partial<DilemmaCard> = {}): DilemmaCard => ({
		id,
		text,
		poleA: '',
		poleB: '',
		author: '',
		hidden: false,
		cluster: 'k1',
		order: id,
		stackedOn: '',
		createdAt: 0,
		...extra
	});
	const board = (byCard: Record<string, number> | undefined): DilemmaStep => ({
		id: 'd1',
		kind: 'dilemmas',
		title: 'Dilemma’s',
		prompt: 'Welk dilemma speelt?',
		postingLocked: false,
		participantsMayMove: false,
		clusters: [{ id: 'k1', title: 'Eigenaarschap', description: '' }],
		cards: [
			card('a', 'Snel of zorgvuldig'),
			card('b', 'Lokaal of regionaal'),
			card('c', 'Dubbel', { stackedOn: 'a' }),
			card('h', 'Verborgen kaart', { hidden: true })
		],
		dots: {
			status: 'closed',
			perParticipant: 3,
			perCard: 2,
			visibility: 'live',
			revealed: true,
			round: 1
		},
		dotTally: { voters: 4, ...(byCard ? { byCard } : {}) }
	});

	it('draws the cards with the most dots, a stack with all its dots, no hidden card', () => {
		const [chart] = stepCharts(board({ a: 2, b: 3, c: 2, h: 9 }), context());
		const bars = chart as BarChart;
		expect(bars.rows.map((row) => [row.label, row.bars[0]!.text, row.note])).toEqual([
			['1. Snel of zorgvuldig', '4 stippen', 'Eigenaarschap'],
			['2. Lokaal of regionaal', '3 stippen', 'Eigenaarschap']
		]);
		expect(svgOf(chart)).not.toContain('Verborgen');
	});

	it('has no chart while the dots are not released', () => {
		expect(stepCharts(board(undefined), context())).toEqual([]);
	});
});

describe('a scale', () => {
	const statements = [
		{ id: 's1', text: 'We delen data' },
		{ id: 's2', text: 'We kopen samen in' }
	];
	const step = (closed: boolean): ScaleStep => {
		const ballots = [
			...people(3, 'wethouder', { s1: 0, s2: 2 }),
			...people(3, 'aanbieder', { s1: 2 }),
			...people(1, 'ervaring', { s1: 1 })
		];
		const counts = countScale(['s1', 's2'], 3, ballots);
		return {
			id: 'sc',
			kind: 'scale',
			title: 'Stellingen',
			statements,
			labels: ['Oneens', 'Neutraal', 'Eens'],
			visibility: 'live',
			status: closed ? 'closed' : 'open',
			revealed: false,
			round: 1,
			tally: { voters: 7, ...releaseScale(counts, 3, closed) }
		};
	};

	it('stacks each statement’s answers over the scale’s points', () => {
		const [chart] = stepCharts(step(false), context());
		const stackedChart = chart as StackedChart;
		expect(stackedChart.segments.map((s) => s.label)).toEqual(['Oneens', 'Neutraal', 'Eens']);
		expect(stackedChart.rows).toEqual([
			{ label: '1. We delen data (7)', counts: [3, 1, 3] },
			{ label: '2. We kopen samen in (3)', counts: [0, 0, 3] }
		]);
		expect(drawn(svgOf(chart))).toEqual(
			expect.arrayContaining(['Verdeling per stelling', 'Oneens', '43%', '100%'])
		);
	});

	it('per statement, the perspectives as released once closed', () => {
		const charts = stepCharts(step(true), context());
		expect(charts.map((c) => c.key)).toEqual([
			'sc-statements',
			'sc-statement-s1',
			'sc-statement-s2'
		]);
		expect((charts[1] as StackedChart).rows.map((row) => row.label)).toEqual([
			'Iedereen (7)',
			'Wethouder (3)',
			'Overige perspectieven (Jeugdhulpaanbieder, Ervaringsdeskundige) (4)'
		]);
		// Only the aldermen answered the second statement: everyone is that one group, so no
		// group of its own shows, only the whole (as the results view does).
		expect((charts[2] as StackedChart).rows.map((row) => row.label)).toEqual([
			'Iedereen (3)',
			'Wethouder (3)'
		]);
	});

	it('leaves out a statement too few answered, and says so', () => {
		const few = step(false);
		const counts = countScale(['s1', 's2'], 3, [
			...people(3, 'wethouder', { s1: 0 }),
			...people(2, 'aanbieder', { s2: 1 })
		]);
		few.tally = { voters: 5, ...releaseScale(counts, 3, false) };
		const [chart] = stepCharts(few, context());
		expect((chart as StackedChart).rows.map((row) => row.label)).toEqual(['1. We delen data (3)']);
		expect(chart!.notes[0]).toContain('Een stelling die minder dan 3 mensen beantwoordden');
		expect(svgOf(chart)).not.toContain('We kopen samen in');
	});
});

describe('a ranking', () => {
	it('draws the items by Borda points, with their places', () => {
		const items = [
			{ id: 'a', title: 'Preventie' },
			{ id: 'b', title: 'Wachtlijsten' },
			{ id: 'c', title: 'Inkoop' }
		];
		const ballots = [
			...people(2, 'wethouder', ['a', 'b', 'c']),
			...people(1, 'aanbieder', ['b', 'a', 'c'])
		];
		const step: RankingStep = {
			id: 'r',
			kind: 'ranking',
			title: 'Rangorde',
			prompt: 'Wat eerst?',
			optionSet: '',
			items,
			visibility: 'live',
			status: 'closed',
			revealed: true,
			round: 1,
			tally: { voters: 3, ...releaseRanking(groupRanking(items, ballots), items, 3, true) }
		};
		const [chart] = stepCharts(step, context());
		const bars = chart as BarChart;
		expect(bars.rows.map((row) => [row.label, row.bars[0]!.text])).toEqual([
			['1. Preventie', '8 punten'],
			['2. Wachtlijsten', '7 punten'],
			['3. Inkoop', '3 punten']
		]);
		expect(bars.max).toBe(9);
		expect(chart!.notes[0]).toContain('Punten: bij 3 onderdelen');
	});
});

describe('a ranking by perspective', () => {
	it('draws each perspective’s points over the items, once the breakdown is released', () => {
		const items = [
			{ id: 'a', title: 'Preventie' },
			{ id: 'b', title: 'Wachtlijsten' },
			{ id: 'c', title: 'Inkoop' }
		];
		const ballots = [
			...people(3, 'wethouder', ['a', 'b', 'c']),
			...people(3, 'aanbieder', ['c', 'b', 'a']),
			...people(1, 'gi', ['b', 'a', 'c'])
		];
		const step = (split: boolean): RankingStep => ({
			id: 'r',
			kind: 'ranking',
			title: 'Rangorde',
			prompt: 'Wat eerst?',
			optionSet: '',
			items,
			visibility: 'live',
			status: split ? 'closed' : 'open',
			revealed: true,
			round: 1,
			tally: { voters: 7, ...releaseRanking(groupRanking(items, ballots), items, 3, split) }
		});
		// While open there is no breakdown, so no chart of it either.
		expect(stepCharts(step(false), context()).map((c) => c.key)).toEqual(['r-points']);
		const [, chart] = stepCharts(step(true), context());
		const stacked = chart as StackedChart;
		expect(stacked.key).toBe('r-perspectives');
		expect(stacked.name).toBe('Punten per perspectief');
		// Segments in the room's order; each row a group's points, the lone one merged, never alone.
		expect(stacked.segments.map((s) => s.label)).toEqual(['Wachtlijsten', 'Preventie', 'Inkoop']);
		const rows = new Map(stacked.rows.map((row) => [row.label, row.counts]));
		expect([...rows.keys()].some((label) => label.startsWith('Gecertificeerde'))).toBe(false);
		expect(rows.get('Wethouder (3)')).toEqual([6, 9, 3]);
		const svg = renderChartSvg(chart!);
		expect(svg).toContain('Punten per perspectief');
		expect(svg).toContain('Wethouder (3)');
	});
});

describe('an open question', () => {
	it('draws the most used words of the answers the room saw', () => {
		const step: QuestionStep = {
			id: 'q',
			kind: 'question',
			title: 'Open vraag',
			prompt: 'Wat heb je nodig?',
			maxAnswers: 3,
			moderated: false,
			display: 'cloud',
			status: 'closed',
			round: 1,
			voters: 4,
			answers: [
				{ id: '1', text: 'Meer tijd' },
				{ id: '2', text: 'tijd en rust' },
				{ id: '3', text: 'Rust' },
				{ id: '4', text: 'tijd' }
			]
		};
		const [chart] = stepCharts(step, context());
		expect(
			(chart as BarChart).rows.slice(0, 2).map((row) => [row.label, row.bars[0]!.text])
		).toEqual([
			['tijd', '3 antwoorden'],
			['rust', '2 antwoorden']
		]);
		expect(stepCharts({ ...step, answers: [] }, context())).toEqual([]);
	});
});

describe('a plan', () => {
	it('has no chart', () => {
		const plan = { id: 'x', kind: 'plan', title: 'Jaarplan' } as PlanStep;
		expect(stepCharts(plan, context())).toEqual([]);
	});
});

describe('the text alternative', () => {
	it('says every figure of the chart in words', () => {
		const [overall, groups] = stepCharts(poll('single', singleBallots), context());
		expect(chartAlt(overall!)).toBe(
			'Positionering. Uitslag. Welke positionering past het best? Bestuurlijk hart: 2 stemmen · 25%; Leernetwerk: 5 stemmen · 63%; Facilitator: 1 stem · 13%. Leersessie 1 · 12 maart 2026.'
		);
		expect(chartAlt(groups!)).toContain(
			'Jeugdhulpaanbieder (4): Bestuurlijk hart 0% (0), Leernetwerk 100% (4), Facilitator 0% (0)'
		);
		// The SVG carries it as its description.
		expect(svgOf(overall)).toContain(`<desc id="chart-desc">${xmlText(chartAlt(overall!))}</desc>`);
	});
});

describe('long texts', () => {
	it('wrap between words, at most the lines allowed, the last cut with an ellipsis', () => {
		const text = 'een heel lange tekst over samenwerking in de regio '.repeat(8);
		const lines = wrap(text, 300, 15, { maxLines: 3 });
		expect(lines).toHaveLength(3);
		expect(lines[2]!.endsWith('…')).toBe(true);
		expect(lines[0]!.startsWith('een heel lange')).toBe(true);
		// A word longer than a line is broken where it must be.
		expect(wrap('x'.repeat(200), 100, 15).every((line) => line.length > 0)).toBe(true);
	});

	it('of a chart stay within its width', () => {
		const long = 'Samenwerkingsverband passend onderwijs en jeugdhulp in de regio '.repeat(5);
		const step = poll('single', singleBallots, true, long);
		step.options = options.map((o) => ({ ...o, title: `${o.title} ${long}` }));
		for (const chart of stepCharts(step, context())) {
			const svg = renderChartSvg(chart);
			for (const text of drawn(svg)) expect(text.length).toBeLessThan(110);
		}
	});
});

describe('the context from a snapshot', () => {
	it('takes the session’s perspectives, smallest group, title and date', () => {
		const snapshot = {
			title: 'Leersessie 1',
			createdAt: 5,
			perspectives,
			privacy: { open: false, threshold: 4 }
		} as unknown as SessionSnapshot;
		expect(chartContext(snapshot, 'en')).toEqual({
			locale: 'en',
			perspectives,
			threshold: 4,
			session: { title: 'Leersessie 1', date: 5 }
		});
		// With open voting every group shows, and no note says otherwise.
		const open = { ...snapshot, privacy: { open: true, threshold: 4 } };
		expect(chartContext(open, 'nl').threshold).toBe(1);
	});
});

describe('file names', () => {
	it('name the session, the step, the chart and the session’s day', () => {
		const [overall, groups] = stepCharts(poll('single', singleBallots), context());
		const session = context().session;
		expect(chartFileName(overall!, session, 'svg')).toBe(
			'leersessie-1-positionering-uitslag-2026-03-12.svg'
		);
		expect(chartFileName(groups!, session, 'png')).toBe(
			'leersessie-1-positionering-per-perspectief-2026-03-12.png'
		);
	});
});
