import { percent } from '../model/tally.ts';
import { m } from '../paraglide/messages.js';
import { formatDate } from '../report/format.ts';
import type { ChartContext } from './types.ts';

/** The options paraglide takes to speak the session's language. */
export const inLocale = (context: ChartContext) => ({ locale: context.locale });

/** The line every chart ends with: the session and its date. */
export const sessionLine = (context: ChartContext): string =>
	m.chart_session(
		{
			title: context.session.title,
			date: formatDate(context.session.date, context.locale)
		},
		inLocale(context)
	);

/** The names of the groups a result merged ('' is "no perspective yet"). */
export function mergedNames(ids: readonly string[], context: ChartContext): string {
	return ids
		.map((id) =>
			id === ''
				? m.perspective_unassigned({}, inLocale(context))
				: context.perspectives.find((p) => p.id === id)?.label
		)
		.filter(Boolean)
		.join(', ');
}

/** One row of a breakdown: whose, and their part of the released counts. */
export interface GroupRow<P> {
	label: string;
	part: P;
}

/**
 * The rows of a breakdown as the results views show them: everyone first, then each perspective
 * the release holds (in the session's order), then the small groups counted together. Only
 * what the tally holds: a group below the threshold is never in it, so never here.
 */
export function breakdownRows<P>(
	context: ChartContext,
	overall: P,
	byPerspective: Record<string, P> | undefined,
	merged: { perspectives: string[]; part: P } | undefined
): GroupRow<P>[] {
	const rows: GroupRow<P>[] = [{ label: m.results_overall({}, inLocale(context)), part: overall }];
	for (const perspective of context.perspectives) {
		const part =
			byPerspective && Object.hasOwn(byPerspective, perspective.id)
				? byPerspective[perspective.id]
				: undefined;
		if (part) rows.push({ label: perspective.label, part });
	}
	if (merged) {
		const names = mergedNames(merged.perspectives, context);
		rows.push({
			label: `${m.results_merged({}, inLocale(context))}${names ? ` (${names})` : ''}`,
			part: merged.part
		});
	}
	return rows;
}

/** A row's label with how many it counts: "Wethouder (3)". */
export const withCount = (label: string, count: number): string => `${label} (${count})`;

/** A count and its share: "4 stemmen · 44%". */
export const countAndShare = (count: string, part: number, whole: number, context: ChartContext) =>
	`${count} · ${m.results_share({ share: percent(part, whole) }, inLocale(context))}`;
