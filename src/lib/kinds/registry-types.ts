import type {
	ConsentStep,
	DilemmaStep,
	Localized,
	PollStep,
	SessionTemplate
} from '../model/types.ts';
import type { Locale, PlanStep } from '../model/types.ts';
import type { NewPlan } from './plan/model.ts';
import type {
	NewQuestion,
	QuestionAgendaEntry,
	QuestionDisplay,
	QuestionStep
} from './question/types.ts';
import type { RankingStep } from './ranking/types.ts';
import type { ScaleStep } from './scale/types.ts';

/**
 * Every step kind by name, with the types each one brings: the step as read (`step`), what a new
 * one is made from (`create`), what `step.add` may say of it besides a title (`request`), and
 * what a template's agenda may say of it (`agenda`). `StepKind`, `Step` and the template's
 * agenda entries are derived from this one list, and the registries (`kinds/index.ts`,
 * `kinds/reports.ts`, `server/kinds/index.ts`, and `components/kinds/` `console.ts`, `phone.ts`,
 * `screen.ts` and `words.ts`) must have an entry for each name.
 *
 * Adding a kind: see docs/architecture.md, "Adding a step kind".
 */
export interface StepKinds {
	poll: {
		step: PollStep;
		create: PollStep;
		request: { optionSet?: string };
		agenda: { optionSet: string };
	};
	consent: {
		step: ConsentStep;
		create: { id: string; kind: 'consent'; title: string; proposal: string };
		request: { proposal?: string };
		agenda: { proposal?: Localized };
	};
	dilemmas: {
		step: DilemmaStep;
		create: {
			id: string;
			kind: 'dilemmas';
			title: string;
			template: SessionTemplate;
			locale: Locale;
		};
		request: object;
		agenda: object;
	};
	question: {
		step: QuestionStep;
		create: NewQuestion;
		request: { prompt?: string; display?: QuestionDisplay };
		agenda: QuestionAgendaEntry;
	};
	ranking: {
		step: RankingStep;
		create: RankingStep;
		request: { optionSet?: string };
		agenda: { optionSet?: string };
	};
	plan: {
		step: PlanStep;
		create: { id: string; kind: 'plan' } & NewPlan;
		request: object;
		agenda: object;
	};
	scale: {
		step: ScaleStep;
		create: ScaleStep;
		/** `optionSet` names the scale it starts from (kinds/scale/presets.ts). */
		request: { optionSet?: string };
		agenda: { optionSet?: string };
	};
}
