import { describe, expect, it } from 'vitest';
import { templates } from './templates.ts';

describe('every template', () => {
	it.each(Object.values(templates).map((t) => [t.id, t] as const))(
		'%s names option sets it has, for its positioning and its agenda’s polls',
		(_id, template) => {
			const sets = template.optionSets.map((s) => s.id);
			expect(sets).toContain(template.positioningSet);
			// The positioning set offers the template's positioning options.
			const positioning = template.optionSets.find((s) => s.id === template.positioningSet);
			expect(positioning?.options.map((o) => o.id)).toEqual(template.options.map((o) => o.id));
			for (const step of template.agenda) {
				if (step.kind === 'poll') expect(sets).toContain(step.optionSet);
			}
			// One plan per session.
			expect(template.agenda.filter((s) => s.kind === 'plan').length).toBeLessThanOrEqual(1);
		}
	);
});
