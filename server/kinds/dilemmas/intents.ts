import type * as Y from 'yjs';
import { setStepFields } from '../../../src/lib/model/steps.ts';
import {
	addCard,
	addCluster,
	hasCluster,
	moveCard,
	moveCluster,
	readCard,
	removeCluster,
	renameCluster,
	stackCard,
	unstackCard,
	updateCard
} from '../../../src/lib/kinds/dilemmas/model.ts';
import {
	forgetHiddenCard,
	readHiddenCard,
	setHiddenCard
} from '../../../src/lib/model/private-doc.ts';
import { readParticipant } from '../../../src/lib/model/session-doc.ts';
import { readStep, readStepIds, stepMap } from '../../../src/lib/model/steps.ts';
import { isStepKind, kindModels } from '../../../src/lib/kinds/index.ts';
import { UNSORTED, type DilemmaStep, type DotBallot } from '../../../src/lib/model/types.ts';
import { publishDotTally, publishDotTallySoon } from './publish.ts';
import { requireStarted } from '../rounds.ts';
import {
	conflict,
	facilitatorOnly,
	participantOnly,
	perspectiveOf,
	requireBelow,
	requireStep,
	unprocessable,
	type Handlers,
	type IntentContext,
	type IntentHandler
} from '../../intents/context.ts';
import type { KindIntentType } from '../kind.ts';
import { HttpError } from '../../errors.ts';

const everyone = ['facilitator', 'participant'] as const;

/** The answer to a board's intent that names a step of another kind. */
export const WRONG_KIND = {
	code: 'not_a_dilemma_step',
	message: 'This step does not collect dilemmas.'
} as const;

function requireDilemmas(doc: Y.Doc, stepId: string): { step: DilemmaStep; map: Y.Map<unknown> } {
	const step = requireStep(doc, stepId);
	const map = stepMap(doc, stepId);
	if (step.kind !== 'dilemmas' || !map) {
		throw unprocessable(WRONG_KIND.code, WRONG_KIND.message);
	}
	return { step, map };
}

function requireCard(map: Y.Map<unknown>, cardId: string) {
	const card = readCard(map, cardId);
	if (!card) throw new HttpError('card_not_found', 'This step has no such card.');
	return card;
}

function requireCluster(map: Y.Map<unknown>, clusterId: string): void {
	if (!hasCluster(map, clusterId)) {
		throw new HttpError('cluster_not_found', 'This step has no such cluster.');
	}
}

/** Participants sort cards only when the facilitator allows it, and never hidden ones. */
function requireMayMove({ actor }: IntentContext, step: DilemmaStep, hidden: boolean): void {
	if (actor.role === 'facilitator') return;
	if (!step.participantsMayMove || hidden) {
		throw new HttpError('forbidden', 'The facilitator has not opened sorting to participants.');
	}
}

function dotsOf(context: IntentContext, step: DilemmaStep): DotBallot {
	const ballot = context.room.ballots.get(
		step.id,
		step.dots.round,
		context.actor.participantId ?? ''
	);
	return { ...((ballot as DotBallot | undefined) ?? {}) };
}

/**
 * Copies of a card in other steps (plan items, ranking items) follow its text: each kind that
 * copies cards says how (`KindModel.followCard`).
 */
export function followCardText(doc: Y.Doc, cardId: string, oldText: string, newText: string): void {
	if (oldText === newText) return;
	for (const id of readStepIds(doc)) {
		const map = stepMap(doc, id);
		const kind = map?.get('kind');
		if (map && isStepKind(kind)) kindModels[kind].followCard?.(map, cardId, oldText, newText);
	}
}

function putDots({ room, actor, now }: IntentContext, step: DilemmaStep, dots: DotBallot): void {
	const participantId = actor.participantId ?? '';
	const perspective = perspectiveOf(room, participantId);
	room.ballots.put(step.id, step.dots.round, participantId, dots, now, perspective);
	publishDotTallySoon(room, step.id, step.dots.round, participantId);
}

/**
 * Moderation. A hidden card's texts move to the facilitators' own document: the shared one keeps
 * the card (its place, its stack) with empty texts, so no phone, now or joining later, holds
 * them; restoring moves them back.
 */
function setHidden(hidden: boolean): IntentHandler<'dilemma.hide' | 'dilemma.restore'> {
	return {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId, cardId }) {
			const { map } = requireDilemmas(doc, stepId);
			const card = requireCard(map, cardId);
			if (card.hidden === hidden) return;
			const { privateDoc } = room;
			if (hidden) {
				const { text, poleA, poleB, author } = card;
				privateDoc.transact(() =>
					setHiddenCard(privateDoc, cardId, { text, poleA, poleB, author })
				);
				updateCard(map, cardId, { hidden, text: '', poleA: '', poleB: '', author: '' });
				followCardText(doc, cardId, text, '');
				room.scheduleErasure();
			} else {
				const texts = readHiddenCard(privateDoc, cardId);
				updateCard(map, cardId, { hidden, ...texts });
				followCardText(doc, cardId, '', texts?.text ?? '');
				privateDoc.transact(() => forgetHiddenCard(privateDoc, cardId));
			}
		}
	};
}

