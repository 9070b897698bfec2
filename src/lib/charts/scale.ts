import { pointColours } from '../components/kinds/scale/palette.ts';
import { answered } from '../kinds/scale/stats.ts';
import type { ScaleStep } from '../kinds/scale/types.ts';
import { m } from '../paraglide/messages.js';
import { breakdownRows, inLocale, sessionLine, withCount } from './common.ts';
import type { ChartContext, ChartSpec } from './types.ts';

/**
 * A scale step's charts: every released statement's answers as one stacked bar (the points of
 * the scale from light to dark, as on the projector), and once the breakdown is released, for
 * each statement that has one, the answers of everyone and of each perspective. A statement
 * fewer people answered than the smallest group is not in the tally, so not in any chart; a
 * note says so.
 */
export function scaleCharts(step: ScaleStep, context: ChartContext): ChartSpec[] {
	const t = inLocale(context);
	const released = step.tally.byStatement;
	if (!released) return [];
	const shown = step.statements
		.map((statement, index) => ({ statement, number: index + 1 }))
		.filter(({ statement }) => Object.hasOwn(released, statement.id));
	if (shown.length === 0) return [];
	const colours = pointColours(step.labels.length);
	const segments = step.labels.map((label, point) => ({
		label,
		swatch: colours[point] ?? { fill: '#16325c', ink: '#ffffff' }
	}));
	const withheld = shown.length < step.statements.length;
	const base = { locale: context.locale, title: step.title, segments };
	const charts: ChartSpec[] = [
		{
			...base,
			type: 'stacked',
			key: `${step.id}-statements`,
			name: m.chart_distribution({}, t),
			subtitle: '',
			notes: [
				...(withheld ? [m.scale_withheld_note({ threshold: context.threshold }, t)] : []),
				sessionLine(context)
			],
			rows: shown.map(({ statement, number }) => {
				const counts = released[statement.id] ?? [];
				return { label: withCount(`${number}. ${statement.text}`, answered(counts)), counts };
			})
		}
	];
	const { byPerspective, merged } = step.tally;
	for (const { statement, number } of shown) {
		const own = (group: Record<string, number[]>) =>
			Object.hasOwn(group, statement.id) ? group[statement.id] : undefined;
		const groups: Record<string, number[]> = {};
		for (const [perspective, statements] of Object.entries(byPerspective ?? {})) {
			const counts = own(statements);
			if (counts) groups[perspective] = counts;
		}
		const small = merged && Object.hasOwn(merged, statement.id) ? merged[statement.id] : undefined;
		if (Object.keys(groups).length === 0 && !small) continue;
		const rows = breakdownRows<number[]>(
			context,
			released[statement.id] ?? [],
			groups,
			small && { perspectives: small.perspectives, part: small.counts }
		);
		charts.push({
			...base,
			type: 'stacked',
			key: `${step.id}-statement-${statement.id}`,
			name: m.chart_statement_by_perspective({ n: number }, t),
			subtitle: statement.text,
			notes: [
				...(small ? [m.results_merged_note({ threshold: context.threshold }, t)] : []),
				sessionLine(context)
			],
			rows: rows.map(({ label, part }) => ({
				label: withCount(label, answered(part)),
				counts: step.labels.map((_, point) => part[point] ?? 0)
			}))
		});
	}
	return charts;
}
