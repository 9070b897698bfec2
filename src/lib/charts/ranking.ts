import { itemTitle } from '../kinds/ranking/format.ts';
import { placesOf } from '../kinds/ranking/tally.ts';
import type { RankingStep } from '../kinds/ranking/types.ts';
import { m } from '../paraglide/messages.js';
import { inLocale, sessionLine } from './common.ts';
import { PRIMARY } from './palette.ts';
import type { ChartContext, ChartSpec } from './types.ts';

/**
 * A ranking's chart: the items by Borda points, most first, with their places (shared places
 * alike), as the results view lists them. A full bar is what an item gets when everyone puts it
 * first. Nothing while no count is released.
 */
export function rankingCharts(step: RankingStep, context: ChartContext): ChartSpec[] {
	const t = inLocale(context);
	const ranked = step.tally.items ?? [];
	if (ranked.length === 0) return [];
	const titles = new Map(step.items.map((item) => [item.id, itemTitle(item, context.locale)]));
	const places = placesOf(ranked);
	const most = ranked.reduce((sum, entry) => sum + entry.first, 0) * ranked.length;
	return [
		{
			type: 'bars',
			key: `${step.id}-points`,
			locale: context.locale,
			title: step.title,
			name: m.chart_points({}, t),
			subtitle: step.prompt,
			notes: [m.ranking_explain({ count: ranked.length }, t), sessionLine(context)],
			series: [],
			max: Math.max(1, most),
			rows: ranked.map((entry) => ({
				label: `${places.get(entry.id) ?? ''}. ${titles.get(entry.id) ?? entry.id}`,
				swatch: PRIMARY,
				bars: [{ value: entry.points, text: m.ranking_points({ count: entry.points }, t) }]
			}))
		}
	];
}
