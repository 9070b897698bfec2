import {
	activateStep,
	readBlank,
	readCurrentStepId,
	readSteps,
	setBlank
} from '../../src/lib/model/steps.ts';
import type { Step } from '../../src/lib/model/types.ts';
import { consentHandlers } from './consent.ts';
import {
	atSizeCap,
	conflict,
	documentFull,
	facilitatorOnly,
	type Handlers,
	type IntentContext
} from './context.ts';
import { dilemmaHandlers } from './dilemmas.ts';
import { pollHandlers } from './polls.ts';

/**
 * The presenter's one press: the room moves from the step on screen to the next one in the
 * agenda. What was open in the step it leaves closes (its results are final and, under the
 * anonymity rule, its breakdown is released), and the next step opens. All in one transaction,
 * so every screen and phone sees the move at once.
 */
export const presenterHandlers: Handlers<'step.next' | 'screen.blank'> = {
	'step.next': {
		roles: facilitatorOnly,
		apply(context, { from }) {
			const { doc } = context;
			// A second press (or a second facilitator) that saw an older screen does not skip a step.
			if (readCurrentStepId(doc) !== from) {
				throw conflict('moved_on', 'The room is no longer on that step.');
			}
			// The agenda as the console shows it: steps that read, in order. An id in the order
			// with no readable step behind it is skipped, as the console skips it.
			const steps = readSteps(doc);
			const index = from === '' ? -1 : steps.findIndex((step) => step.id === from);
			if (from !== '' && index === -1) {
				throw conflict('moved_on', 'The step on screen is not in the agenda.');
			}
			const leaving = steps[index];
			const next = steps[index + 1];
			if (next === undefined) throw conflict('last_step', 'There is no step after this one.');
			// Every refusal before the first change. Only a first consent round adds content.
			if (next.kind === 'consent' && next.rounds.length === 0 && atSizeCap(context)) {
				throw documentFull(context.limits);
			}
			if (leaving) close(context, leaving);
			activateStep(doc, next.id);
			open(context, next);
			if (readBlank(doc)) setBlank(doc, false);
		}
	},
	'screen.blank': {
		roles: facilitatorOnly,
		apply({ doc }, { blank }) {
			if (readBlank(doc) !== blank) setBlank(doc, blank);
		}
	}
};

function close(context: IntentContext, step: Step): void {
	const stepId = step.id;
	if (step.kind === 'poll' && step.status === 'open') {
		pollHandlers['poll.close'].apply(context, { stepId });
	} else if (step.kind === 'consent' && step.rounds.at(-1)?.status === 'open') {
		consentHandlers['consent.close'].apply(context, { stepId });
	} else if (step.kind === 'dilemmas' && step.dots.status === 'open') {
		dilemmaHandlers['dots.close'].apply(context, { stepId });
	}
}

/** Opens what a step collects, if it has not run yet: a poll's voting, a first consent round. */
function open(context: IntentContext, step: Step): void {
	const stepId = step.id;
	if (step.kind === 'poll' && step.status === 'draft') {
		pollHandlers['poll.open'].apply(context, { stepId });
	} else if (step.kind === 'consent' && step.rounds.length === 0) {
		consentHandlers['consent.open'].apply(context, { stepId });
	}
}
