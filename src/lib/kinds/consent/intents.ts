import { id, object, oneOf, optional, text } from '../../intents/validate.ts';
import { REASON_MAX, TITLE_MAX } from '../../intents/limits.ts';

const stepRef = { stepId: id() };

/** What `consent.update` may change (the proposal is a shared text, co-edited in the document). */
export const consentUpdateFields = {
	title: optional(text({ min: 1, max: TITLE_MAX }))
};

/** A consent step's intents: its rounds, and a participant's answer with a reason. */
export const consentIntents = {
	'consent.update': object({ ...stepRef, ...consentUpdateFields }),
	'consent.open': object(stepRef),
	'consent.close': object(stepRef),
	'consent.respond': object({
		...stepRef,
		answer: oneOf(['consent', 'concern', 'objection']),
		reason: optional(text({ max: REASON_MAX, multiline: true }))
	}),
	'consent.nextRound': object(stepRef)
};
