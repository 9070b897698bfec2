import { consentPassed } from './tally.ts';
import type {
	ConsentOutcome,
	ConsentStep,
	OptionTotals,
	PlanStep,
	PollOutcome,
	PollStep,
	PositioningHeadline,
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
 * How a session tells its positioning polls from other polls (such as "which form of governance
 * do we have?"): by the option set a poll was made from, or, for a poll of an older version that
 * did not record one, by its options being the session's positioning options. Made by
 * `positioningPolls` (positioning.ts), which knows the templates.
 */
export interface PositioningPolls {
	/** The template's positioning set; '' when the session's template is not known here. */
	optionSet: string;
	/** The session's positioning options (`SessionSnapshot.options`). */
	optionIds: readonly string[];
}

export function isPositioningPoll(
	poll: Pick<PollStep, 'optionSet' | 'options'>,
	positioning: PositioningPolls
): boolean {
	if (poll.optionSet && positioning.optionSet) return poll.optionSet === positioning.optionSet;
	return isPositioningOptions(poll.options, positioning.optionIds);
}

/** Options that are all positioning options: what a positioning poll of an older version has. */
const isPositioningOptions = (
	options: readonly { id: string }[],
	positioningIds: readonly string[]
): boolean => options.length > 0 && options.every((o) => positioningIds.includes(o.id));

/** A poll's leading options can head a plan once its counts show and something leads. */
const canLead = (poll: PollOutcome | undefined): boolean =>
	poll !== undefined && hasCounts(poll) && poll.leading.length > 0;

/**
 * Which of a poll and a consent step heads a plan: what the facilitator picked before the
 * defaults, and of each a passed proposal before a poll (a decision outweighs a vote).
 */
function chooseLead(
	poll: PollOutcome | undefined,
	consent: ConsentOutcome | undefined,
	picked: { poll: boolean; consent: boolean }
): PositioningOutcome['lead'] {
	const consentLeads = consent?.consented === true;
	const pollLeads = canLead(poll);
	if (picked.consent && consentLeads) return 'consent';
	if (picked.poll && pollLeads) return 'poll';
	if (consentLeads) return 'consent';
	return pollLeads ? 'poll' : undefined;
}

/**
 * The lead of an outcome frozen by an older version, which did not record one: the defaults,
 * with a poll leading only when its options are the session's positioning options (a frozen
 * poll keeps no option set).
 */
export function defaultLead(
	outcome: Pick<PositioningOutcome, 'poll' | 'consent'>,
	positioningIds: readonly string[]
): PositioningOutcome['lead'] {
	const { poll, consent } = outcome;
	const positioningPoll =
		poll && isPositioningOptions(poll.options, positioningIds) ? poll : undefined;
	return chooseLead(positioningPoll, consent, { poll: false, consent: false });
}

/**
 * The outcome a plan starts from. The poll and consent step are the ones the plan names (the
 * facilitator's pick), or else the latest positioning poll whose counts show, and the latest
 * consent step whose proposal passed (else the latest that held a round). A governance poll
 * never heads a plan unless the facilitator picks it (issue 12: one did, and contradicted the
 * proposal the room had just consented to).
 */
export function positioningOutcome(
	steps: readonly Step[],
	positioning: PositioningPolls,
	plan?: Pick<PlanStep, 'pollId' | 'consentId'>
): PositioningOutcome {
	const polls = steps.filter((s): s is PollStep => s.kind === 'poll');
	const consents = steps.filter((s): s is ConsentStep => s.kind === 'consent');
	// A pick that names no step of its kind (removed since, or odd) is no pick.
	const pickedPoll = polls.find((s) => s.id === plan?.pollId);
	const pickedConsent = consents.find((s) => s.id === plan?.consentId);
	const poll =
		pickedPoll ?? polls.findLast((s) => hasCounts(s) && isPositioningPoll(s, positioning));
	const consent =
		pickedConsent ??
		consents.findLast((s) => consentOutcome(s)?.consented) ??
		consents.findLast((s) => s.rounds.length > 0);
	const outcome: PositioningOutcome = {
		poll: poll && pollOutcome(poll),
		consent: consent && consentOutcome(consent)
	};
	const lead = chooseLead(outcome.poll, outcome.consent, {
		poll: pickedPoll !== undefined,
		consent: pickedConsent !== undefined
	});
	return lead ? { ...outcome, lead } : outcome;
}

/**
 * What heads the plan and where it came from, as every screen and export shows it; undefined
 * when nothing does, or when the lead names a part that cannot (an odd frozen outcome).
 */
export function headlineOf(outcome: PositioningOutcome): PositioningHeadline | undefined {
	const { poll, consent, lead } = outcome;
	if (lead === 'consent' && consent?.consented) {
		const { stepId, title, round, proposal } = consent;
		return { source: 'consent', stepId, title, round, text: proposal };
	}
	if (lead === 'poll' && poll && canLead(poll)) {
		const leading = new Set(poll.leading);
		return {
			source: 'poll',
			stepId: poll.stepId,
			title: poll.title,
			options: poll.options.filter((o) => leading.has(o.id)).map((o) => o.title)
		};
	}
	return undefined;
}

/** Whether a poll's counts show (released, and not hidden from the room). */
export const hasCounts = (step: Pick<PollStep, 'tally'>): boolean =>
	step.tally.totals !== undefined || step.tally.now !== undefined;

export const hasOutcome = (outcome: PositioningOutcome | undefined): boolean =>
	Boolean(outcome?.poll || outcome?.consent);
