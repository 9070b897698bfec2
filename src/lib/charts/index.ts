import type { StepOf } from '../kinds/kind.ts';
import { smallestGroup } from '../model/anonymity.ts';
import type { Locale, SessionSnapshot, Step, StepKind } from '../model/types.ts';
import { consentCharts } from './consent.ts';
import { dotCharts } from './dots.ts';
import { pollCharts } from './poll.ts';
import { questionCharts } from './question.ts';
import { rankingCharts } from './ranking.ts';
import { scaleCharts } from './scale.ts';
import type { ChartContext, ChartSpec } from './types.ts';

export { chartAlt } from './alt.ts';
export { chartFileName } from './file-name.ts';
export { renderChartSvg, type SvgOptions } from './svg.ts';
export type { BarChart, ChartContext, ChartSpec, StackedChart } from './types.ts';

/**
 * Each kind's charts, made from its step as the results views show it (the tally in it is what
 * was released: give the facilitators' view, `KindModel.forFacilitators`, for counts released
 * only to them). A kind whose results are no counts has none.
 */
const chartsByKind = {
	poll: pollCharts,
	consent: consentCharts,
	dilemmas: dotCharts,
	scale: scaleCharts,
	ranking: rankingCharts,
	question: questionCharts,
	plan: () => []
} satisfies { [K in StepKind]: (step: StepOf<K>, context: ChartContext) => ChartSpec[] };

/** The charts of a step's released results, in the order its results view shows them. */
export function stepCharts(step: Step, context: ChartContext): ChartSpec[] {
	const charts = chartsByKind[step.kind] as (step: Step, context: ChartContext) => ChartSpec[];
	return charts(step, context);
}

/**
 * The context to chart a session's steps with, from its snapshot (the exports'): its
 * perspectives, its smallest group, its title and date, in `locale`.
 */
export function chartContext(snapshot: SessionSnapshot, locale: Locale): ChartContext {
	return {
		locale,
		perspectives: snapshot.perspectives,
		threshold: smallestGroup(snapshot.privacy),
		session: { title: snapshot.title, date: snapshot.createdAt }
	};
}
