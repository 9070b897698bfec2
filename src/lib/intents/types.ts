import { id, object, optional, text, type Check } from './validate.ts';

/** Who sent a request, as established from its credential. */
export type Role = 'facilitator' | 'participant' | 'screen';

export const NAME_MAX = 60;

/** Fields every intent carries: a client-chosen id (for idempotency) and its type. */
export interface IntentEnvelope {
	id: string;
	type: string;
}

export interface ParticipantUpdate {
	/** Empty string clears the name (back to anonymous). */
	name?: string;
	perspective?: string;
}

/** Payload schemas by intent type; the envelope fields are checked separately. */
export const intentSchemas = {
	'participant.update': object({
		name: optional(text({ max: NAME_MAX })),
		perspective: optional(id())
	}) satisfies Check<ParticipantUpdate>
} as const;

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
