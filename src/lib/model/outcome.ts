import { consentPassed } from './tally.ts';
import type {
	ConsentOutcome,
	ConsentStep,
	OptionTotals,
	PlanStep,
	PollOutcome,
	PollStep,
	PositioningOutcome,
	Step
} from './types.ts';

/** The options with the highest total (all of them on a tie); none when nothing was counted. */
export function leadingOptions(totals: OptionTotals | undefined): string[] {
	if (!totals) return [];
	// A loop rather than `Math.max(...values)`, which runs out of stack on a very long list.
	let best = 0;
	for (const n of Object.values(totals)) if (n > best) best = n;
	if (best === 0) return [];
	return Object.entries(totals)
		.filter(([, n]) => n === best)
		.map(([id]) => id);
}

export function pollOutcome(step: PollStep): PollOutcome {
	const totals = step.mode === 'nowDesired' ? step.tally.desired : step.tally.totals;
	const leading = new Set(leadingOptions(totals));
	return {
		stepId: step.id,
		title: step.title,
		question:
			step.mode === 'nowDesired'
				? [step.nowQuestion, step.desiredQuestion].filter(Boolean).join(' / ')
				: step.question,
		mode: step.mode,
		options: step.options,
		tally: step.tally,
		// In the options' order, so a tie reads the same everywhere.
		leading: step.options.filter((o) => leading.has(o.id)).map((o) => o.id)
	};
}

export function consentOutcome(step: ConsentStep): ConsentOutcome | undefined {
	const round = step.rounds.at(-1);
	if (!round) return undefined;
	return {
		stepId: step.id,
		title: step.title,
		round: round.number,
		proposal: round.proposal,
		status: round.status,
		counts: round.tally.counts,
		consented: round.status === 'closed' && consentPassed(round.tally)
	};
}

/**
 * The outcome a plan starts from: the poll and consent step it names, or else the latest poll
 * whose counts show and the latest consent step that held a round.
 */
export function positioningOutcome(
	steps: readonly Step[],
	plan?: Pick<PlanStep, 'pollId' | 'consentId'>
): PositioningOutcome {
	const polls = steps.filter((s): s is PollStep => s.kind === 'poll');
	const consents = steps.filter((s): s is ConsentStep => s.kind === 'consent');
	const poll = polls.find((s) => s.id === plan?.pollId) ?? polls.findLast(hasCounts);
	const consent =
		consents.find((s) => s.id === plan?.consentId) ?? consents.findLast((s) => s.rounds.length > 0);
	return {
		poll: poll && pollOutcome(poll),
		consent: consent && consentOutcome(consent)
	};
}

/** Whether a poll's counts show (released, and not hidden from the room). */
export const hasCounts = (step: Pick<PollStep, 'tally'>): boolean =>
	step.tally.totals !== undefined || step.tally.now !== undefined;

export const hasOutcome = (outcome: PositioningOutcome | undefined): boolean =>
	Boolean(outcome?.poll || outcome?.consent);
