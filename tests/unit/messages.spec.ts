import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages.js';

type Locale = 'nl' | 'en';
type Texts = Record<Locale, string>;

/** Every message whose words follow a number: with 1, and with 2, in both languages. */
const COUNTED: [
	name: keyof typeof m,
	one: Record<string, unknown>,
	Texts,
	two: Record<string, unknown>,
	Texts
][] = [
	[
		'results_voted',
		{ voted: 1, present: 5 },
		{ nl: '1 van 5 aanwezigen heeft gestemd', en: '1 of 5 present has voted' },
		{ voted: 2, present: 5 },
		{ nl: '2 van 5 aanwezigen hebben gestemd', en: '2 of 5 present have voted' }
	],
	[
		'results_voted',
		{ voted: 1, present: 1 },
		{ nl: '1 van 1 aanwezige heeft gestemd', en: '1 of 1 present has voted' },
		{ voted: 0, present: 1 },
		{ nl: '0 van 1 aanwezige hebben gestemd', en: '0 of 1 present have voted' }
	],
	[
		'results_responded',
		{ voted: 1, present: 5 },
		{ nl: '1 van 5 aanwezigen heeft gereageerd', en: '1 of 5 present has responded' },
		{ voted: 3, present: 5 },
		{ nl: '3 van 5 aanwezigen hebben gereageerd', en: '3 of 5 present have responded' }
	],
	[
		'results_placed_dots',
		{ voted: 1, present: 5 },
		{ nl: '1 van 5 aanwezigen heeft stippen gezet', en: '1 of 5 present has placed dots' },
		{ voted: 3, present: 5 },
		{ nl: '3 van 5 aanwezigen hebben stippen gezet', en: '3 of 5 present have placed dots' }
	],
	[
		'results_votes',
		{ count: 1 },
		{ nl: '1 stem', en: '1 vote' },
		{ count: 2 },
		{ nl: '2 stemmen', en: '2 votes' }
	],
	[
		'results_points',
		{ count: 1 },
		{ nl: '1 punt', en: '1 point' },
		{ count: 2 },
		{ nl: '2 punten', en: '2 points' }
	],
	[
		'results_shift_value',
		{ value: '+1' },
		{ nl: '+1 procentpunt', en: '+1 percentage point' },
		{ value: '-20' },
		{ nl: '-20 procentpunt', en: '-20 percentage points' }
	],
	[
		'phone_points_left',
		{ left: 1, budget: 1 },
		{ nl: 'Nog 1 van 1 punt te verdelen', en: '1 of 1 point left to divide' },
		{ left: 1, budget: 10 },
		{ nl: 'Nog 1 van 10 punten te verdelen', en: '1 of 10 points left to divide' }
	],
	[
		'phone_points_over',
		{ used: 3, budget: 1, over: 2 },
		{
			nl: 'Je verdeelt 3 punten, maar er is er 1. Haal er 2 weg.',
			en: 'You are dividing 3 points, but there is 1. Remove 2.'
		},
		{ used: 13, budget: 10, over: 3 },
		{
			nl: 'Je verdeelt 13 punten, maar er zijn er 10. Haal er 3 weg.',
			en: 'You are dividing 13 points, but there are 10. Remove 3.'
		}
	],
	[
		'dilemma_count',
		{ count: 1 },
		{ nl: '1 kaart', en: '1 card' },
		{ count: 2 },
		{ nl: '2 kaarten', en: '2 cards' }
	],
	[
		'card_stacked',
		{ count: 1 },
		{ nl: '1 dubbel', en: '1 duplicate' },
		{ count: 2 },
		{ nl: '2 dubbel', en: '2 duplicates' }
	],
	[
		'dots_count',
		{ count: 1 },
		{ nl: '1 stip', en: '1 dot' },
		{ count: 2 },
		{ nl: '2 stippen', en: '2 dots' }
	],
	[
		'dots_left',
		{ left: 0, total: 1 },
		{ nl: 'Nog 0 van 1 stip', en: '0 of 1 dot left' },
		{ left: 1, total: 3 },
		{ nl: 'Nog 1 van 3 stippen', en: '1 of 3 dots left' }
	],
	[
		'dots_card_full',
		{ max: 1 },
		{ nl: 'Op één kaart mag maximaal 1 stip.', en: 'At most 1 dot on one card.' },
		{ max: 2 },
		{ nl: 'Op één kaart mogen maximaal 2 stippen.', en: 'At most 2 dots on one card.' }
	],
	[
		'plan_outcome_voters',
		{ count: 1 },
		{ nl: '1 deelnemer stemde.', en: '1 participant voted.' },
		{ count: 2 },
		{ nl: '2 deelnemers stemden.', en: '2 participants voted.' }
	],
	[
		'report_voters',
		{ count: 1 },
		{ nl: '1 deelnemer stemde.', en: '1 participant voted.' },
		{ count: 2 },
		{ nl: '2 deelnemers stemden.', en: '2 participants voted.' }
	],
	[
		'report_participants_total',
		{ count: 1 },
		{ nl: '1 deelnemer', en: '1 participant' },
		{ count: 2 },
		{ nl: '2 deelnemers', en: '2 participants' }
	],
	[
		'plan_source',
		{ cluster: 'Koploper', count: 1, dots: 1 },
		{ nl: 'Uit Koploper: 1 dilemma, 1 stip', en: 'From Koploper: 1 dilemma, 1 dot' },
		{ cluster: 'Koploper', count: 2, dots: 5 },
		{ nl: 'Uit Koploper: 2 dilemma’s, 5 stippen', en: 'From Koploper: 2 dilemmas, 5 dots' }
	],
	[
		'plan_source_no_dots',
		{ cluster: 'Koploper', count: 1 },
		{
			nl: 'Uit Koploper: 1 dilemma (stippen nog niet getoond)',
			en: 'From Koploper: 1 dilemma (dots not shown yet)'
		},
		{ cluster: 'Koploper', count: 2 },
		{
			nl: 'Uit Koploper: 2 dilemma’s (stippen nog niet getoond)',
			en: 'From Koploper: 2 dilemmas (dots not shown yet)'
		}
	],
	[
		'results_too_few',
		{ threshold: 1 },
		{
			nl: 'De uitslag verschijnt zodra iemand heeft gestemd.',
			en: 'The result appears once someone has voted.'
		},
		{ threshold: 3 },
		{
			nl: 'De uitslag verschijnt zodra minstens 3 mensen hebben gestemd.',
			en: 'The result appears once at least 3 people have voted.'
		}
	],
	[
		'consent_too_few',
		{ threshold: 1 },
		{
			nl: 'De uitkomst verschijnt zodra iemand heeft gereageerd.',
			en: 'The outcome appears once someone has responded.'
		},
		{ threshold: 3 },
		{
			nl: 'De uitkomst verschijnt zodra minstens 3 mensen hebben gereageerd.',
			en: 'The outcome appears once at least 3 people have responded.'
		}
	],
	[
		'dots_too_few',
		{ threshold: 1 },
		{
			nl: 'De stippen verschijnen zodra iemand stippen heeft gezet.',
			en: 'The dots appear once someone has placed dots.'
		},
		{ threshold: 3 },
		{
			nl: 'De stippen verschijnen zodra minstens 3 mensen stippen hebben gezet.',
			en: 'The dots appear once at least 3 people have placed dots.'
		}
	],
	[
		'error_code_look_alike',
		{ count: 1, chars: '‘0’' },
		{
			nl: 'Er staat een ‘0’ in je code, maar codes gebruiken geen 0, O, 1, I of L, omdat die op andere tekens lijken. Kijk nog eens goed op het scherm.',
			en: 'Your code has a ‘0’ in it, but codes never use 0, O, 1, I or L, as they look like other characters. Check the screen again.'
		},
		{ count: 2, chars: '‘0’/‘I’' },
		{
			nl: 'Er staan ‘0’/‘I’ in je code, maar codes gebruiken geen 0, O, 1, I of L, omdat die op andere tekens lijken. Kijk nog eens goed op het scherm.',
			en: 'Your code has ‘0’/‘I’ in it, but codes never use 0, O, 1, I or L, as they look like other characters. Check the screen again.'
		}
	]
];

describe('messages with a number', () => {
	it.each(COUNTED)(
		'%s agrees with its number in Dutch and English',
		(name, one, ones, two, twos) => {
			const message = m[name] as (inputs: object, options: { locale: Locale }) => string;
			for (const locale of ['nl', 'en'] as const) {
				expect(message(one, { locale })).toBe(ones[locale]);
				expect(message(two, { locale })).toBe(twos[locale]);
			}
		}
	);
});

/** Every text of a message file, variants included. */
function texts(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap(texts);
	if (value && typeof value === 'object') {
		const { match } = value as { match?: Record<string, string> };
		return match ? Object.values(match) : Object.values(value).flatMap(texts);
	}
	return [];
}

describe('the message files', () => {
	const files = Object.fromEntries(
		(['nl', 'en'] as const).map((locale) => [
			locale,
			JSON.parse(
				readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')
			) as Record<string, unknown>
		])
	);

	it('hold the same messages in both languages', () => {
		expect(Object.keys(files.en!)).toEqual(Object.keys(files.nl!));
	});

	it.each(['nl', 'en'])('use the typographic apostrophe only (%s)', (locale) => {
		const straight = texts(files[locale]).filter((text) => text.includes("'"));
		expect(straight).toEqual([]);
	});
});
