import {
	array,
	bool,
	id,
	idOrEmpty,
	int,
	object,
	oneOf,
	optional,
	record,
	text,
	type Check
} from './validate.ts';
import { MAX_THRESHOLD, MIN_THRESHOLD } from '../model/anonymity.ts';
import { PLAN_SCALES, PLAN_STATUSES } from '../model/types.ts';
import { STEP_KINDS } from '../kinds/index.ts';

/** Who sent a request, as established from its credential. */
export type Role = 'facilitator' | 'participant' | 'screen';

export const NAME_MAX = 60;
export const TITLE_MAX = 120;
export const QUESTION_MAX = 300;
export const OPTION_TITLE_MAX = 80;
export const OPTION_DESCRIPTION_MAX = 300;
export const OPTIONS_MAX = 12;
export const REASON_MAX = 500;
export const PROPOSAL_MAX = 5000;
export const BUDGET_MAX = 100;
export const DILEMMA_MAX = 280;
export const POLE_MAX = 140;
export const PROMPT_MAX = 300;
export const CLUSTER_TITLE_MAX = 80;
export const DOTS_MAX = 20;
export const PLAN_ITEMS_MAX = 100;
/** Longest a plan item's short fields (theme, owner, …) and long fields (goal, …) may grow. */
export const PLAN_SHORT_MAX = 200;
export const PLAN_LONG_MAX = 2000;

/** Fields every intent carries: a client-chosen id (for idempotency) and its type. */
export interface IntentEnvelope {
	id: string;
	type: string;
}

const stepRef = { stepId: id() };
const cardRef = { stepId: id(), cardId: id() };
const itemRef = { stepId: id(), itemId: id() };

const option = object({
	id: id(),
	title: text({ min: 1, max: OPTION_TITLE_MAX }),
	description: optional(text({ max: OPTION_DESCRIPTION_MAX }))
});

/** Payload schemas by intent type; the envelope fields are checked separately. */
export const intentSchemas = {
	'participant.update': object({
		/** Empty string clears the name (back to anonymous). */
		name: optional(text({ max: NAME_MAX })),
		perspective: optional(id())
	}),
	/**
	 * Removes a participant's answers, name and perspective (their right to erasure). A
	 * participant sends it for themselves, a facilitator names one. Cards are removed, or kept
	 * without anything that links them to the person.
	 */
	'participant.erase': object({
		participantId: optional(id()),
		cards: oneOf(['remove', 'keep'])
	}),
	/** The session's anonymity, while nobody has voted yet (see model/anonymity.ts). */
	'session.privacy': object({
		open: bool(),
		threshold: int({ min: MIN_THRESHOLD, max: MAX_THRESHOLD })
	}),
	'step.add': object({
		kind: oneOf(STEP_KINDS),
		/** For a poll: which of the template's option sets it starts from. */
		optionSet: optional(id()),
		title: optional(text({ min: 1, max: TITLE_MAX }))
	}),
	'step.update': object({
		...stepRef,
		title: optional(text({ min: 1, max: TITLE_MAX })),
		question: optional(text({ max: QUESTION_MAX })),
		nowQuestion: optional(text({ max: QUESTION_MAX })),
		desiredQuestion: optional(text({ max: QUESTION_MAX })),
		options: optional(array(option, { min: 2, max: OPTIONS_MAX })),
		mode: optional(oneOf(['single', 'points', 'nowDesired'])),
		budget: optional(int({ min: 1, max: BUDGET_MAX })),
		visibility: optional(oneOf(['live', 'hidden'])),
		prompt: optional(text({ max: PROMPT_MAX })),
		postingLocked: optional(bool()),
		participantsMayMove: optional(bool()),
		year: optional(int({ min: 2000, max: 2100 })),
		/** The poll and consent step whose outcome heads a plan; '' picks the latest. */
		pollId: optional(idOrEmpty()),
		consentId: optional(idOrEmpty())
	}),
	'step.move': object({ ...stepRef, index: int({ min: 0, max: 1000 }) }),
	'step.remove': object(stepRef),
	/** '' sends every screen back to the lobby. */
	'step.activate': object({ stepId: idOrEmpty() }),
	/**
	 * The presenter's "next": from the step on screen (`from`, '' = the lobby) to the one after it,
	 * closing what is open in `from` and opening the next step. Refused when the room has moved on.
	 */
	'step.next': object({ from: idOrEmpty() }),
	/** Every screen black (or back): the presenter's B key. */
	'screen.blank': object({ blank: bool() }),
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
	}),
	'consent.open': object(stepRef),
	'consent.close': object(stepRef),
	'consent.respond': object({
		...stepRef,
		answer: oneOf(['consent', 'concern', 'objection']),
		reason: optional(text({ max: REASON_MAX, multiline: true }))
	}),
	'consent.nextRound': object(stepRef),
	'dilemma.post': object({
		...stepRef,
		text: text({ min: 1, max: DILEMMA_MAX, multiline: true }),
		poleA: optional(text({ max: POLE_MAX })),
		poleB: optional(text({ max: POLE_MAX })),
		/** Show the participant's name with the card (anonymous by default). */
		showName: optional(bool())
	}),
	'dilemma.edit': object({
		...cardRef,
		text: optional(text({ min: 1, max: DILEMMA_MAX, multiline: true })),
		poleA: optional(text({ max: POLE_MAX })),
		poleB: optional(text({ max: POLE_MAX }))
	}),
	'dilemma.hide': object(cardRef),
	'dilemma.restore': object(cardRef),
	'card.move': object({ ...cardRef, clusterId: id(), beforeCardId: optional(id()) }),
	'card.stack': object({ ...cardRef, ontoCardId: id() }),
	'card.unstack': object(cardRef),
	'cluster.add': object({ ...stepRef, title: text({ min: 1, max: CLUSTER_TITLE_MAX }) }),
	'cluster.update': object({
		...stepRef,
		clusterId: id(),
		title: text({ min: 1, max: CLUSTER_TITLE_MAX }),
		description: optional(text({ max: PROMPT_MAX }))
	}),
	'cluster.move': object({ ...stepRef, clusterId: id(), index: int({ min: 0, max: 100 }) }),
	'cluster.remove': object({ ...stepRef, clusterId: id() }),
	'dots.open': object({
		...stepRef,
		perParticipant: optional(int({ min: 1, max: DOTS_MAX })),
		perCard: optional(int({ min: 1, max: DOTS_MAX })),
		visibility: optional(oneOf(['live', 'hidden']))
	}),
	'dots.close': object(stepRef),
	'dots.reveal': object(stepRef),
	'dots.place': object(cardRef),
	'dots.remove': object(cardRef),
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
} satisfies Record<string, Check<unknown>>;

export type IntentType = keyof typeof intentSchemas;

export type IntentPayload<T extends IntentType> =
	(typeof intentSchemas)[T] extends Check<infer P> ? P : never;

export type Intent = {
	[T in IntentType]: IntentEnvelope & { type: T } & IntentPayload<T>;
}[IntentType];

export function isIntentType(type: unknown): type is IntentType {
	return typeof type === 'string' && Object.hasOwn(intentSchemas, type);
}
