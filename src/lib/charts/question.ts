import { displayWord } from '../kinds/question/cloud.ts';
import type { QuestionStep } from '../kinds/question/types.ts';
import { wordCloud } from '../kinds/question/words.ts';
import { m } from '../paraglide/messages.js';
import { inLocale, sessionLine } from './common.ts';
import { PRIMARY } from './palette.ts';
import type { ChartContext, ChartSpec } from './types.ts';

/** How many words the chart shows. */
export const TOP_WORDS = 15;

/**
 * An open question's chart: its most used words and in how many answers each is, counted from
 * the answers the room saw (released and shown; never one hidden or awaiting approval).
 */
export function questionCharts(step: QuestionStep, context: ChartContext): ChartSpec[] {
	const t = inLocale(context);
	const words = wordCloud(
		step.answers.map((answer) => answer.text),
		{ limit: TOP_WORDS }
	);
	if (words.length === 0) return [];
	return [
		{
			type: 'bars',
			key: `${step.id}-words`,
			locale: context.locale,
			title: step.title,
			name: m.chart_top_words({}, t),
			subtitle: step.prompt,
			notes: [sessionLine(context)],
			series: [],
			max: Math.max(1, words[0]?.count ?? 1),
			rows: words.map(({ word, count }) => ({
				label: displayWord(word),
				swatch: PRIMARY,
				bars: [{ value: count, text: m.chart_answers({ count }, t) }]
			}))
		}
	];
}
