import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seededRandom } from '../../../../tests/helpers/memory-client.ts';
import { addStep, readStep, stepMap } from '../../model/steps.ts';
import { bornTemplate } from '../../model/templates.ts';
import type { DilemmaCard, SessionSnapshot } from '../../model/types.ts';
import { renderMarkdown } from '../../report/markdown.ts';
import type { ReportContext } from '../../report/context.ts';
import { itemsFromBoard, itemsFromOptions, shortenTitle } from './items.ts';
import { readPrivateRankingTally, readRankingTally, rankingKind } from './model.ts';
import { rankingReport } from './report.ts';
import {
	checkRankingBallot,
	groupRanking,
	leadingItems,
	placesOf,
	releaseRanking,
	tallyRanking
} from './tally.ts';
import type { RankingStep } from './types.ts';

const context = { template: bornTemplate, locale: 'nl' as const, now: 0 };

function ranking(optionSet?: string): { doc: Y.Doc; map: Y.Map<unknown> } {
	const doc = new Y.Doc();
	addStep(doc, rankingKind.create({ id: 'r', kind: 'ranking', optionSet }, context));
	return { doc, map: stepMap(doc, 'r')! };
}

const read = (doc: Y.Doc) => readStep(doc, 'r') as RankingStep;

const items = [
	{ id: 'preventie', title: 'Preventie' },
	{ id: 'wachtlijst', title: 'Wachtlijsten' },
	{ id: 'inkoop', title: 'Gezamenlijke inkoop' }
];

describe('a new ranking', () => {
	it('of the positioning options has them as items, the set’s question as prompt', () => {
		const step = read(ranking('positioning').doc);
		expect(step).toMatchObject({
			kind: 'ranking',
			title: 'Rangorde: Positionering',
			prompt: 'Welke positionering past het best bij BORN?',
			optionSet: 'positioning',
			visibility: 'hidden',
			status: 'draft',
			revealed: false,
			round: 1,
			tally: { voters: 0 }
		});
		expect(step.items.map((item) => item.title)).toEqual([
			'Ontmoetingsplaats',
			'Leernetwerk',
			'Facilitator',
			'Bestuurlijk hart'
		]);
	});

	it('without a set starts empty, with a default title and prompt, in the session’s language', () => {
		const step = read(ranking().doc);
		expect(step).toMatchObject({ title: 'Rangorde', optionSet: '', items: [] });
		expect(step.prompt).toMatch(/volgorde/);
		const english = rankingKind.create(
			{ id: 'e', kind: 'ranking', optionSet: 'governance', title: 'Our form' },
			{ ...context, locale: 'en' }
		);
		expect(english.title).toBe('Our form');
		expect(english.prompt).toBe('Which form of network governance do you think BORN has?');
	});
});

