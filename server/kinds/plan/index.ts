import { addPlanItem } from '../../../src/lib/kinds/plan/model.ts';
import { addStep } from '../../../src/lib/model/steps.ts';
import type { ServerKind } from '../kind.ts';
import { planHandlers, requireNoPlan, WRONG_KIND } from './intents.ts';

export const planServer: ServerKind<'plan'> = {
	handlers: planHandlers,
	wrongKind: WRONG_KIND,
	beforeAdd: ({ doc }) => requireNoPlan(doc),
	// A plan takes no ballots: nothing to count or publish.
	publish: () => undefined,
	rounds: () => [],
	leave: () => undefined,
	arrive: () => undefined,
	arrivalGrows: () => false,
	forget: () => undefined,
	carry(doc, step) {
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
};
