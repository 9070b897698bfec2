import { bool, id, idOrEmpty, int, object, oneOf, optional, text, type Check } from './validate.ts';
import { NAME_MAX, TITLE_MAX } from './limits.ts';
import { MAX_THRESHOLD, MIN_THRESHOLD } from '../model/anonymity.ts';
import { STEP_KINDS } from '../kinds/index.ts';
import { anyAddFields, anyUpdateFields, kindIntents } from '../kinds/intents.ts';

/** Who sent a request, as established from its credential. */
export type Role = 'facilitator' | 'participant' | 'screen';

export * from './limits.ts';

/** Fields every intent carries: a client-chosen id (for idempotency) and its type. */
export interface IntentEnvelope {
	id: string;
	type: string;
}

const stepRef = { stepId: id() };
/** Payload schemas by intent type; the envelope fields are checked separately. */
export const intentSchemas = {
	'participant.update': object({
		/** Empty string clears the name (back to anonymous). */
		name: optional(text({ max: NAME_MAX })),
		perspective: optional(id())
	}),
	/**
	 * Removes a participant's answers, name and perspective (their right to erasure). A
	 * participant sends it for themselves, a facilitator names one. Cards are removed, or kept
	 * without anything that links them to the person.
	 */
	'participant.erase': object({
		participantId: optional(id()),
		cards: oneOf(['remove', 'keep'])
	}),
	/** The session's anonymity, while nobody has voted yet (see model/anonymity.ts). */
	'session.privacy': object({
		open: bool(),
		threshold: int({ min: MIN_THRESHOLD, max: MAX_THRESHOLD })
	}),
	/** A new step; besides its kind and title, what its kind lets a new one say (anyAddFields). */
	'step.add': object({
		kind: oneOf(STEP_KINDS),
		title: optional(text({ min: 1, max: TITLE_MAX })),
		...anyAddFields
	}),
	/**
	 * The update intent of earlier versions, kept for clients still running them: any kind's
	 * fields, sent on to the step's own `<kind>.update` (a field of another kind is 422).
	 */
	'step.update': object({ ...stepRef, ...anyUpdateFields }),
	'step.move': object({ ...stepRef, index: int({ min: 0, max: 1000 }) }),
	'step.remove': object(stepRef),
	/** '' sends every screen back to the lobby. */
	'step.activate': object({ stepId: idOrEmpty() }),
	/**
	 * The presenter's "next": from the step on screen (`from`, '' = the lobby) to the one after it,
	 * closing what is open in `from` and opening the next step. Refused when the room has moved on.
	 */
	'step.next': object({ from: idOrEmpty() }),
	/** Every screen black (or back): the presenter's B key. */
	'screen.blank': object({ blank: bool() }),
	...kindIntents
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
