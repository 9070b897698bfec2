import {
	array,
	id,
	idOrEmpty,
	int,
	object,
	oneOf,
	optional,
	record,
	text,
	type Check
} from './validate.ts';

/** Who sent a request, as established from its credential. */
export type Role = 'facilitator' | 'participant' | 'screen';

export const NAME_MAX = 60;
export const TITLE_MAX = 120;
export const QUESTION_MAX = 300;
export const OPTION_TITLE_MAX = 80;
export const OPTION_DESCRIPTION_MAX = 300;
export const OPTIONS_MAX = 12;
export const REASON_MAX = 500;
export const PROPOSAL_MAX = 5000;
export const BUDGET_MAX = 100;

/** Fields every intent carries: a client-chosen id (for idempotency) and its type. */
export interface IntentEnvelope {
	id: string;
	type: string;
}

const stepRef = { stepId: id() };

const option = object({
	id: id(),
	title: text({ min: 1, max: OPTION_TITLE_MAX }),
	description: optional(text({ max: OPTION_DESCRIPTION_MAX }))
});

/** Payload schemas by intent type; the envelope fields are checked separately. */
export const intentSchemas = {
	'participant.update': object({
		/** Empty string clears the name (back to anonymous). */
		name: optional(text({ max: NAME_MAX })),
		perspective: optional(id())
	}),
	'step.add': object({
		kind: oneOf(['poll', 'consent']),
		/** For a poll: which of the template's option sets it starts from. */
		optionSet: optional(id()),
		title: optional(text({ min: 1, max: TITLE_MAX }))
	}),
	'step.update': object({
		...stepRef,
		title: optional(text({ min: 1, max: TITLE_MAX })),
		question: optional(text({ max: QUESTION_MAX })),
		nowQuestion: optional(text({ max: QUESTION_MAX })),
		desiredQuestion: optional(text({ max: QUESTION_MAX })),
		options: optional(array(option, { min: 2, max: OPTIONS_MAX })),
		mode: optional(oneOf(['single', 'points', 'nowDesired'])),
		budget: optional(int({ min: 1, max: BUDGET_MAX })),
		visibility: optional(oneOf(['live', 'hidden']))
	}),
	'step.move': object({ ...stepRef, index: int({ min: 0, max: 1000 }) }),
	'step.remove': object(stepRef),
	/** '' sends every screen back to the lobby. */
	'step.activate': object({ stepId: idOrEmpty() }),
	'poll.open': object({ ...stepRef, durationSec: optional(int({ min: 10, max: 3600 })) }),
	'poll.close': object(stepRef),
	'poll.reveal': object(stepRef),
	'poll.reset': object(stepRef),
	'vote.cast': object({
		...stepRef,
		choice: optional(id()),
		points: optional(record(int({ min: 0, max: BUDGET_MAX }), { max: OPTIONS_MAX })),
		now: optional(id()),
		desired: optional(id())
	}),
	'consent.open': object(stepRef),
	'consent.close': object(stepRef),
	'consent.respond': object({
		...stepRef,
		answer: oneOf(['consent', 'concern', 'objection']),
		reason: optional(text({ max: REASON_MAX, multiline: true }))
	}),
	'consent.nextRound': object(stepRef)
} satisfies Record<string, Check<unknown>>;

export type IntentType = keyof typeof intentSchemas;

export type IntentPayload<T extends IntentType> =
	(typeof intentSchemas)[T] extends Check<infer P> ? P : never;

export type Intent = {
	[T in IntentType]: IntentEnvelope & { type: T } & IntentPayload<T>;
}[IntentType];

export function isIntentType(type: unknown): type is IntentType {
	return typeof type === 'string' && Object.hasOwn(intentSchemas, type);
}

/** The error body every endpoint answers with. */
export interface ApiError {
	error: { code: string; message: string };
}
