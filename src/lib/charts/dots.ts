import { rankCards } from '../kinds/dilemmas/rank.ts';
import type { DilemmaStep } from '../model/types.ts';
import { m } from '../paraglide/messages.js';
import { inLocale, sessionLine } from './common.ts';
import { PRIMARY } from './palette.ts';
import type { ChartContext, ChartSpec } from './types.ts';

/** How many cards the chart shows: the board's ranking lists as many. */
export const TOP_CARDS = 10;

/**
 * A dilemma board's chart: the cards with the most dots (a stack counts with all its dots),
 * as the board's ranking lists them, each with its cluster. Nothing while no dots are released
 * or none were placed. Hidden cards never rank.
 */
export function dotCharts(step: DilemmaStep, context: ChartContext): ChartSpec[] {
	const t = inLocale(context);
	const { byCard } = step.dotTally;
	if (!byCard) return [];
	const top = rankCards(step, byCard)
		.overall.filter((ranked) => ranked.dots > 0)
		.slice(0, TOP_CARDS);
	if (top.length === 0) return [];
	const clusters = new Map(step.clusters.map((c) => [c.id, c.title]));
	return [
		{
			type: 'bars',
			key: `${step.id}-dots`,
			locale: context.locale,
			title: step.title,
			name: m.chart_top_cards({}, t),
			subtitle: step.prompt,
			notes: [sessionLine(context)],
			series: [],
			max: top[0]?.dots ?? 1,
			rows: top.map(({ card, dots }, index) => ({
				label: `${index + 1}. ${card.text}`,
				note: clusters.get(card.cluster),
				swatch: PRIMARY,
				bars: [{ value: dots, text: m.dots_count({ count: dots }, t) }]
			}))
		}
	];
}
