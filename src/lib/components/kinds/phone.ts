import type { Step, StepKind } from '$lib/model/types';
import ConsentPhone from './consent/Phone.svelte';
import DilemmasPhone from './dilemmas/Phone.svelte';
import PollPhone from './poll/Phone.svelte';
import QuestionPhone from './question/Phone.svelte';
import RankingPhone from './ranking/Phone.svelte';
import ScalePhone from './scale/Phone.svelte';
import type { PhoneView } from './views';

/**
 * Every kind's view on a phone (see views.ts); `undefined`: the phone waits. The compiler refuses
 * a kind without an entry. Only the phone's page imports this registry: what it names is what a
 * phone downloads before it can vote.
 */
export const phoneViews = {
	poll: PollPhone,
	consent: ConsentPhone,
	scale: ScalePhone,
	dilemmas: DilemmasPhone,
	question: QuestionPhone,
	ranking: RankingPhone,
	// The year plan is the facilitators' to write; the room sees it on the projector.
	plan: undefined
} satisfies { [K in StepKind]: PhoneView<K> | undefined };

/**
 * A step's view on a phone, typed for any step. TypeScript cannot follow the link between a
 * step's `kind` and the registry's entry through an index; this is the one place that says it
 * holds.
 */
export const phoneViewOf = (step: Step): PhoneView<StepKind> | undefined =>
	phoneViews[step.kind] as unknown as PhoneView<StepKind> | undefined;
