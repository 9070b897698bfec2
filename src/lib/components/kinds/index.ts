import type { Step, StepKind } from '$lib/model/types';
import { m } from '$lib/paraglide/messages.js';
import ConsentEditor from './consent/Editor.svelte';
import ConsentPhone from './consent/Phone.svelte';
import ConsentScreen from './consent/Screen.svelte';
import DilemmasEditor from './dilemmas/Editor.svelte';
import DilemmasPhone from './dilemmas/Phone.svelte';
import DilemmasScreen from './dilemmas/Screen.svelte';
import PlanEditor from './plan/Editor.svelte';
import PlanScreen from './plan/Screen.svelte';
import PollEditor from './poll/Editor.svelte';
import PollPhone from './poll/Phone.svelte';
import PollScreen from './poll/Screen.svelte';
import QuestionEditor from './question/Editor.svelte';
import QuestionPhone from './question/Phone.svelte';
import QuestionScreen from './question/Screen.svelte';
import RankingEditor from './ranking/Editor.svelte';
import RankingPhone from './ranking/Phone.svelte';
import RankingScreen from './ranking/Screen.svelte';
import ScaleEditor from './scale/Editor.svelte';
import ScalePhone from './scale/Phone.svelte';
import ScaleScreen from './scale/Screen.svelte';
import type { KindViews } from './views';

const statusText = { draft: m.status_draft, open: m.status_open, closed: m.status_closed };

/**
 * The views of every step kind (see views.ts). The compiler refuses a kind without an entry. The
 * order is the order the agenda offers them in.
 */
export const kindViews = {
	poll: {
		Editor: PollEditor,
		Phone: PollPhone,
		Screen: PollScreen,
		label: m.kind_poll,
		state: (step) => statusText[step.status](),
		endsAt: (step) => (step.status === 'open' ? step.endsAt : 0),
		adds: () => [
			{ label: m.agenda_add_poll },
			{ label: m.agenda_add_governance, request: { optionSet: 'governance' } }
		]
	},
	consent: {
		Editor: ConsentEditor,
		Phone: ConsentPhone,
		Screen: ConsentScreen,
		label: m.kind_consent,
		adds: () => [{ label: m.agenda_add_consent }]
	},
	scale: {
		Editor: ScaleEditor,
		Phone: ScalePhone,
		Screen: ScaleScreen,
		label: m.kind_scale,
		state: (step) => statusText[step.status](),
		adds: () => [
			{ label: m.agenda_add_scale },
			{ label: m.agenda_add_scale_level, request: { optionSet: 'level' } }
		]
	},
	dilemmas: {
		Editor: DilemmasEditor,
		Phone: DilemmasPhone,
		Screen: DilemmasScreen,
		label: m.kind_dilemmas,
		wide: true,
		adds: () => [{ label: m.agenda_add_dilemmas }]
	},
	question: {
		Editor: QuestionEditor,
		Phone: QuestionPhone,
		Screen: QuestionScreen,
		label: m.kind_question,
		state: (step) => statusText[step.status](),
		adds: () => [
			{ label: m.agenda_add_question },
			{ label: m.agenda_add_question_wall, request: { display: 'wall' } }
		]
	},
	ranking: {
		Editor: RankingEditor,
		Phone: RankingPhone,
		Screen: RankingScreen,
		label: m.kind_ranking,
		state: (step) => statusText[step.status](),
		adds: () => [
			{ label: m.agenda_add_ranking },
			{ label: m.agenda_add_ranking_positioning, request: { optionSet: 'positioning' } }
		]
	},
	plan: {
		Editor: PlanEditor,
		Screen: PlanScreen,
		label: m.kind_plan,
		// One plan per session: the exports and the next session build on it.
		adds: (steps) => (steps.some((s) => s.kind === 'plan') ? [] : [{ label: m.agenda_add_plan }])
	}
} satisfies { [K in StepKind]: KindViews<K> };

/**
 * The views of a step's kind, typed for any step. TypeScript cannot follow the link between a
 * step's `kind` and the registry's entry through an index; this is the one place that says it
 * holds.
 */
export const viewsOf = (step: Step): KindViews<StepKind> =>
	kindViews[step.kind] as unknown as KindViews<StepKind>;

/** A kind's views, for a kind named on its own. */
export const viewsFor = <K extends StepKind>(kind: K): KindViews<K> =>
	kindViews[kind] as unknown as KindViews<K>;
