import { array, id, int, object, oneOf, optional, text } from '../../intents/validate.ts';
import { TITLE_MAX } from '../../intents/limits.ts';

/** How many statements a step may hold. */
export const STATEMENTS_MIN = 1;
export const STATEMENTS_MAX = 20;
/** How long a statement may be. */
export const STATEMENT_MAX = 200;
/** How many points a scale has: at least two to choose from, at most seven to read. */
export const LABELS_MIN = 2;
export const LABELS_MAX = 7;
/** How long a point's label may be. */
export const LABEL_MAX = 40;

const stepRef = { stepId: id() };

const statement = object({ id: id(), text: text({ min: 1, max: STATEMENT_MAX }) });

/** What `step.add` may say of a new scale: its preset (`agree`, the default, or `level`). */
export const scaleAddFields = {
	optionSet: optional(id())
};

/** What `scale.update` may change; statements and labels only while the round has no answers. */
export const scaleUpdateFields = {
	title: optional(text({ min: 1, max: TITLE_MAX })),
	statements: optional(array(statement, { min: STATEMENTS_MIN, max: STATEMENTS_MAX })),
	labels: optional(array(text({ min: 1, max: LABEL_MAX }), { min: LABELS_MIN, max: LABELS_MAX })),
	visibility: optional(oneOf(['live', 'hidden']))
};

/**
 * A scale step's intents: the facilitator's settings and rounds, and a participant's answer to
 * one statement at a time (merged into their answers of the round).
 */
export const scaleIntents = {
	'scale.update': object({ ...stepRef, ...scaleUpdateFields }),
	'scale.open': object(stepRef),
	'scale.close': object(stepRef),
	'scale.reveal': object(stepRef),
	'scale.reset': object(stepRef),
	'scale.answer': object({
		...stepRef,
		statementId: id(),
		point: int({ min: 0, max: LABELS_MAX - 1 })
	})
};
