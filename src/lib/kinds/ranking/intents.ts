import { PROMPT_MAX, TITLE_MAX } from '../../intents/limits.ts';
import { array, id, object, oneOf, optional, text } from '../../intents/validate.ts';

/** Fewest items a ranking can be opened with: one item is no order. */
export const RANKING_ITEMS_MIN = 2;
/** Most items: more than a dozen is no longer ranked on a phone, only scrolled. */
export const RANKING_ITEMS_MAX = 12;
/** An item's title: a positioning option's fits, a dilemma is shortened to it. */
export const RANKING_ITEM_MAX = 140;

const stepRef = { stepId: id() };

const item = object({ id: id(), title: text({ min: 1, max: RANKING_ITEM_MAX }) });

/**
 * What `step.add` may say of a new ranking: a template option set whose options it starts with
 * (the positioning options, for "Rangorde van de positioneringsopties").
 */
export const rankingAddFields = {
	optionSet: optional(id())
};

/** What `ranking.update` may change. */
export const rankingUpdateFields = {
	title: optional(text({ min: 1, max: TITLE_MAX })),
	prompt: optional(text({ max: PROMPT_MAX })),
	items: optional(array(item, { min: RANKING_ITEMS_MIN, max: RANKING_ITEMS_MAX })),
	visibility: optional(oneOf(['live', 'hidden']))
};

/** A ranking's intents: the facilitator's settings and rounds, and a participant's order. */
export const rankingIntents = {
	'ranking.update': object({ ...stepRef, ...rankingUpdateFields }),
	'ranking.open': object(stepRef),
	'ranking.close': object(stepRef),
	'ranking.reveal': object(stepRef),
	'ranking.reset': object(stepRef),
	'ranking.submit': object({
		...stepRef,
		/** Every item id once, best first; the server checks it against the step's items. */
		order: array(id(), { min: RANKING_ITEMS_MIN, max: RANKING_ITEMS_MAX })
	})
};
