import { percent, sumTotals } from '../model/tally.ts';
import type { OptionTotals, PollStep, TallyPart } from '../model/types.ts';
import { m } from '../paraglide/messages.js';
import { breakdownRows, countAndShare, inLocale, sessionLine, withCount } from './common.ts';
import { categorical, PRIMARY, SECONDARY } from './palette.ts';
import type { BarChart, ChartContext, ChartSpec, StackedChart } from './types.ts';

const signed = (value: number): string => (value > 0 ? `+${value}` : String(value));

/**
 * A poll's charts, from its released tally as the results view shows it: the options' bars
 * (votes or points, or now and desired side by side with the shift in percentage points), and
 * once the breakdown is released, each perspective's split over the options (for now-vs-desired
 * one chart for now, one for desired). Nothing while the tally holds no counts.
 */
export function pollCharts(step: PollStep, context: ChartContext): ChartSpec[] {
	const t = inLocale(context);
	const { tally } = step;
	const count = (n: number): string =>
		step.mode === 'points' ? m.results_points({ count: n }, t) : m.results_votes({ count: n }, t);
	const notes = [
		...(tally.merged ? [m.results_merged_note({ threshold: context.threshold }, t)] : []),
		sessionLine(context)
	];
	const base = { locale: context.locale, title: step.title };

	const series =
		step.mode === 'nowDesired'
			? ([
					{ key: 'now', label: m.results_now({}, t), swatch: SECONDARY },
					{ key: 'desired', label: m.results_desired({}, t), swatch: PRIMARY }
				] as const)
			: ([{ key: 'totals', label: '', swatch: PRIMARY }] as const);
	if (series.some((s) => !tally[s.key])) return [];

	const subtitle =
		step.mode === 'nowDesired'
			? `${m.results_now({}, t)}: ${step.nowQuestion} · ${m.results_desired({}, t)}: ${step.desiredQuestion}`
			: step.question;

	const share = (totals: OptionTotals | undefined, id: string): number =>
		percent(totals?.[id] ?? 0, sumTotals(totals));
	const overall: BarChart = {
		...base,
		type: 'bars',
		key: `${step.id}-overall`,
		name: m.chart_result({}, t),
		subtitle,
		notes: [sessionLine(context)],
		series: series.filter((s) => s.label).map(({ label, swatch }) => ({ label, swatch })),
		// Now and desired are compared as shares (their totals may differ); one series by count.
		max: step.mode === 'nowDesired' ? 100 : Math.max(1, sumTotals(tally.totals)),
		rows: step.options.map((option) => ({
			label: option.title,
			note:
				step.mode === 'nowDesired'
					? `${m.results_shift({}, t)}: ${m.results_shift_value(
							{ value: signed(share(tally.desired, option.id) - share(tally.now, option.id)) },
							t
						)}`
					: undefined,
			bars: series.map((s) => {
				const totals = tally[s.key];
				const n = totals?.[option.id] ?? 0;
				return {
					value: step.mode === 'nowDesired' ? share(totals, option.id) : n,
					text: countAndShare(count(n), n, sumTotals(totals), context)
				};
			})
		}))
	};

	const charts: ChartSpec[] = [overall];
	if (!tally.byPerspective && !tally.merged) return charts;
	const groups = breakdownRows<TallyPart>(
		context,
		tally,
		tally.byPerspective,
		tally.merged && { perspectives: tally.merged.perspectives, part: tally.merged }
	);
	for (const s of series) {
		const name = s.label
			? `${m.results_by_perspective({}, t)} · ${s.label}`
			: m.results_by_perspective({}, t);
		const chart: StackedChart = {
			...base,
			type: 'stacked',
			key: `${step.id}-perspectives${s.label ? `-${s.key}` : ''}`,
			name,
			subtitle:
				s.key === 'now'
					? step.nowQuestion
					: s.key === 'desired'
						? step.desiredQuestion
						: step.question,
			notes,
			segments: step.options.map((option, index) => ({
				label: option.title,
				swatch: categorical(index)
			})),
			rows: groups.map(({ label, part }) => ({
				label: withCount(label, part.voters),
				counts: step.options.map((option) => part[s.key]?.[option.id] ?? 0)
			}))
		};
		charts.push(chart);
	}
	return charts;
}
