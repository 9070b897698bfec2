import { pollOutcome } from '../../model/outcome.ts';
import type { PollStep } from '../../model/types.ts';
import { m } from '../../paraglide/messages.js';
import type { Block } from '../../report/blocks.ts';
import type { ReportContext } from '../../report/context.ts';
import { formatDate } from '../../report/format.ts';
import { outcomeBlocks, pollBlocks } from '../../report/outcome.ts';

/**
 * Positioning: every poll that has votes, each with its breakdown by perspective, then the
 * outcome of the session this one continues from.
 */
export function pollReport(steps: PollStep[], context: ReportContext): Block[] {
	const { locale, snapshot } = context;
	const t = { locale };
	const polls = steps.filter((poll) => poll.tally.voters > 0);
	const { previous } = snapshot;
	if (polls.length === 0 && !previous) return [];
	const blocks: Block[] = [{ kind: 'heading', level: 2, text: m.report_positioning({}, t) }];
	for (const poll of polls) {
		blocks.push(
			{ kind: 'heading', level: 3, text: poll.title },
			...pollBlocks(pollOutcome(poll), context, poll)
		);
	}
	if (previous) {
		blocks.push(
			{
				kind: 'heading',
				level: 3,
				text: m.report_previous(
					{ title: previous.title, date: formatDate(previous.createdAt, locale) },
					t
				)
			},
			...outcomeBlocks(previous.outcome, context)
		);
	}
	return blocks;
}
