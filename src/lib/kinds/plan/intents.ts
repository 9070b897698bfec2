import {
	bool,
	id,
	idOrEmpty,
	int,
	object,
	oneOf,
	optional,
	record,
	text
} from '../../intents/validate.ts';
import { PLAN_ITEMS_MAX, TITLE_MAX } from '../../intents/limits.ts';
import { PLAN_SCALES, PLAN_STATUSES } from '../../model/types.ts';

const stepRef = { stepId: id() };
const itemRef = { stepId: id(), itemId: id() };

/** What `plan.update` may change (an item's texts are shared texts, co-edited in the document). */
export const planUpdateFields = {
	title: optional(text({ min: 1, max: TITLE_MAX })),
	year: optional(int({ min: 2000, max: 2100 })),
	/** The poll and consent step whose outcome heads a plan; '' picks the latest. */
	pollId: optional(idOrEmpty()),
	consentId: optional(idOrEmpty())
};

/** A plan's intents: its settings and its items' structured fields. */
export const planIntents = {
	'plan.update': object({ ...stepRef, ...planUpdateFields }),
	'item.add': object({
		...stepRef,
		/** Make the item from a ranked card, or from a whole cluster; without it, from scratch. */
		source: optional(object({ stepId: id(), cardId: optional(id()), clusterId: optional(id()) }))
	}),
	'item.update': object({
		...itemRef,
		intensity: optional(int({ min: 0, max: 4 })),
		scale: optional(oneOf(['', ...PLAN_SCALES])),
		status: optional(oneOf(PLAN_STATUSES)),
		quarters: optional(
			object({
				q1: optional(bool()),
				q2: optional(bool()),
				q3: optional(bool()),
				q4: optional(bool())
			})
		),
		/** Region id → takes part (true) or opts out (false). */
		regions: optional(record(bool(), { max: 50 }))
	}),
	'item.move': object({ ...itemRef, index: int({ min: 0, max: PLAN_ITEMS_MAX }) }),
	'item.remove': object(itemRef)
};
