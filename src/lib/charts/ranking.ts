import { itemTitle } from '../kinds/ranking/format.ts';
import { placesOf } from '../kinds/ranking/tally.ts';
import type { RankingPart, RankingStep } from '../kinds/ranking/types.ts';
import { m } from '../paraglide/messages.js';
import { breakdownRows, inLocale, sessionLine, withCount } from './common.ts';
import { categorical, PRIMARY } from './palette.ts';
import type { ChartContext, ChartSpec, StackedChart } from './types.ts';

/**
 * A ranking's charts: the items by Borda points, most first, with their places (shared places
 * alike), as the results view lists them (a full bar is what an item gets when everyone puts it
 * first); once the breakdown is released, each perspective's points over the items. Nothing
 * while no count is released.
 */
export function rankingCharts(step: RankingStep, context: ChartContext): ChartSpec[] {
	const t = inLocale(context);
	const ranked = step.tally.items ?? [];
	if (ranked.length === 0) return [];
	const titles = new Map(step.items.map((item) => [item.id, itemTitle(item, context.locale)]));
	const places = placesOf(ranked);
	const most = ranked.reduce((sum, entry) => sum + entry.first, 0) * ranked.length;
	const overall: ChartSpec = {
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
	};
	const { byPerspective, merged } = step.tally;
	if (!byPerspective && !merged) return [overall];
	// Per perspective: how each group shared its points over the items, in the room's order, so
	// a group that put an item first shows it as its widest part.
	const groups = breakdownRows<RankingPart>(
		context,
		step.tally,
		byPerspective,
		merged && { perspectives: merged.perspectives, part: merged }
	);
	const perspectives: StackedChart = {
		type: 'stacked',
		key: `${step.id}-perspectives`,
		locale: context.locale,
		title: step.title,
		name: m.chart_points_by_perspective({}, t),
		subtitle: step.prompt,
		notes: [
			...(merged ? [m.results_merged_note({ threshold: context.threshold }, t)] : []),
			sessionLine(context)
		],
		segments: ranked.map((entry, index) => ({
			label: titles.get(entry.id) ?? entry.id,
			swatch: categorical(index)
		})),
		rows: groups.map(({ label, part }) => {
			const points = new Map((part.items ?? []).map((entry) => [entry.id, entry.points]));
			return {
				label: withCount(label, part.voters),
				counts: ranked.map((entry) => points.get(entry.id) ?? 0)
			};
		})
	};
	return [overall, perspectives];
}