export const dilemmaHandlers: Handlers<KindIntentType<'dilemmas'>> = {
	'dilemmas.update': {
		roles: facilitatorOnly,
		grows: true,
		apply({ doc }, { stepId, ...fields }) {
			requireDilemmas(doc, stepId);
			setStepFields(doc, stepId, fields);
		}
	},
	'dilemma.post': {
		roles: everyone,
		grows: true,
		apply(
			{ room, doc, store, actor, intentId, now, limits },
			{ stepId, text, poleA, poleB, showName }
		) {
			const { step, map } = requireDilemmas(doc, stepId);
			if (step.postingLocked && actor.role !== 'facilitator') {
				throw conflict('posting_locked', 'The facilitator has closed posting.');
			}
			if (readCard(map, intentId)) throw conflict('card_exists', 'A card with this id exists.');
			requireBelow(
				step.cards.length,
				limits.cardsPerBoard,
				'board_full',
				`A board holds at most ${limits.cardsPerBoard} cards.`
			);
			if (actor.role === 'participant') {
				requireBelow(
					store.countIntents(room.id, actor.key, 'dilemma.post'),
					limits.cardsPerParticipant,
					'too_many_cards',
					`You can post at most ${limits.cardsPerParticipant} dilemmas in a session.`
				);
			}
			const name = actor.participantId
				? readParticipant(room.privateDoc, actor.participantId)?.name
				: '';
			addCard(map, {
				id: intentId,
				text,
				poleA: poleA ?? '',
				poleB: poleB ?? '',
				author: showName && name ? name : '',
				createdAt: now
			});
		}
	},
	'dilemma.edit': {
		roles: facilitatorOnly,
		grows: true,
		apply({ room, doc }, { stepId, cardId, text, poleA, poleB }) {
			const { map } = requireDilemmas(doc, stepId);
			const card = requireCard(map, cardId);
			const { privateDoc } = room;
			const hidden = card.hidden ? readHiddenCard(privateDoc, cardId) : undefined;
			if (hidden) {
				const edited = {
					...hidden,
					text: text ?? hidden.text,
					poleA: poleA ?? hidden.poleA,
					poleB: poleB ?? hidden.poleB
				};
				privateDoc.transact(() => setHiddenCard(privateDoc, cardId, edited));
			} else {
				updateCard(map, cardId, { text, poleA, poleB });
				if (text !== undefined) followCardText(doc, cardId, card.text, text);
			}
			// The words replaced must leave the store as well.
			room.scheduleErasure();
		}
	},
	'dilemma.hide': setHidden(true),
	'dilemma.restore': setHidden(false),
	'card.move': {
		roles: everyone,
		apply(context, { stepId, cardId, clusterId, beforeCardId }) {
			const { step, map } = requireDilemmas(context.doc, stepId);
			const card = requireCard(map, cardId);
			requireMayMove(context, step, card.hidden);
			requireCluster(map, clusterId);
			if (beforeCardId !== undefined) {
				const before = requireCard(map, beforeCardId);
				if (before.cluster !== clusterId || before.stackedOn) {
					throw unprocessable('bad_position', 'That card is not a place in this cluster.');
				}
			}
			if (beforeCardId === cardId) return;
			moveCard(map, cardId, clusterId, beforeCardId);
		}
	},
	'card.stack': {
		roles: everyone,
		apply(context, { stepId, cardId, ontoCardId }) {
			const { step, map } = requireDilemmas(context.doc, stepId);
			const card = requireCard(map, cardId);
			const onto = requireCard(map, ontoCardId);
			requireMayMove(context, step, card.hidden || onto.hidden);
			if (cardId === ontoCardId || onto.stackedOn === cardId) {
				throw unprocessable('bad_stack', 'A card cannot be stacked on itself.');
			}
			stackCard(map, cardId, ontoCardId);
		}
	},
	'card.unstack': {
		roles: everyone,
		apply(context, { stepId, cardId }) {
			const { step, map } = requireDilemmas(context.doc, stepId);
			const card = requireCard(map, cardId);
			requireMayMove(context, step, card.hidden);
			unstackCard(map, cardId);
		}
	},
	'cluster.add': {
		roles: facilitatorOnly,
		grows: true,
		apply({ doc, intentId, limits }, { stepId, title }) {
			const { step, map } = requireDilemmas(doc, stepId);
			if (hasCluster(map, intentId))
				throw conflict('cluster_exists', 'A cluster with this id exists.');
			requireBelow(
				step.clusters.length,
				limits.clustersPerBoard,
				'too_many_clusters',
				`A board holds at most ${limits.clustersPerBoard} clusters.`
			);
			addCluster(map, intentId, title);
		}
	},
	'cluster.update': {
		roles: facilitatorOnly,
		grows: true,
		apply({ doc }, { stepId, clusterId, title, description }) {
			const { map } = requireDilemmas(doc, stepId);
			requireCluster(map, clusterId);
			renameCluster(map, clusterId, title, description);
		}
	},
	'cluster.move': {
		roles: facilitatorOnly,
		apply({ doc }, { stepId, clusterId, index }) {
			const { map } = requireDilemmas(doc, stepId);
			requireCluster(map, clusterId);
			moveCluster(map, clusterId, index);
		}
	},
	'cluster.remove': {
		roles: facilitatorOnly,
		apply({ doc }, { stepId, clusterId }) {
			const { map } = requireDilemmas(doc, stepId);
			requireCluster(map, clusterId);
			if (clusterId === UNSORTED) {
				throw unprocessable('unsorted_stays', 'The unsorted pile cannot be removed.');
			}
			removeCluster(map, clusterId);
		}
	},
	'dots.open': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId, perParticipant, perCard, visibility }) {
			const { step, map } = requireDilemmas(doc, stepId);
			if (step.dots.status === 'open') throw conflict('dots_open', 'Dot voting is already open.');
			const hasDots = room.ballots.count(stepId, step.dots.round) > 0;
			const changes = perParticipant !== undefined || perCard !== undefined;
			if (hasDots && changes) {
				throw conflict('dots_placed', 'Dots have been placed; the limits stay as they are.');
			}
			map.set('dots', {
				...step.dots,
				status: 'open',
				perParticipant: perParticipant ?? step.dots.perParticipant,
				perCard: perCard ?? step.dots.perCard,
				visibility: visibility ?? step.dots.visibility
			});
			publishDotTally(room, stepId, hasDots ? 'due' : 'now');
		}
	},
	'dots.close': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId }) {
			const { step, map } = requireDilemmas(doc, stepId);
			if (step.dots.status !== 'open') throw conflict('dots_not_open', 'Dot voting is not open.');
			map.set('dots', { ...step.dots, status: 'closed' });
			publishDotTally(room, stepId, 'now');
		}
	},
	'dots.reveal': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId }) {
			const { step, map } = requireDilemmas(doc, stepId);
			requireStarted(step.dots.status);
			// Shown already: another release at once would publish the last dot at will.
			if (step.dots.visibility !== 'hidden' || step.dots.revealed) return;
			map.set('dots', { ...step.dots, revealed: true });
			publishDotTally(room, stepId, 'now');
		}
	},
	'dots.place': {
		roles: participantOnly,
		apply(context, { stepId, cardId }) {
			const { step, map } = requireDilemmas(context.doc, stepId);
			if (step.dots.status === 'closed') throw conflict('dots_closed', 'Dot voting is closed.');
			if (step.dots.status !== 'open') throw conflict('dots_not_open', 'Dot voting is not open.');
			const card = requireCard(map, cardId);
			if (card.hidden || card.stackedOn) {
				throw unprocessable('card_not_votable', 'Dots go on the visible card on top of a stack.');
			}
			const dots = dotsOf(context, step);
			const used = Object.values(dots).reduce((a, b) => a + b, 0);
			if (used >= step.dots.perParticipant) {
				throw unprocessable(
					'no_dots_left',
					`You have placed all ${step.dots.perParticipant} dots.`
				);
			}
			if ((dots[cardId] ?? 0) >= step.dots.perCard) {
				throw unprocessable('card_dot_limit', `At most ${step.dots.perCard} dots on one card.`);
			}
			dots[cardId] = (dots[cardId] ?? 0) + 1;
			putDots(context, step, dots);
		}
	},
	'dots.remove': {
		roles: participantOnly,
		apply(context, { stepId, cardId }) {
			const { step } = requireDilemmas(context.doc, stepId);
			if (step.dots.status !== 'open') throw conflict('dots_closed', 'Dot voting is not open.');
			const dots = dotsOf(context, step);
			if (!dots[cardId]) throw unprocessable('no_dot_here', 'You have no dot on this card.');
			dots[cardId] -= 1;
			if (dots[cardId] === 0) delete dots[cardId];
			putDots(context, step, dots);
		}
	}
};

export { readStep };
