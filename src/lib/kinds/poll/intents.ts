import { array, id, int, object, oneOf, optional, record, text } from '../../intents/validate.ts';
import {
	BUDGET_MAX,
	OPTION_DESCRIPTION_MAX,
	OPTION_TITLE_MAX,
	OPTIONS_MAX,
	QUESTION_MAX,
	TITLE_MAX
} from '../../intents/limits.ts';

const stepRef = { stepId: id() };

const option = object({
	id: id(),
	title: text({ min: 1, max: OPTION_TITLE_MAX }),
	description: optional(text({ max: OPTION_DESCRIPTION_MAX }))
});

/** What `step.add` may say of a new poll: which of the template's option sets it starts from. */
export const pollAddFields = {
	optionSet: optional(id())
};

/** What `poll.update` may change. */
export const pollUpdateFields = {
	title: optional(text({ min: 1, max: TITLE_MAX })),
	question: optional(text({ max: QUESTION_MAX })),
	nowQuestion: optional(text({ max: QUESTION_MAX })),
	desiredQuestion: optional(text({ max: QUESTION_MAX })),
	options: optional(array(option, { min: 2, max: OPTIONS_MAX })),
	mode: optional(oneOf(['single', 'points', 'nowDesired'])),
	budget: optional(int({ min: 1, max: BUDGET_MAX })),
	visibility: optional(oneOf(['live', 'hidden']))
};

/** A poll's intents: the facilitator's settings and rounds, and a participant's vote. */
export const pollIntents = {
	'poll.update': object({ ...stepRef, ...pollUpdateFields }),
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
	})
};