describe('reading a stored ranking', () => {
	it('reads odd fields as a new ranking has them, and never throws', () => {
		const { doc, map } = ranking('positioning');
		doc.transact(() => {
			map.set('title', 42);
			map.set('prompt', ['x']);
			map.set('optionSet', '__proto__');
			map.set('visibility', 'everyone');
			map.set('status', 'half-open');
			map.set('revealed', 'yes');
			map.set('round', Number.NaN);
			map.set('items', [
				{ id: 'a', title: 'A' },
				{ id: 'a', title: 'Twice' },
				{ id: 'constructor', title: 'Reserved' },
				{ id: 'b' },
				'c',
				null,
				{ id: 'd', title: 'D', extra: true }
			]);
			map.set('tally', 'lots');
		});
		expect(read(doc)).toEqual({
			id: 'r',
			kind: 'ranking',
			title: '',
			prompt: '',
			optionSet: '',
			items: [
				{ id: 'a', title: 'A' },
				{ id: 'd', title: 'D' }
			],
			visibility: 'hidden',
			status: 'draft',
			revealed: false,
			round: 1,
			tally: { voters: 0 }
		});
		map.set('items', { a: 'A' });
		expect(read(doc).items).toEqual([]);
		map.set('items', new Y.Array());
		expect(read(doc).items).toEqual([]);
	});

	it('reads a tally’s entries of known items only, and odd groups as absent', () => {
		const stored = {
			voters: 'seven',
			items: [
				{ id: 'inkoop', points: 9, meanRank: 1.5, spread: 0.5, first: 'two' },
				{ id: 'weg', points: 3, meanRank: 1, spread: 0, first: 1 },
				{ id: 'inkoop', points: 1, meanRank: 3, spread: 0, first: 0 },
				{ id: 'preventie', points: Infinity, meanRank: null, spread: -1, first: 1 },
				'wachtlijst'
			],
			byPerspective: {
				wethouder: { voters: 3, items: [{ id: 'inkoop', points: 3 }] },
				['__proto__']: { voters: 3, items: [] },
				aanbieder: { voters: 3 },
				gi: 'x'
			},
			merged: { perspectives: ['', 'ambtenaar', 7, 'toString'], voters: 4, items: [] }
		};
		expect(readRankingTally(stored, items)).toEqual({
			voters: 0,
			items: [
				{ id: 'inkoop', points: 9, meanRank: 1.5, spread: 0.5, first: 0 },
				{ id: 'preventie', points: 0, meanRank: 0, spread: -1, first: 1 }
			],
			byPerspective: {
				wethouder: {
					voters: 3,
					items: [{ id: 'inkoop', points: 3, meanRank: 0, spread: 0, first: 0 }]
				}
			},
			merged: { perspectives: ['', 'ambtenaar'], voters: 4, items: [] }
		});
		// Groups without counts overall are no counts at all.
		expect(readRankingTally({ voters: 2, byPerspective: stored.byPerspective }, items)).toEqual({
			voters: 2
		});
		expect(readRankingTally(null, items)).toEqual({ voters: 0 });
		expect(readRankingTally([1, 2], items)).toEqual({ voters: 0 });
	});

	it('reads random values at every key of a ranking without throwing, as well-formed data', () => {
		const random = seededRandom(7);
		const values = (): unknown => {
			const pick = Math.floor(random() * 12);
			const values: unknown[] = [
				new Y.Map(),
				null,
				-1,
				Number.NaN,
				'text',
				'__proto__',
				[],
				[{ id: 'a', title: 'A' }, 'b', { id: 5 }],
				{ voters: 2, items: [{ id: 'a', points: 'x' }], byPerspective: [] },
				JSON.parse('{"__proto__": {"voters": 1}}'),
				new Uint8Array(2),
				true
			];
			return values[pick];
		};
		for (let run = 0; run < 200; run++) {
			const { doc, map } = ranking('positioning');
			for (const key of ['title', 'prompt', 'items', 'status', 'round', 'tally', 'visibility']) {
				if (random() < 0.5) map.set(key, values());
			}
			const step = read(doc);
			expect(typeof step.title).toBe('string');
			expect(Array.isArray(step.items)).toBe(true);
			for (const item of step.items) expect(typeof item.title).toBe('string');
			expect(Number.isFinite(step.tally.voters)).toBe(true);
			for (const entry of step.tally.items ?? []) expect(Number.isFinite(entry.points)).toBe(true);
			expect(() => rankingReport([step], reportContext())).not.toThrow();
		}
	});

	it('reads the facilitators’ copy against the step’s items', () => {
		const { doc, map } = ranking();
		map.set('items', items);
		const own = new Y.Doc();
		expect(readPrivateRankingTally(own, doc, 'r')).toBeUndefined();
		own.getMap('results').set('r', { voters: 1, items: [{ id: 'inkoop', points: 3 }] });
		expect(readPrivateRankingTally(own, doc, 'r')).toEqual({
			voters: 1,
			items: [{ id: 'inkoop', points: 3, meanRank: 0, spread: 0, first: 0 }]
		});
		expect(readPrivateRankingTally(own, doc, 'elsewhere')).toBeUndefined();
	});
});

