import type { StepKind } from '../model/types.ts';
import type { Check } from '../intents/validate.ts';
import { consentIntents, consentUpdateFields } from './consent/intents.ts';
import { dilemmasIntents, dilemmasUpdateFields } from './dilemmas/intents.ts';
import { planIntents, planUpdateFields } from './plan/intents.ts';
import { pollAddFields, pollIntents, pollUpdateFields } from './poll/intents.ts';
import { questionAddFields, questionIntents, questionUpdateFields } from './question/intents.ts';
import { rankingAddFields, rankingIntents, rankingUpdateFields } from './ranking/intents.ts';
import { scaleAddFields, scaleIntents, scaleUpdateFields } from './scale/intents.ts';

/**
 * Every kind's intents, by kind: each kind's own update (`<kind>.update`) and whatever else it
 * takes. The compiler refuses a kind without an entry.
 */
export const intentsByKind = {
	poll: pollIntents,
	consent: consentIntents,
	dilemmas: dilemmasIntents,
	question: questionIntents,
	ranking: rankingIntents,
	scale: scaleIntents,
	plan: planIntents
} satisfies { [K in StepKind]: Record<`${K}.update`, Check<unknown>> };

/** The fields each kind's update may change (without `stepId`). */
export const updateFieldsByKind = {
	poll: pollUpdateFields,
	consent: consentUpdateFields,
	dilemmas: dilemmasUpdateFields,
	question: questionUpdateFields,
	ranking: rankingUpdateFields,
	scale: scaleUpdateFields,
	plan: planUpdateFields
} satisfies { [K in StepKind]: Record<string, Check<unknown>> };

/**
 * What `step.add` may say of a new step of each kind besides its title (a poll's option set);
 * a kind's `create` gets these as its request.
 */
export const addFieldsByKind = {
	poll: pollAddFields,
	consent: {},
	dilemmas: {},
	question: questionAddFields,
	ranking: rankingAddFields,
	scale: scaleAddFields,
	plan: {}
} satisfies { [K in StepKind]: Record<string, Check<unknown>> };

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
	x: infer I
) => void
	? I
	: never;

/** Every kind's intents in one list, for the intent parser. */
export const kindIntents = Object.assign(
	{},
	...Object.values(intentsByKind)
) as UnionToIntersection<(typeof intentsByKind)[StepKind]>;

/**
 * The fields of `step.update`, the one update intent of earlier versions: every kind's. The
 * server sends it on to the step's own update (server/intents/steps.ts).
 */
export const anyUpdateFields = Object.assign(
	{},
	...Object.values(updateFieldsByKind)
) as UnionToIntersection<(typeof updateFieldsByKind)[StepKind]>;

/** The fields of `step.add` besides `kind` and `title`: every kind's (a field of another kind is 422). */
export const anyAddFields = Object.assign(
	{},
	...Object.values(addFieldsByKind)
) as UnionToIntersection<(typeof addFieldsByKind)[StepKind]>;
