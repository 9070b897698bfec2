import {
	activateStep,
	readBlank,
	readCurrentStepId,
	readSteps,
	setBlank
} from '../../src/lib/model/steps.ts';
import { atSizeCap, conflict, documentFull, facilitatorOnly, type Handlers } from './context.ts';
import { serverKindOf } from '../kinds/index.ts';

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
			// Every refusal before the first change (arriving at a consent step opens its first round).
			if (serverKindOf(next).arrivalGrows(next) && atSizeCap(context)) {
				throw documentFull(context.limits);
			}
			if (leaving) serverKindOf(leaving).leave(context, leaving);
			activateStep(doc, next.id);
			serverKindOf(next).arrive(context, next);
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
