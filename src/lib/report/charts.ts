import { chartAlt, stepCharts } from '../charts/index.ts';
import type { ChartSpec } from '../charts/types.ts';
import type { Step } from '../model/types.ts';
import type { Block } from './blocks.ts';
import type { ReportContext } from './context.ts';

/** A step's charts, worked out once per report (a step with many statements asks many times). */
const made = new WeakMap<Step, ChartSpec[]>();

/** Per-perspective charts only: the overall results read well enough as the table alone. */
const perPerspective = (key: string): boolean =>
	key.includes('perspectives') || key.includes('statement-');

/**
 * The chart that draws a per-perspective table, to follow it: the step's chart whose key is
 * `${step.id}-${what}` (charts/*.ts name them: `perspectives`, `perspectives-now`,
 * `round-2-perspectives`, `statement-s1`), or nothing when the step has no such chart (nothing
 * released, or a kind that draws none). The charts hold what the step's tally released, so they
 * follow the same anonymity rule as the tables.
 */
export function chartBlocks(step: Step, what: string, context: ReportContext): Block[] {
	let charts = made.get(step);
	if (!charts) {
		charts = stepCharts(step, context.charts);
		made.set(step, charts);
	}
	const key = `${step.id}-${what}`;
	return charts
		.filter((spec) => spec.key === key && perPerspective(spec.key))
		.map((spec) => ({ kind: 'chart', spec, alt: chartAlt(spec) }));
}