describe('an order sent by a phone', () => {
	it('must name every item exactly once', () => {
		expect(checkRankingBallot(items, ['inkoop', 'preventie', 'wachtlijst'])).toBeUndefined();
		expect(checkRankingBallot(items, ['inkoop', 'preventie'])?.code).toBe('wrong_ranking');
		expect(checkRankingBallot(items, ['inkoop', 'inkoop', 'preventie'])?.message).toMatch(/twice/);
		expect(checkRankingBallot(items, ['inkoop', 'preventie', 'elders'])?.message).toMatch(
			/no item/
		);
		expect(checkRankingBallot(items, ['inkoop', 'preventie', 'wachtlijst', 'inkoop'])?.code).toBe(
			'wrong_ranking'
		);
	});
});

describe('counting a ranking', () => {
	const ballot = (perspective: string, ...order: string[]) => ({ perspective, ballot: order });

	it('ranks by Borda points with the mean place, the spread and first places', () => {
		const tally = tallyRanking(items, [
			ballot('a', 'inkoop', 'preventie', 'wachtlijst'),
			ballot('a', 'inkoop', 'wachtlijst', 'preventie'),
			ballot('b', 'preventie', 'inkoop', 'wachtlijst')
		]);
		expect(tally.voters).toBe(3);
		expect(tally.items).toEqual([
			{ id: 'inkoop', points: 8, meanRank: 1.33, spread: 0.47, first: 2 },
			{ id: 'preventie', points: 6, meanRank: 2, spread: 0.82, first: 1 },
			{ id: 'wachtlijst', points: 4, meanRank: 2.67, spread: 0.47, first: 0 }
		]);
		expect(leadingItems(tally)).toEqual(['inkoop']);
	});

	it('shows nothing below the threshold, and a breakdown only when asked, small groups merged', () => {
		const ballots = [
			ballot('wethouder', 'inkoop', 'preventie', 'wachtlijst'),
			ballot('aanbieder', 'preventie', 'inkoop', 'wachtlijst'),
			ballot('aanbieder', 'preventie', 'wachtlijst', 'inkoop'),
			ballot('aanbieder', 'wachtlijst', 'preventie', 'inkoop'),
			ballot('', 'inkoop', 'wachtlijst', 'preventie'),
			ballot('gi', 'inkoop', 'preventie', 'wachtlijst')
		];
		expect(releaseRanking(groupRanking(items, ballots.slice(0, 2)), items, 3, true)).toEqual({});
		const closed = releaseRanking(groupRanking(items, ballots), items, 3, true);
		expect(Object.keys(closed.byPerspective ?? {})).toEqual(['aanbieder']);
		expect(closed.byPerspective?.aanbieder?.voters).toBe(3);
		expect(closed.merged).toMatchObject({ perspectives: ['', 'gi', 'wethouder'], voters: 3 });
		expect(closed.merged?.items[0]).toMatchObject({ id: 'inkoop', points: 9, first: 3 });
		const open = releaseRanking(groupRanking(items, ballots), items, 3, false);
		expect(open.byPerspective).toBeUndefined();
		expect(open.merged).toBeUndefined();
		expect(open.items).toEqual(closed.items);
		// The merged group would stay below the threshold on its own: the smallest group shown
		// joins it, so nothing is had by subtraction.
		const two = releaseRanking(groupRanking(items, ballots.slice(0, 5)), items, 3, true);
		expect(two.byPerspective).toEqual({});
		expect(two.merged).toMatchObject({ perspectives: ['', 'aanbieder', 'wethouder'], voters: 5 });
	});

	it('counts an older ballot for the items it still names, and ignores odd ballots', () => {
		const tally = tallyRanking(items, [
			{ perspective: 'a', ballot: ['weg', 'inkoop', 'inkoop', 'preventie'] },
			{ perspective: 'a', ballot: 'inkoop' },
			{ perspective: 'a', ballot: null }
		]);
		expect(tally.voters).toBe(3);
		expect(tally.items?.find((e) => e.id === 'inkoop')).toMatchObject({ points: 2, first: 1 });
		expect(tally.items?.find((e) => e.id === 'wachtlijst')).toMatchObject({ points: 0 });
	});

	it('gives items with equal points the same place', () => {
		const entry = (id: string, points: number) => ({
			id,
			points,
			meanRank: 0,
			spread: 0,
			first: 0
		});
		expect([...placesOf([entry('a', 9), entry('b', 6), entry('c', 6), entry('d', 1)])]).toEqual([
			['a', 1],
			['b', 2],
			['c', 2],
			['d', 4]
		]);
		expect(leadingItems({ voters: 0, items: [entry('a', 0), entry('b', 0)] })).toEqual([]);
		expect(leadingItems({ voters: 2, items: [entry('a', 3), entry('b', 3)] })).toEqual(['a', 'b']);
	});
});

