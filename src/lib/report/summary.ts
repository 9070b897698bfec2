import { topPriorities } from '../kinds/dilemmas/report.ts';
import { planBrief } from '../kinds/plan/report.ts';
import { hasCounts } from '../model/outcome.ts';
import type { DilemmaStep, PlanStep } from '../model/types.ts';
import { m } from '../paraglide/messages.js';
import type { Block } from './blocks.ts';
import type { ReportContext } from './context.ts';
import { consentOutcomeLine, planStandingBlocks } from './outcome.ts';

/**
 * The report's first page, for the reader who reads nothing else: the positioning and where it
 * came from, the consent decision, the room's top priorities and the plan in brief, each only
 * when the session has it. The appendices (`participantsAppendix` names the first) hold the
 * figures behind it.
 */
export function summaryBlocks(context: ReportContext, participantsAppendix: string): Block[] {
	const { locale, snapshot, threshold } = context;
	const t = { locale };
	const plan = snapshot.steps.find((s): s is PlanStep => s.kind === 'plan');
	const blocks: Block[] = [{ kind: 'heading', level: 2, text: m.report_summary({}, t) }];

	const { outcome, blocks: standing } = planStandingBlocks(plan, context);
	blocks.push(
		...(standing.length > 0
			? standing
			: [{ kind: 'paragraph', text: m.report_summary_no_positioning({}, t) } as const])
	);
	// Beside the headline, what the vote said when a decision heads the plan.
	const { poll, consent, lead } = outcome;
	if (poll && lead !== 'poll' && hasCounts(poll) && poll.leading.length > 0) {
		const titles = new Map(poll.options.map((o) => [o.id, o.title]));
		const options = poll.leading.map((id) => titles.get(id)).join(', ');
		blocks.push({
			kind: 'paragraph',
			text: m.report_poll_leading({ title: poll.title, options }, t)
		});
	}

	if (consent) {
		blocks.push(
			{ kind: 'heading', level: 3, text: m.report_summary_decision({}, t) },
			{ kind: 'paragraph', text: consentOutcomeLine(consent, locale, threshold) }
		);
		// The headline already quotes a passed proposal that heads the plan.
		if (lead !== 'consent') {
			blocks.push({ kind: 'paragraph', text: m.report_proposal({ text: consent.proposal }, t) });
		}
	}

	const boards = snapshot.steps.filter((s): s is DilemmaStep => s.kind === 'dilemmas');
	const priorities = topPriorities(boards, context);
	if (priorities.length > 0) {
		blocks.push(
			{ kind: 'heading', level: 3, text: m.report_summary_priorities({}, t) },
			{ kind: 'list', ordered: true, items: priorities }
		);
	}

	if (plan && plan.items.length > 0) {
		blocks.push(
			{ kind: 'heading', level: 3, text: m.report_summary_plan({}, t) },
			{ kind: 'list', ordered: true, items: planBrief(plan, locale) }
		);
	}

	blocks.push({
		kind: 'paragraph',
		text: m.report_summary_participants(
			{ count: snapshot.counts.total, letter: participantsAppendix },
			t
		)
	});
	return blocks;
}
