import type * as Y from 'yjs';
import { hasCounts, hasOutcome, positioningOutcome } from '../src/lib/model/outcome.ts';
import { positioningPolls } from '../src/lib/model/positioning.ts';
import { setPrevious } from '../src/lib/model/session-doc.ts';
import { moveStep, readSteps, removeStep } from '../src/lib/model/steps.ts';
import { templates, bornTemplate } from '../src/lib/model/templates.ts';
import type { SessionSnapshot, Step, StepKind } from '../src/lib/model/types.ts';
import { serverKindOf } from './kinds/index.ts';

/** Whether a series carries a step over: what a session builds, not what it votes on. */
const carried = (step: Step): boolean => serverKindOf(step).carry !== undefined;

/**
 * Starts a session's board from the one before it in a series: its positioning outcome (frozen,
 * as the earlier polls' ballots stay behind), its clusters with their dilemmas, and its year plan.
 * `previous` is the shared document as every phone had it (`readSnapshot` without the
 * facilitators' own), so nothing hidden from that room reaches the next one.
 * Polls, consent rounds, participants and dots do not come along: the new session votes anew.
 *
 * The new session already holds its template's agenda. The boards and the plan carried over take
 * the place of its fresh board and plan (a session has one plan, and an empty board beside the
 * one it continues would only confuse); a kind the agenda lacks goes at its end.
 */
export function seedFromPrevious(doc: Y.Doc, previous: SessionSnapshot): void {
	const plan = previous.steps.find((s) => s.kind === 'plan');
	const own = positioningOutcome(
		previous.steps,
		positioningPolls(previous.template, previous.options),
		plan?.kind === 'plan' ? plan : undefined
	);
	// Only what the room was shown carries over: a poll whose counts were never revealed does not.
	if (own.poll && !hasCounts(own.poll)) own.poll = undefined;
	setPrevious(doc, {
		id: previous.id,
		title: previous.title,
		createdAt: previous.createdAt,
		// A session that voted on nothing passes on the outcome it was given.
		outcome: hasOutcome(own) || !previous.previous ? own : previous.previous.outcome
	});

	const carriedSteps = previous.steps.filter(carried);
	// The agenda as it will read: each carried step where the agenda had its first of that kind.
	const order: string[] = [];
	const placed = new Set<StepKind>();
	for (const step of readSteps(doc)) {
		if (!carried(step) || !carriedSteps.some((s) => s.kind === step.kind)) {
			order.push(step.id);
			continue;
		}
		// Before the carried steps come in: one of them may have the same id.
		removeStep(doc, step.id);
		if (placed.has(step.kind)) continue;
		placed.add(step.kind);
		order.push(...carriedSteps.filter((s) => s.kind === step.kind).map((s) => s.id));
	}
	for (const step of carriedSteps) if (!placed.has(step.kind)) order.push(step.id);

	const template = templates[previous.template] ?? bornTemplate;
	for (const step of carriedSteps) {
		serverKindOf(step).carry?.(doc, step, { template, locale: previous.locale });
	}
	order.forEach((id, index) => moveStep(doc, id, index));
}
