/**
 * A strict reader of Prometheus's text exposition format (0.0.4), for tests of /metrics: it
 * throws at the first line a scraper would refuse or misread, and checks what each type
 * promises (a counter never negative, a histogram's buckets cumulative up to its count).
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

export interface MetricSample {
	/** The sample's own name: the family's, or with `_bucket`, `_sum`, `_count` for a histogram. */
	name: string;
	labels: Record<string, string>;
	value: number;
}

export interface MetricFamily {
	name: string;
	type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
	help: string;
	samples: MetricSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const VALUE = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]Inf|NaN)$/;
const TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

/** Every family of an exposition, by name, in order; throws on anything malformed. */
export function parseMetrics(text: string): Map<string, MetricFamily> {
	if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
	const families = new Map<string, MetricFamily>();
	let current: MetricFamily | undefined;
	let help: { name: string; text: string } | undefined;
	const series = new Set<string>();
	const lines = text.slice(0, -1).split('\n');
	for (const [index, line] of lines.entries()) {
		const fail = (problem: string): never => {
			throw new Error(`line ${index + 1} ${problem}: ${JSON.stringify(line)}`);
		};
		if (line.startsWith('# HELP ')) {
			const [, name = '', ...words] = line.split(' ').slice(1);
			if (!NAME.test(name)) fail('names no valid metric');
			if (families.has(name)) fail('describes a family a second time');
			help = { name, text: words.join(' ') };
			continue;
		}
		if (line.startsWith('# TYPE ')) {
			const parts = line.split(' ');
			const [name = '', type = ''] = parts.slice(2);
			if (parts.length !== 4 || !TYPES.includes(type)) fail('is no valid TYPE line');
			if (help?.name !== name) fail('has no HELP line right before it');
			if (families.has(name)) fail('types a family a second time');
			current = {
				name,
				type: type as MetricFamily['type'],
				help: unescapeHelp(help?.text ?? ''),
				samples: []
			};
			families.set(name, current);
			help = undefined;
			continue;
		}
		if (line.startsWith('#') || line === '') fail('is a comment or blank line where none belongs');
		const sample = parseSample(line, fail);
		if (!current) fail('is a sample before any TYPE line');
		const family = current!;
		const suffixes = family.type === 'histogram' ? ['_bucket', '_sum', '_count'] : [''];
		if (!suffixes.some((suffix) => sample.name === family.name + suffix)) {
			fail(`does not belong to family ${family.name}`);
		}
		const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
		if (series.has(key)) fail('repeats a series');
		series.add(key);
		family.samples.push(sample);
	}
	for (const family of families.values()) checkFamily(family);
	return families;
}

function parseSample(line: string, fail: (problem: string) => never): MetricSample {
	const match = /^([^{\s]+)(\{.*\})? (\S+)$/.exec(line);
	if (!match) fail('is no sample');
	const [, name = '', labelText = '', value = ''] = match!;
	if (!NAME.test(name)) fail('names no valid metric');
	if (!VALUE.test(value)) fail('has no valid number');
	return { name, labels: labelText ? parseLabels(labelText, fail) : {}, value: parseValue(value) };
}

function parseLabels(text: string, fail: (problem: string) => never): Record<string, string> {
	const labels: Record<string, string> = {};
	let rest = text.slice(1, -1);
	while (rest.length > 0) {
		const match = /^([^=]+)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/.exec(rest);
		if (!match) fail('has malformed labels');
		const [whole, name = '', value = ''] = match!;
		if (!LABEL_NAME.test(name) || name.startsWith('__')) fail(`has an invalid label name ${name}`);
		if (name in labels) fail(`repeats label ${name}`);
		labels[name] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
		rest = rest.slice(whole.length);
	}
	return labels;
}

function parseValue(text: string): number {
	if (text.endsWith('Inf')) return text.startsWith('-') ? -Infinity : Infinity;
	return Number(text);
}

const unescapeHelp = (text: string): string =>
	text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** What each type promises, checked over a family's samples. */
function checkFamily(family: MetricFamily): void {
	const fail = (problem: string): never => {
		throw new Error(`${family.name}: ${problem}`);
	};
	if (family.help.trim() === '') fail('has no help text');
	if (family.type === 'counter') {
		if (!family.name.endsWith('_total')) fail('is a counter not named …_total');
		for (const sample of family.samples) if (!(sample.value >= 0)) fail('counts below zero');
	}
	if (family.type !== 'histogram') return;
	const buckets = family.samples.filter((s) => s.name === `${family.name}_bucket`);
	const count = family.samples.find((s) => s.name === `${family.name}_count`);
	const sum = family.samples.find((s) => s.name === `${family.name}_sum`);
	if (!count || !sum) fail('lacks _sum or _count');
	let bound = -Infinity;
	let cumulative = 0;
	for (const bucket of buckets) {
		const le = bucket.labels.le;
		if (le === undefined || !VALUE.test(le)) fail('has a bucket without a valid le');
		const at = parseValue(le!);
		if (!(at > bound)) fail('has buckets out of order');
		if (bucket.value < cumulative) fail('has buckets that are not cumulative');
		bound = at;
		cumulative = bucket.value;
	}
	if (bound !== Infinity) fail('has no +Inf bucket');
	if (cumulative !== count!.value) fail('has a +Inf bucket other than its count');
}

/** The value of the one sample of `name` whose labels include `labels`; undefined if none. */
export function sampleValue(
	families: Map<string, MetricFamily>,
	name: string,
	labels: Record<string, string> = {}
): number | undefined {
	for (const family of families.values()) {
		for (const sample of family.samples) {
			if (sample.name !== name) continue;
			if (Object.entries(labels).every(([key, value]) => sample.labels[key] === value)) {
				return sample.value;
			}
		}
	}
	return undefined;
}
