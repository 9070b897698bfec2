import * as Y from 'yjs';
import { PLAN_LONG_MAX, PLAN_SHORT_MAX, PROPOSAL_MAX } from '../intents/types.ts';
import { planItemText } from '../kinds/plan/model.ts';
import { stepMap, STEP_KEYS } from './steps.ts';
import { proposalText } from '../kinds/consent/model.ts';
import { PLAN_TEXT_FIELDS, type PlanTextField } from './types.ts';

/**
 * The texts facilitators co-edit straight through the sync socket: a consent step's proposal
 * and the free-text fields of the plan's items. Everything else in a session's document changes
 * only through intents, which the server checks; the server refuses a facilitator's update that
 * touches anything but these (see server/update-guard.ts).
 */

/** Plan fields with room for a paragraph; the others take one line. */
export const PLAN_LONG_FIELDS: readonly PlanTextField[] = [
	'goal',
	'result',
	'approach',
	'coreTeam',
	'communication'
];

/** The most characters (UTF-16 code units, as Y.Text counts) a plan item's field may hold. */
export const planTextMax = (field: PlanTextField): number =>
	PLAN_LONG_FIELDS.includes(field) ? PLAN_LONG_MAX : PLAN_SHORT_MAX;

/** What of a shared type this module needs: the item that holds it in its parent. */
interface Shared {
	_item: Y.Item | null;
}

/** The key a shared type is stored under in its parent map, and that parent, if it is one. */
function placeOf(type: Shared): { key: string; parent: Y.Map<unknown> } | undefined {
	const item = type._item;
	if (!item || item.parentSub === null || !(item.parent instanceof Y.Map)) return undefined;
	return { key: item.parentSub, parent: item.parent as Y.Map<unknown> };
}

/** The id of a step's map, if `map` is one (stored under its id in the top-level steps map). */
function stepIdOf(steps: Y.Map<unknown>, map: Y.Map<unknown>): string | undefined {
	const place = placeOf(map);
	return place && place.parent === steps ? place.key : undefined;
}

/**
 * How long a co-edited text may grow, or undefined when `type` is not a co-edited text. The
 * text is found by walking up from it to its step and then looked up again the way the editors
 * find it, so a look-alike stored anywhere else never counts as co-edited.
 */
export function coEditedTextLimit(doc: Y.Doc, type: Shared): number | undefined {
	if (!(type instanceof Y.Text)) return undefined;
	// First: in a doc loaded from an update, this turns the placeholder Yjs made for the
	// top-level `steps` into its Y.Map, and points the children's parents at that map.
	const steps = doc.getMap(STEP_KEYS.steps);
	const place = placeOf(type);
	if (!place) return undefined;
	const stepId = stepIdOf(steps, place.parent);
	if (stepId !== undefined) {
		return proposalText(doc, stepId) === type ? PROPOSAL_MAX : undefined;
	}
	// A plan item's field: text → item map → items map → the plan step's map.
	const field = place.key as PlanTextField;
	if (!PLAN_TEXT_FIELDS.includes(field)) return undefined;
	const item = placeOf(place.parent);
	const items = item && placeOf(item.parent);
	const planId = items && stepIdOf(steps, items.parent);
	const plan = planId === undefined ? undefined : stepMap(doc, planId);
	if (!item || !plan || planItemText(plan, item.key, field) !== type) return undefined;
	return planTextMax(field);
}
