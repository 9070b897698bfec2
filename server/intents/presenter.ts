import {
	activateStep,
	readCurrentStepId,
	readStepIds,
	setBlank
} from '../../src/lib/model/steps.ts';
import { consentHandlers } from './consent.ts';
import {
	conflict,
	facilitatorOnly,
	requireStep,
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
		grows: true,
		apply(context, { from }) {
			const { doc } = context;
			// A second press (or a second facilitator) that saw an older screen does not skip a step.
			if (readCurrentStepId(doc) !== from) {
				throw conflict('moved_on', 'The room is no longer on that step.');
			}
			const ids = readStepIds(doc);
			const next = ids[from === '' ? 0 : ids.indexOf(from) + 1];
			if (next === undefined) throw conflict('last_step', 'There is no step after this one.');
			if (from !== '') close(context, from);
			activateStep(doc, next);
			open(context, next);
			setBlank(doc, false);
		}
	},
	'screen.blank': {
		roles: facilitatorOnly,
		apply({ doc }, { blank }) {
			setBlank(doc, blank);
		}
	}
};

function close(context: IntentContext, stepId: string): void {
	const step = requireStep(context.doc, stepId);
	if (step.kind === 'poll' && step.status === 'open') {
		pollHandlers['poll.close'].apply(context, { stepId });
	} else if (step.kind === 'consent' && step.rounds.at(-1)?.status === 'open') {
		consentHandlers['consent.close'].apply(context, { stepId });
	} else if (step.kind === 'dilemmas' && step.dots.status === 'open') {
		dilemmaHandlers['dots.close'].apply(context, { stepId });
	}
}

/** Opens what a step collects, if it has not run yet: a poll's voting, a first consent round. */
function open(context: IntentContext, stepId: string): void {
	const step = requireStep(context.doc, stepId);
	if (step.kind === 'poll' && step.status === 'draft') {
		pollHandlers['poll.open'].apply(context, { stepId });
	} else if (step.kind === 'consent' && step.rounds.length === 0) {
		consentHandlers['consent.open'].apply(context, { stepId });
	}
}
