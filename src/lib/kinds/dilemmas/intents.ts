import { bool, id, int, object, oneOf, optional, text } from '../../intents/validate.ts';
import {
	CLUSTER_TITLE_MAX,
	DILEMMA_MAX,
	DOTS_MAX,
	POLE_MAX,
	PROMPT_MAX,
	TITLE_MAX
} from '../../intents/limits.ts';

const stepRef = { stepId: id() };
const cardRef = { stepId: id(), cardId: id() };

/** What `dilemmas.update` may change. */
export const dilemmasUpdateFields = {
	title: optional(text({ min: 1, max: TITLE_MAX })),
	prompt: optional(text({ max: PROMPT_MAX })),
	postingLocked: optional(bool()),
	participantsMayMove: optional(bool())
};

/** A board's intents: cards, clusters and a round of dots. */
export const dilemmasIntents = {
	'dilemmas.update': object({ ...stepRef, ...dilemmasUpdateFields }),
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
	'dots.remove': object(cardRef)
};
