import type { Step, StepKind } from '$lib/model/types';
import { m } from '$lib/paraglide/messages.js';
import type { KindWords } from './views';

const statusText = { draft: m.status_draft, open: m.status_open, closed: m.status_closed };

/**
 * The words the console's agenda and the projector's bar use for every kind (see views.ts). The
 * compiler refuses a kind without an entry.
 */
export const kindWords = {
	poll: { label: m.kind_poll, state: (step) => statusText[step.status]() },
	consent: { label: m.kind_consent },
	scale: { label: m.kind_scale, state: (step) => statusText[step.status]() },
	dilemmas: { label: m.kind_dilemmas },
	question: { label: m.kind_question, state: (step) => statusText[step.status]() },
	ranking: { label: m.kind_ranking, state: (step) => statusText[step.status]() },
	plan: { label: m.kind_plan }
} satisfies { [K in StepKind]: KindWords<K> };

/** A step's kind's words, typed for any step (see phoneViewOf in phone.ts for why the cast). */
export const wordsOf = (step: Step): KindWords<StepKind> =>
	kindWords[step.kind] as unknown as KindWords<StepKind>;
