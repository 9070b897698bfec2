import type * as Y from 'yjs';
import { copyBoard } from '../src/lib/model/dilemmas.ts';
import { hasCounts, hasOutcome, positioningOutcome } from '../src/lib/model/outcome.ts';
import { addPlanItem } from '../src/lib/model/plan.ts';
import { setPrevious } from '../src/lib/model/session-doc.ts';
import { addStep } from '../src/lib/model/steps.ts';
import { templates, bornTemplate } from '../src/lib/model/templates.ts';
import type { SessionSnapshot } from '../src/lib/model/types.ts';

/**
 * Starts a session's board from the one before it in a series: its positioning outcome (frozen,
 * as the earlier polls' ballots stay behind), its clusters with their dilemmas, and its year plan.
 * `previous` is the shared document as every phone had it (`readSnapshot` without the
 * facilitators' own), so nothing hidden from that room reaches the next one.
 * Polls, consent rounds, participants and dots do not come along: the new session votes anew.
 */
export function seedFromPrevious(doc: Y.Doc, previous: SessionSnapshot): void {
	const plan = previous.steps.find((s) => s.kind === 'plan');
	const own = positioningOutcome(previous.steps, plan?.kind === 'plan' ? plan : undefined);
	// Only what the room was shown carries over: a poll whose counts were never revealed does not.
	if (own.poll && !hasCounts(own.poll)) own.poll = undefined;
	setPrevious(doc, {
		id: previous.id,
		title: previous.title,
		createdAt: previous.createdAt,
		// A session that voted on nothing passes on the outcome it was given.
		outcome: hasOutcome(own) || !previous.previous ? own : previous.previous.outcome
	});
	const template = templates[previous.template] ?? bornTemplate;
	for (const step of previous.steps) {
		if (step.kind === 'dilemmas') {
			const map = addStep(doc, {
				id: step.id,
				kind: 'dilemmas',
				title: step.title,
				template,
				locale: previous.locale
			});
			copyBoard(map, step);
		} else if (step.kind === 'plan') {
			const map = addStep(doc, {
				id: step.id,
				kind: 'plan',
				title: step.title,
				year: step.year,
				regions: step.regions
			});
			for (const { id, createdAt, ...fields } of step.items) {
				addPlanItem(map, { id, createdAt, ...fields });
			}
		}
	}
}
