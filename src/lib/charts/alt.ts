import { percent } from '../model/tally.ts';
import { m } from '../paraglide/messages.js';
import type { ChartSpec } from './types.ts';

/** A text as a sentence: with a full stop, unless it already ends in a mark of its own. */
const sentence = (text: string): string => {
	const trimmed = text.trim();
	return /[.?!…:]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/**
 * The chart in words, for those who do not see it (the SVG's description, the alt text of the
 * image in a document): what it shows and every figure in it, in the chart's language.
 */
export function chartAlt(spec: ChartSpec): string {
	const t = { locale: spec.locale };
	const head = [spec.title, spec.name, spec.subtitle].filter((text) => text.trim());
	let rows: string[];
	if (spec.type === 'bars') {
		rows = spec.rows.map((row) => {
			const bars = row.bars
				.map((bar, index) => {
					const series = spec.series[index]?.label;
					return series ? `${series} ${bar.text}` : bar.text;
				})
				.join(', ');
			return `${row.label}: ${bars}${row.note ? ` (${row.note})` : ''}`;
		});
	} else {
		rows = spec.rows.map((row) => {
			const whole = row.counts.reduce((a, b) => a + b, 0);
			const parts = spec.segments
				.map(
					(segment, index) =>
						`${segment.label} ${m.results_share_count(
							{ share: percent(row.counts[index] ?? 0, whole), count: row.counts[index] ?? 0 },
							t
						)}`
				)
				.join(', ');
			return `${row.label}: ${parts}`;
		});
	}
	return [...head, rows.join('; '), ...spec.notes].map(sentence).join(' ');
}
