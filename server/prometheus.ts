/**
 * The few parts of Prometheus's text exposition format (version 0.0.4) that /metrics needs:
 * counters, gauges and a histogram, each family with its HELP and TYPE lines.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

/** The Content-Type a scraper expects for this format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge' | 'histogram';

/**
 * A sample's labels. Names are fixed by the code and values come from closed lists (roles, intent
 * types, error codes), never from a request, so the number of series stays bounded.
 */
export type Labels = Readonly<Record<string, string>>;

export interface Sample {
	/** Appended to the family's name (`_bucket`, `_sum`, `_count`). */
	suffix?: string;
	labels?: Labels;
	value: number;
}

/** One metric family: `# HELP`, `# TYPE` and its samples, each line ending in a newline. */
export function family(name: string, type: MetricType, help: string, samples: Sample[]): string {
	let text = `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
	for (const { suffix = '', labels = {}, value } of samples) {
		text += `${name}${suffix}${formatLabels(labels)} ${formatValue(value)}\n`;
	}
	return text;
}

/** A number as the format writes it: `+Inf`, `-Inf` and `NaN` by name. */
export function formatValue(value: number): string {
	if (Number.isNaN(value)) return 'NaN';
	if (value === Infinity) return '+Inf';
	if (value === -Infinity) return '-Inf';
	return String(value);
}

function formatLabels(labels: Labels): string {
	const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
	return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

const escapeHelp = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

const escapeLabel = (text: string): string =>
	text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** A counter with labels: a series appears once counted and only ever grows. */
export class Counter {
	readonly #series = new Map<string, { labels: Labels; value: number }>();

	constructor(
		readonly name: string,
		readonly help: string
	) {}

	inc(labels: Labels = {}, by = 1): void {
		const key = JSON.stringify(labels);
		const series = this.#series.get(key);
		if (series) series.value += by;
		else this.#series.set(key, { labels, value: by });
	}

	render(): string {
		return family(this.name, 'counter', this.help, [...this.#series.values()]);
	}
}

/** A histogram of observations (seconds, say) over fixed upper bounds. */
export class Histogram {
	readonly #bounds: readonly number[];
	/** Observations at or below each bound (not yet cumulative). */
	readonly #counts: number[];
	#sum = 0;
	#count = 0;

	constructor(
		readonly name: string,
		readonly help: string,
		bounds: readonly number[]
	) {
		this.#bounds = [...bounds].sort((a, b) => a - b);
		this.#counts = this.#bounds.map(() => 0);
	}

	observe(value: number): void {
		if (!Number.isFinite(value)) return;
		const index = this.#bounds.findIndex((bound) => value <= bound);
		if (index >= 0) this.#counts[index]! += 1;
		this.#sum += value;
		this.#count += 1;
	}

	render(): string {
		let cumulative = 0;
		const buckets: Sample[] = this.#bounds.map((bound, i) => {
			cumulative += this.#counts[i]!;
			return { suffix: '_bucket', labels: { le: formatValue(bound) }, value: cumulative };
		});
		return family(this.name, 'histogram', this.help, [
			...buckets,
			{ suffix: '_bucket', labels: { le: '+Inf' }, value: this.#count },
			{ suffix: '_sum', value: this.#sum },
			{ suffix: '_count', value: this.#count }
		]);
	}
}
