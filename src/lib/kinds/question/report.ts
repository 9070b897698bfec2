import { m } from '../../paraglide/messages.js';
import type { Block } from '../../report/blocks.ts';
import type { ReportContext } from '../../report/context.ts';
import { displayWord } from './cloud.ts';
import type { QuestionStep } from './types.ts';
import { wordCloud } from './words.ts';

/** How many of the most used words the report's table lists. */
export const REPORT_WORDS = 20;

/**
 * Open questions: per question someone answered, its prompt, how many answered, the most used
 * words and the answers as the room saw them. Only published answers: never a hidden one, nor
 * one still waiting for approval (the facilitators' `review` is not read here).
 */
export function questionReport(
	steps: QuestionStep[],
	{ locale, threshold }: ReportContext
): Block[] {
	const t = { locale };
	const asked = steps.filter((step) => step.voters > 0 || step.answers.length > 0);
	if (asked.length === 0) return [];
	const blocks: Block[] = [{ kind: 'heading', level: 2, text: m.report_questions({}, t) }];
	for (const step of asked) {
		blocks.push({ kind: 'heading', level: 3, text: step.title });
		if (step.prompt) blocks.push({ kind: 'paragraph', strong: true, text: step.prompt });
		blocks.push({ kind: 'paragraph', text: m.question_answered({ count: step.voters }, t) });
		if (step.answers.length === 0) {
			blocks.push({
				kind: 'paragraph',
				text:
					step.voters < threshold
						? m.question_too_few({ threshold }, t)
						: m.question_none_published({}, t)
			});
			continue;
		}
		const words = wordCloud(
			step.answers.map((a) => a.text),
			{ limit: REPORT_WORDS }
		);
		if (words.length > 0) {
			blocks.push({
				kind: 'table',
				caption: m.report_question_words({ title: step.title }, t),
				header: [m.report_word({}, t), m.report_word_count({}, t)],
				widths: [3, 'narrow'],
				rows: words.map(({ word, count }) => [displayWord(word), String(count)])
			});
		}
		blocks.push(
			{ kind: 'paragraph', text: m.report_question_answers({}, t) },
			{ kind: 'list', items: step.answers.map((a) => a.text) }
		);
	}
	return blocks;
}
