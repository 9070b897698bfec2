import type * as Y from 'yjs';
import type { Step, StepKind } from '../model/types.ts';
import { consentKind } from './consent/model.ts';
import { dilemmasKind } from './dilemmas/model.ts';
import type { KindModel } from './kind.ts';
import { planKind } from './plan/model.ts';
import { pollKind } from './poll/model.ts';
import { questionKind } from './question/model.ts';
import { rankingKind } from './ranking/model.ts';
import { scaleKind } from './scale/model.ts';

/**
 * The shared part of every step kind (see kind.ts). The compiler refuses a kind of
 * registry-types.ts without an entry here. The order is the order kinds are offered in.
 */
export const kindModels = {
	poll: pollKind,
	consent: consentKind,
	scale: scaleKind,
	dilemmas: dilemmasKind,
	question: questionKind,
	ranking: rankingKind,
	plan: planKind
} satisfies { [K in StepKind]: KindModel<K> };

/** Every kind's name, in the order of the registry. */
export const STEP_KINDS = Object.keys(kindModels) as StepKind[];

export function isStepKind(value: unknown): value is StepKind {
	return typeof value === 'string' && Object.hasOwn(kindModels, value);
}

/** A kind's model, typed for that kind (indexing the registry directly loses the link). */
export const kindModel = <K extends StepKind>(kind: K): KindModel<K> =>
	kindModels[kind] as unknown as KindModel<K>;

/*
 * A step's kind and the step itself are linked, but TypeScript cannot follow that link through
 * an index into the registry; these helpers take a step of any kind and call its kind once.
 */
type AnyModel = { [K in keyof typeof kindModels]: KindModel<K> }[StepKind];
const modelOf = (step: Step): AnyModel => kindModels[step.kind];

/** The counted round a step's ballots go to now, if its kind takes ballots (KindModel.round). */
export const roundOf = (step: Step): number | undefined =>
	(modelOf(step).round as (step: Step) => number | undefined)(step);

/** Whether a step's current round takes ballots now (KindModel.collecting). */
export const collecting = (step: Step): boolean =>
	(modelOf(step).collecting as (step: Step) => boolean)(step);

/** Whether anyone answered in any round of a step (KindModel.answered). */
export const answered = (step: Step): boolean =>
	(modelOf(step).answered as (step: Step) => boolean)(step);

/** A step as facilitators see it, with their own document on top (KindModel.forFacilitators). */
export const forFacilitators = (step: Step, privateDoc: Y.Doc, doc: Y.Doc): Step =>
	(modelOf(step).forFacilitators as (step: Step, privateDoc: Y.Doc, doc: Y.Doc) => Step)(
		step,
		privateDoc,
		doc
	);
