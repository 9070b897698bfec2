import type { Locale, Perspective } from '../model/types.ts';

/** A bar's colour and the text colour that reads on it. */
export interface Swatch {
	fill: string;
	ink: string;
}

interface ChartBase {
	/** Unique among a session's charts: the step's id and what the chart shows. */
	key: string;
	/** The language every text of the chart is in: the session's. */
	locale: Locale;
	/** The step's title. */
	title: string;
	/** What the chart shows of the step ("Per perspectief · Nu"): its name in a list of charts. */
	name: string;
	/** The question asked, or what the figures count. */
	subtitle: string;
	/** Lines under the chart: the session and its date, notes on what is left out or merged. */
	notes: string[];
}

/** One bar of a row: how long it is, in the unit of the chart's `max`, and its figure. */
export interface Bar {
	value: number;
	/** What the bar reads as ("4 stemmen · 44%"). */
	text: string;
}

/**
 * Horizontal bars, one row per thing counted (an option, a card, a word), each with one bar per
 * series (one, or "now" and "desired").
 */
export interface BarChart extends ChartBase {
	type: 'bars';
	/** The series' names and colours; a legend shows when there is more than one. */
	series: { label: string; swatch: Swatch }[];
	/** `swatch` colours a row of one series on its own (consent's green, amber, red). */
	rows: { label: string; note?: string; swatch?: Swatch; bars: Bar[] }[];
	/** What a full bar stands for. */
	max: number;
}

/**
 * 100% stacked bars: one row per group (everyone, a perspective, the small groups together) or
 * per statement, split into the shares of each answer.
 */
export interface StackedChart extends ChartBase {
	type: 'stacked';
	/** The parts each bar is split into (options, answers, points of a scale), in order. */
	segments: { label: string; swatch: Swatch }[];
	/** `counts` per segment; `label` says whose row it is and how many it counts. */
	rows: { label: string; counts: number[] }[];
}

/** A chart of released counts, described as data; `renderChartSvg` draws it. */
export type ChartSpec = BarChart | StackedChart;

/** What charts are made with besides the step: the session as its results are shown. */
export interface ChartContext {
	/** The session's language: charts are content for the room's papers. */
	locale: Locale;
	/** The session's perspectives, in its order (the rows of a breakdown). */
	perspectives: readonly Perspective[];
	/** The smallest group a result shows, for the note on merged groups. */
	threshold: number;
	/** The session's title and date, under every chart. */
	session: { title: string; date: number };
}