function reportContext(): ReportContext {
	return {
		locale: 'nl',
		snapshot: {} as SessionSnapshot,
		perspectiveLabel: new Map([
			['wethouder', 'Wethouder'],
			['aanbieder', 'Jeugdhulpaanbieder']
		]),
		threshold: 3,
		positioning: { optionSet: 'positioning', optionIds: [] },
		charts: {
			locale: 'nl',
			perspectives: [
				{ id: 'wethouder', label: 'Wethouder' },
				{ id: 'aanbieder', label: 'Jeugdhulpaanbieder' }
			],
			threshold: 3,
			session: { title: 'Sessie', date: 0 }
		}
	};
}

describe('the report of rankings', () => {
	const step = (tally: RankingStep['tally']): RankingStep => ({
		...rankingKind.create({ id: 'r', kind: 'ranking' }, context),
		title: 'Wat eerst?',
		prompt: 'Zet in volgorde',
		items,
		tally
	});

	it('leaves rankings nobody answered out', () => {
		expect(rankingReport([step({ voters: 0 })], reportContext())).toEqual([]);
	});

	it('has the table of places and, when released, each perspective’s places', () => {
		const tally = tallyRanking(items, [
			{ perspective: 'aanbieder', ballot: ['inkoop', 'preventie', 'wachtlijst'] },
			{ perspective: 'aanbieder', ballot: ['inkoop', 'wachtlijst', 'preventie'] },
			{ perspective: 'aanbieder', ballot: ['preventie', 'inkoop', 'wachtlijst'] },
			{ perspective: 'wethouder', ballot: ['wachtlijst', 'preventie', 'inkoop'] }
		]);
		const markdown = renderMarkdown({
			fileStem: 'x',
			blocks: rankingReport([step(tally)], reportContext())
		});
		expect(markdown).toContain('## Rangordes');
		expect(markdown).toContain('4 mensen zetten de lijst in volgorde.');
		expect(markdown).toMatch(/\| Plaats \| Onderdeel \| Punten \| Gem\. plaats \| Spreiding \|/);
		expect(markdown).toMatch(/\| 1 \| Gezamenlijke inkoop \| 9 \| 1,8 \| 0,8 \| 2 \|/);
		expect(markdown).toContain('**Plaats per perspectief**');
		expect(markdown).toMatch(/\| Onderdeel \| Wethouder \(1\) \| Jeugdhulpaanbieder \(3\) \|/);
		expect(markdown).toMatch(/\| Wachtlijsten \| 1 \| 3 \|/);
	});

	it('says when too few ranked for a count', () => {
		const markdown = renderMarkdown({
			fileStem: 'x',
			blocks: rankingReport([step({ voters: 2 })], reportContext())
		});
		expect(markdown).toContain('minstens 3 mensen een volgorde hebben gestuurd');
	});
});

