import type { Step, StepKind } from '$lib/model/types';
import ConsentScreen from './consent/Screen.svelte';
import DilemmasScreen from './dilemmas/Screen.svelte';
import PlanScreen from './plan/Screen.svelte';
import PollScreen from './poll/Screen.svelte';
import QuestionScreen from './question/Screen.svelte';
import RankingScreen from './ranking/Screen.svelte';
import ScaleScreen from './scale/Screen.svelte';
import type { ScreenViews } from './views';

/**
 * Every kind's view on the projector (see views.ts), also shown in the console's preview. The
 * compiler refuses a kind without an entry.
 */
export const screenViews = {
	poll: {
		Screen: PollScreen,
		endsAt: (step) => (step.status === 'open' ? step.endsAt : 0)
	},
	consent: { Screen: ConsentScreen },
	scale: { Screen: ScaleScreen },
	dilemmas: { Screen: DilemmasScreen },
	question: { Screen: QuestionScreen },
	ranking: { Screen: RankingScreen },
	plan: { Screen: PlanScreen }
} satisfies { [K in StepKind]: ScreenViews<K> };

/** A step's projector views, typed for any step (see phoneViewOf in phone.ts for why the cast). */
export const screenViewsOf = (step: Step): ScreenViews<StepKind> =>
	screenViews[step.kind] as unknown as ScreenViews<StepKind>;
