import type { Step, StepKind } from '$lib/model/types';
import { m } from '$lib/paraglide/messages.js';
import ConsentEditor from './consent/Editor.svelte';
import DilemmasEditor from './dilemmas/Editor.svelte';
import PlanEditor from './plan/Editor.svelte';
import PollEditor from './poll/Editor.svelte';
import QuestionEditor from './question/Editor.svelte';
import RankingEditor from './ranking/Editor.svelte';
import ScaleEditor from './scale/Editor.svelte';
import type { ConsoleViews } from './views';

/**
 * Every kind's editor in the console and how its agenda offers the kind (see views.ts). The
 * compiler refuses a kind without an entry.
 */
export const consoleViews = {
	poll: {
		Editor: PollEditor,
		adds: () => [
			{ label: m.agenda_add_poll },
			{ label: m.agenda_add_governance, request: { optionSet: 'governance' } }
		]
	},
	consent: {
		Editor: ConsentEditor,
		adds: () => [{ label: m.agenda_add_consent }]
	},
	scale: {
		Editor: ScaleEditor,
		adds: () => [
			{ label: m.agenda_add_scale },
			{ label: m.agenda_add_scale_level, request: { optionSet: 'level' } }
		]
	},
	dilemmas: {
		Editor: DilemmasEditor,
		wide: true,
		adds: () => [{ label: m.agenda_add_dilemmas }]
	},
	question: {
		Editor: QuestionEditor,
		adds: () => [
			{ label: m.agenda_add_question },
			{ label: m.agenda_add_question_wall, request: { display: 'wall' } }
		]
	},
	ranking: {
		Editor: RankingEditor,
		adds: () => [
			{ label: m.agenda_add_ranking },
			{ label: m.agenda_add_ranking_positioning, request: { optionSet: 'positioning' } }
		]
	},
	plan: {
		Editor: PlanEditor,
		// One plan per session: the exports and the next session build on it.
		adds: (steps) => (steps.some((s) => s.kind === 'plan') ? [] : [{ label: m.agenda_add_plan }])
	}
} satisfies { [K in StepKind]: ConsoleViews<K> };

/** A step's console views, typed for any step (see phoneViewOf in phone.ts for why the cast). */
export const consoleViewsOf = (step: Step): ConsoleViews<StepKind> =>
	consoleViews[step.kind] as unknown as ConsoleViews<StepKind>;

/** A kind's console views, for a kind named on its own. */
export const consoleViewsFor = <K extends StepKind>(kind: K): ConsoleViews<K> =>
	consoleViews[kind] as unknown as ConsoleViews<K>;
