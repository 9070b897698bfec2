import { percent } from '../../model/tally.ts';
import { m } from '../../paraglide/messages.js';
import type { Block, Table } from '../../report/blocks.ts';
import { chartBlocks } from '../../report/charts.ts';
import type { ReportContext } from '../../report/context.ts';
import { dividingStatements } from './count.ts';
import { answered } from './stats.ts';
import type { ScaleStep, Statement } from './types.ts';

/** "7 (35%)": a count and its share of the answers. */
const cell = (count: number, total: number): string => `${count} (${percent(count, total)}%)`;

const share = (value: number): string => `${Math.round(value * 100)}%`;

/** Per statement: its answers per point, and how many answered it ('—' when withheld). */
function distributionTable(step: ScaleStep, { locale }: ReportContext): Table {
	const t = { locale };
	return {
		kind: 'table',
		caption: `${step.title}: ${m.report_scale_distribution({}, t)}`,
		header: [m.report_scale_statement({}, t), ...step.labels, m.report_scale_answers({}, t)],
		widths: [3, ...step.labels.map(() => 'narrow' as const), 'narrow'],
		rows: step.statements.map((statement) => {
			const counts = step.tally.byStatement?.[statement.id];
			if (!counts) {
				return [statement.text, ...step.labels.map(() => '—'), m.report_scale_withheld({}, t)];
			}
			const total = answered(counts);
			return [statement.text, ...counts.map((n) => cell(n, total)), String(total)];
		})
	};
}

/** One statement's answers per perspective shown, and the small groups together. */
function perspectiveTable(
	step: ScaleStep,
	statement: Statement,
	{ locale, perspectiveLabel }: ReportContext
): Table | undefined {
	const t = { locale };
	const rows: string[][] = [];
	const row = (label: string, counts: number[]): string[] => {
		const total = answered(counts);
		return [label, ...counts.map((n) => cell(n, total)), String(total)];
	};
	for (const [id, label] of perspectiveLabel) {
		const counts = step.tally.byPerspective?.[id]?.[statement.id];
		if (counts) rows.push(row(label, counts));
	}
	const merged = step.tally.merged?.[statement.id];
	if (merged) rows.push(row(m.results_merged({}, t), merged.counts));
	if (rows.length === 0) return undefined;
	return {
		kind: 'table',
		caption: m.report_scale_by_perspective({ statement: statement.text }, t),
		header: [m.report_perspective({}, t), ...step.labels, m.report_scale_answers({}, t)],
		widths: [2, ...step.labels.map(() => 'narrow' as const), 'narrow'],
		rows
	};
}

/** What one step shows: who answered, the distributions, what divides, and the breakdown. */
function stepBlocks(step: ScaleStep, context: ReportContext): Block[] {
	const { locale, threshold } = context;
	const t = { locale };
	const { tally } = step;
	const blocks: Block[] = [
		{ kind: 'heading', level: 3, text: step.title },
		{ kind: 'paragraph', text: m.report_scale_voters({ count: tally.voters }, t) }
	];
	if (!tally.byStatement) {
		blocks.push({
			kind: 'paragraph',
			text:
				tally.voters < threshold
					? m.results_too_few({ threshold }, t)
					: m.report_scale_not_released({}, t)
		});
		return blocks;
	}
	blocks.push(distributionTable(step, context));
	if (step.statements.some((s) => !tally.byStatement?.[s.id])) {
		blocks.push({ kind: 'paragraph', text: m.scale_withheld_note({ threshold }, t) });
	}
	const dividing = dividingStatements(step, tally);
	if (dividing.length > 0) {
		const text = new Map(step.statements.map((s) => [s.id, s.text]));
		blocks.push(
			{ kind: 'heading', level: 4, text: m.scale_dividing_heading({}, t) },
			{ kind: 'paragraph', text: m.scale_dividing_explain({}, t) },
			{
				kind: 'table',
				caption: `${step.title}: ${m.scale_dividing_heading({}, t)}`,
				header: [
					m.report_nr({}, t),
					m.report_scale_statement({}, t),
					m.scale_dividing_room({}, t),
					m.scale_dividing_perspectives({}, t)
				],
				widths: ['narrow', 3, 'narrow', 'narrow'],
				rows: dividing.map((d, i) => [
					String(i + 1),
					text.get(d.id) ?? d.id,
					share(d.division),
					tally.byPerspective ? share(d.gap) : '—'
				])
			}
		);
	}
	if (tally.byPerspective) {
		// Each statement's table, then its chart.
		const tables = step.statements.flatMap((s) => {
			const table = perspectiveTable(step, s, context);
			return table ? [table, ...chartBlocks(step, `statement-${s.id}`, context)] : [];
		});
		if (tables.length > 0) {
			blocks.push({ kind: 'heading', level: 4, text: m.results_by_perspective({}, t) }, ...tables);
		}
		if (tally.merged) {
			blocks.push({ kind: 'paragraph', text: m.results_merged_note({ threshold }, t) });
		}
	}
	return blocks;
}

/** Statements on a scale: every step that has answers, each with its results. */
export function scaleReport(steps: ScaleStep[], context: ReportContext): Block[] {
	const answered = steps.filter((step) => step.tally.voters > 0);
	if (answered.length === 0) return [];
	return [
		{ kind: 'heading', level: 2, text: m.report_scale({}, { locale: context.locale }) },
		...answered.flatMap((step) => stepBlocks(step, context))
	];
}
