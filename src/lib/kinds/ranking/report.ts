import { m } from '../../paraglide/messages.js';
import type { Block } from '../../report/blocks.ts';
import { chartBlocks } from '../../report/charts.ts';
import type { ReportContext } from '../../report/context.ts';
import { formatPlace, itemTitle } from './format.ts';
import { placesOf } from './tally.ts';
import type { RankingPart, RankingStep } from './types.ts';

/**
 * Rankings: every ranking someone answered, with the room's order (place, points, mean place,
 * spread, first places) and, once released, each perspective's places.
 */
export function rankingReport(steps: RankingStep[], context: ReportContext): Block[] {
	const rankings = steps.filter((step) => step.tally.voters > 0);
	if (rankings.length === 0) return [];
	const t = { locale: context.locale };
	const blocks: Block[] = [{ kind: 'heading', level: 2, text: m.ranking_report_heading({}, t) }];
	for (const step of rankings) {
		blocks.push({ kind: 'heading', level: 3, text: step.title }, ...rankingBlocks(step, context));
	}
	return blocks;
}

function rankingBlocks(step: RankingStep, context: ReportContext): Block[] {
	const { locale, perspectiveLabel, threshold } = context;
	const t = { locale };
	const blocks: Block[] = [];
	if (step.prompt) blocks.push({ kind: 'paragraph', text: step.prompt });
	blocks.push({ kind: 'paragraph', text: m.ranking_voters({ count: step.tally.voters }, t) });
	const { items: ranked, byPerspective = {}, merged } = step.tally;
	if (!ranked) {
		const text =
			step.tally.voters < threshold
				? m.ranking_too_few({ threshold }, t)
				: m.results_at_close({}, t);
		blocks.push({ kind: 'paragraph', text });
		return blocks;
	}
	const title = new Map(step.items.map((item) => [item.id, itemTitle(item, locale)]));
	const place = placesOf(ranked);
	blocks.push({
		kind: 'table',
		caption: step.title,
		header: [
			m.ranking_place({}, t),
			m.ranking_item({}, t),
			m.ranking_points_header({}, t),
			m.ranking_mean_header({}, t),
			m.ranking_spread_header({}, t),
			m.ranking_first_header({}, t)
		],
		widths: ['narrow', 3, 'narrow', 'narrow', 'narrow', 'narrow'],
		rows: ranked.map((entry) => [
			String(place.get(entry.id) ?? ''),
			title.get(entry.id) ?? entry.id,
			String(entry.points),
			formatPlace(entry.meanRank, locale),
			formatPlace(entry.spread, locale),
			String(entry.first)
		])
	});
	const groups: [string, RankingPart][] = [
		...[...perspectiveLabel]
			.filter(([id]) => byPerspective[id])
			.map(([id, label]): [string, RankingPart] => [label, byPerspective[id]!]),
		...(merged ? [[m.results_merged({}, t), merged] as [string, RankingPart]] : [])
	];
	if (groups.length === 0) return blocks;
	const places = groups.map(([, part]) => placesOf(part.items ?? []));
	// Said in a line of its own too: not every format shows a table's caption.
	blocks.push({ kind: 'paragraph', strong: true, text: m.ranking_places_caption({}, t) });
	blocks.push({
		kind: 'table',
		caption: m.ranking_places_by_perspective({ title: step.title }, t),
		header: [m.ranking_item({}, t), ...groups.map(([label, part]) => `${label} (${part.voters})`)],
		widths: [2, ...groups.map(() => 'narrow' as const)],
		rows: ranked.map((entry) => [
			title.get(entry.id) ?? entry.id,
			...places.map((of) => String(of.get(entry.id) ?? '–'))
		])
	});
	if (merged) blocks.push({ kind: 'paragraph', text: m.results_merged_note({ threshold }, t) });
	blocks.push(...chartBlocks(step, 'perspectives', context));
	return blocks;
}
