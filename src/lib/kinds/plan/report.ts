import {
	PLAN_TEXT_FIELDS,
	type Locale,
	type PlanItem,
	type PlanStep,
	type PlanTextField
} from '../../model/types.ts';
import { m } from '../../paraglide/messages.js';
import { PLANNED, type Block, type ColumnWidth } from '../../report/blocks.ts';
import type { ReportContext } from '../../report/context.ts';
import {
	fieldLabel,
	PLAN_FIELDS,
	scaleLabel,
	statusLabel,
	type PlanField
} from '../../report/labels.ts';
import { planStandingBlocks } from '../../report/outcome.ts';

/** One item's fields as label and text, in the order of the plan's form. */
export function itemFields(
	item: PlanItem,
	plan: PlanStep,
	intensities: readonly { level: number; label: string }[],
	locale: Locale
): [field: PlanField, label: string, value: string][] {
	const t = { locale };
	const intensity = intensities.find((i) => i.level === item.intensity);
	const values: Record<PlanField, string> = {
		...(Object.fromEntries(PLAN_TEXT_FIELDS.map((f) => [f, item[f]])) as Record<
			PlanTextField,
			string
		>),
		intensity: intensity ? `${intensity.level}. ${intensity.label}` : '',
		scale: item.scale ? scaleLabel[item.scale]({}, t) : '',
		quarters: quartersText(item, locale),
		regions: regionsText(plan, item, locale),
		status: statusLabel[item.status]({}, t),
		source: sourceText(item, locale)
	};
	return PLAN_FIELDS.map((field) => [field, fieldLabel[field]({}, t), values[field]]);
}

export function quartersText(item: PlanItem, locale: Locale): string {
	return item.quarters.map((q) => m.plan_quarter({ n: q.slice(1) }, { locale })).join(', ');
}

export function regionsText(plan: PlanStep, item: PlanItem, locale: Locale): string {
	if (item.optedOut.length === 0) return m.plan_regions_all({}, { locale });
	const out = plan.regions.filter((r) => item.optedOut.includes(r.id)).map((r) => r.label);
	return m.plan_regions_except({ regions: out.join(', ') }, { locale });
}

export function sourceText(item: PlanItem, locale: Locale): string {
	const { source } = item;
	if (!source) return '';
	const { cluster, dilemmas, dots } = source;
	return dots === undefined
		? m.plan_source_no_dots({ cluster, count: dilemmas.length }, { locale })
		: m.plan_source({ cluster, count: dilemmas.length, dots }, { locale });
}

/** The plan's overview table: the columns that fit a page; every field follows per item. */
export const OVERVIEW: readonly PlanField[] = [
	'theme',
	'goal',
	'owner',
	'intensity',
	'quarters',
	'status'
];

/** How wide each overview column is, relative to the others (see blocks.ts ColumnWidth). */
const OVERVIEW_WIDTHS: Partial<Record<PlanField, ColumnWidth>> = {
	theme: 3,
	goal: 4,
	owner: 2,
	intensity: 3,
	quarters: 'narrow',
	status: 2
};

/**
 * The plan in brief, for the report's summary: a line per item with its theme, its quarters and
 * who leads it.
 */
export function planBrief(plan: PlanStep, locale: Locale): string[] {
	const t = { locale };
	return plan.items.map((item) =>
		[
			item.theme || m.plan_item_untitled({}, t),
			quartersText(item, locale),
			item.owner && m.report_plan_brief_owner({ owner: item.owner }, t)
		]
			.filter(Boolean)
			.join(' · ')
	);
}

/**
 * The draft year plan: the positioning it stands on, an overview of its items and their
 * timeline, then (on pages of their own) every item in full. A session has one plan; a second
 * plan step is not reported. The summary says what led to it; the appendices hold the rest.
 */
export function planReport(steps: PlanStep[], context: ReportContext): Block[] {
	const [plan] = steps;
	if (!plan) return [];
	const { locale, snapshot } = context;
	const t = { locale };
	const blocks: Block[] = [
		{ kind: 'heading', level: 2, text: m.report_plan({ year: plan.year }, t) },
		...planStandingBlocks(plan, context).blocks
	];
	if (plan.items.length === 0) {
		blocks.push({ kind: 'paragraph', text: m.report_no_items({}, t) });
		return blocks;
	}
	const fields = plan.items.map((item) => itemFields(item, plan, snapshot.intensities, locale));
	blocks.push({
		kind: 'table',
		caption: m.plan_table_caption({ year: plan.year }, t),
		header: [m.report_nr({}, t), ...OVERVIEW.map((f) => fieldLabel[f]({}, t))],
		widths: ['narrow', ...OVERVIEW.map((f) => OVERVIEW_WIDTHS[f] ?? 1)],
		rows: fields.map((row, n) => [
			String(n + 1),
			...OVERVIEW.map((f) => row.find(([field]) => field === f)![2])
		])
	});
	blocks.push(
		{ kind: 'heading', level: 3, text: m.report_timeline({}, t) },
		{
			kind: 'table',
			timeline: true,
			caption: m.plan_timeline_caption({ year: plan.year }, t),
			header: [m.field_theme({}, t), ...[1, 2, 3, 4].map((n) => m.plan_quarter({ n }, t))],
			widths: [4, 1, 1, 1, 1],
			rows: plan.items.map((item, n) => [
				`${n + 1}. ${item.theme}`,
				...(['q1', 'q2', 'q3', 'q4'] as const).map((q) =>
					item.quarters.includes(q) ? PLANNED : ''
				)
			])
		},
		// Every item in full reads on portrait pages of its own, after the overview.
		{ kind: 'section', part: 'plan', landscape: false },
		{ kind: 'heading', level: 3, text: m.report_details({}, t) }
	);
	plan.items.forEach((item, n) => {
		blocks.push(
			{
				kind: 'heading',
				level: 4,
				text: m.plan_item_heading({ n: n + 1, theme: item.theme || m.plan_item_untitled({}, t) }, t)
			},
			{
				kind: 'table',
				caption: item.theme,
				header: [m.report_field({}, t), m.report_value({}, t)],
				widths: [1, 3],
				rows: fields[n]!.filter(([, , value]) => value !== '').map(([, label, value]) => [
					label,
					value
				])
			}
		);
		if (item.source && item.source.dilemmas.length > 0) {
			blocks.push({ kind: 'list', items: item.source.dilemmas });
		}
	});
	return blocks;
}