describe('items taken over from elsewhere', () => {
	it('shortens a long text at a word, on one line, within the limit', () => {
		expect(shortenTitle('Kort en\nkrachtig')).toBe('Kort en krachtig');
		const long = `${'woord '.repeat(40)}einde`;
		const short = shortenTitle(long);
		expect([...short].length).toBeLessThanOrEqual(140);
		expect(short).toMatch(/woord…$/);
		expect(shortenTitle('x'.repeat(200))).toHaveLength(140);
	});

	it('takes options with their ids, at most twelve', () => {
		const options = Array.from({ length: 14 }, (_, i) => ({ id: `o${i}`, title: `Optie ${i}` }));
		expect(itemsFromOptions(options)).toHaveLength(12);
		expect(itemsFromOptions(options)[0]).toEqual({ id: 'o0', title: 'Optie 0' });
	});

	it('takes the dilemmas with the most dots, a stack with its duplicates’ dots, no hidden ones', () => {
		const card = (id: string, extra: Partial<DilemmaCard> = {}): DilemmaCard => ({
			id,
			text: `Dilemma ${id}`,
			poleA: '',
			poleB: '',
			author: '',
			hidden: false,
			cluster: 'c',
			order: id,
			stackedOn: '',
			createdAt: 0,
			...extra
		});
		const board = {
			clusters: [{ id: 'c', title: 'C', description: '' }],
			cards: [
				card('a'),
				card('b'),
				card('c', { stackedOn: 'a' }),
				card('d', { hidden: true }),
				card('e'),
				card('f')
			]
		};
		const byCard = { a: 2, b: 3, c: 2, d: 9, e: 1 };
		expect(itemsFromBoard(board, byCard, 2)).toEqual([
			{ id: 'a', title: 'Dilemma a' },
			{ id: 'b', title: 'Dilemma b' }
		]);
		// Cards nobody gave a dot are no part of the top.
		expect(itemsFromBoard(board, byCard, 12).map((item) => item.id)).toEqual(['a', 'b', 'e']);
	});
});

describe('items made from dilemma cards', () => {
	const long = `${'Hoe houden we de wachtlijst kort '.repeat(6)}zonder iemand te vergeten?`;

	it('follow the card’s text until the facilitator retypes them', () => {
		const { doc, map } = ranking();
		map.set('items', [
			{ id: 'k1', title: shortenTitle(long) },
			{ id: 'k2', title: 'Eigen woorden' },
			{ id: 'preventie', title: 'Preventie' }
		]);
		rankingKind.followCard?.(map, 'k1', long, 'Korter nu');
		rankingKind.followCard?.(map, 'k2', 'Wat de kaart zei', 'Wat ze nu zegt');
		rankingKind.followCard?.(map, 'onbekend', 'x', 'y');
		expect(read(doc).items.map((item) => item.title)).toEqual([
			'Korter nu',
			'Eigen woorden',
			'Preventie'
		]);
		// Hidden: nothing of it stays; the report says the item's card is no longer shown.
		rankingKind.followCard?.(map, 'k1', 'Korter nu', '');
		const step = read(doc);
		expect(step.items[0]).toEqual({ id: 'k1', title: '' });
		const tally = tallyRanking(step.items, [
			{ perspective: 'a', ballot: ['k1', 'k2', 'preventie'] },
			{ perspective: 'a', ballot: ['k1', 'k2', 'preventie'] },
			{ perspective: 'a', ballot: ['k1', 'k2', 'preventie'] }
		]);
		const markdown = renderMarkdown({
			fileStem: 'x',
			blocks: rankingReport([{ ...step, tally }], reportContext())
		});
		expect(markdown).toMatch(/\| 1 \| Dilemma niet meer getoond \| 9 \|/);
	});
});
