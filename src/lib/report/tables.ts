import type { Locale, TallyPart } from '../model/types.ts';
import { m } from '../paraglide/messages.js';
import type { Table } from './blocks.ts';

export type TallyColumn = 'totals' | 'now' | 'desired';

/** Rows per option: the total, then one column per perspective that answered. */
export function breakdownTable(
	caption: string,
	firstColumn: string,
	options: { id: string; title: string }[],
	totals: Record<string, number>,
	byPerspective: Record<string, Partial<Pick<TallyPart, TallyColumn>>>,
	perspectiveLabel: ReadonlyMap<string, string>,
	locale: Locale,
	part: TallyColumn = 'totals',
	/** The small groups counted together (see model/anonymity.ts). */
	merged?: Partial<Pick<TallyPart, TallyColumn>>
): Table {
	const perspectives = [...perspectiveLabel.keys()].filter((p) => byPerspective[p]);
	return {
		kind: 'table',
		caption,
		header: [
			firstColumn,
			m.report_total({}, { locale }),
			...perspectives.map((p) => perspectiveLabel.get(p) ?? p),
			...(merged ? [m.results_merged({}, { locale })] : [])
		],
		// The option's name takes the room; the counts stay as narrow as their figures.
		widths: [
			2,
			'narrow',
			...perspectives.map(() => 'narrow' as const),
			...(merged ? ['narrow' as const] : [])
		],
		rows: options.map((o) => [
			o.title,
			String(totals[o.id] ?? 0),
			...perspectives.map((p) => String(byPerspective[p]?.[part]?.[o.id] ?? 0)),
			...(merged ? [String(merged[part]?.[o.id] ?? 0)] : [])
		])
	};
}
