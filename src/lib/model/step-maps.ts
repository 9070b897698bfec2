import type * as Y from 'yjs';
import { asYMap } from './read-safe.ts';

/**
 * Where steps live in the shared document: `stepOrder` (ids, in agenda order) and `steps` (one
 * Y.Map per step, by id). Yjs cannot move a shared type within an array, so reordering moves only
 * the id and the step's data stays where it is. Kept apart from steps.ts so that the kinds, which
 * steps.ts dispatches to, can reach a step's map without a cycle between the modules.
 */
export const STEP_KEYS = {
	order: 'stepOrder',
	steps: 'steps',
	/** Key in the `meta` map: the step every screen follows ('' = the lobby). */
	current: 'currentStep',
	/** Key in the `meta` map: every screen shows black (the presenter's B key). */
	blank: 'blank'
} as const;

export type StepMap = Y.Map<unknown>;

/** The steps by id; a value that is not a step's map reads as no step. */
export function stepsMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>(STEP_KEYS.steps);
}

export function orderArray(doc: Y.Doc): Y.Array<string> {
	return doc.getArray<string>(STEP_KEYS.order);
}

/** A step's shared map, or undefined if there is none (or something else is stored there). */
export function stepMap(doc: Y.Doc, id: string): StepMap | undefined {
	return asYMap(stepsMap(doc).get(id));
}
