import type * as Y from 'yjs';
import { PLAN_ITEMS_MAX, PLAN_SHORT_MAX } from '../../../src/lib/intents/types.ts';
import { rankCards } from '../../../src/lib/kinds/dilemmas/model.ts';
import {
	addPlanItem,
	hasPlanItem,
	movePlanItem,
	removePlanItem,
	shorten,
	updatePlanItem
} from '../../../src/lib/kinds/plan/model.ts';
import { readStep, readSteps, setStepFields, stepMap } from '../../../src/lib/model/steps.ts';
import type { PlanSource, PlanStep } from '../../../src/lib/model/types.ts';
import { HttpError } from '../../errors.ts';
import type { Room } from '../../room.ts';
import {
	conflict,
	facilitatorOnly,
	requireStep,
	unprocessable,
	type Handlers
} from '../../intents/context.ts';
import type { KindIntentType } from '../kind.ts';

/** The answer to a plan's intent that names a step of another kind. */
export const WRONG_KIND = { code: 'not_a_plan', message: 'This step is not a plan.' } as const;

function requirePlan(doc: Y.Doc, stepId: string): { step: PlanStep; map: Y.Map<unknown> } {
	const step = requireStep(doc, stepId);
	const map = stepMap(doc, stepId);
	if (step.kind !== 'plan' || !map) throw unprocessable(WRONG_KIND.code, WRONG_KIND.message);
	return { step, map };
}

function requireItem(map: Y.Map<unknown>, itemId: string): void {
	if (!hasPlanItem(map, itemId)) {
		throw new HttpError('item_not_found', 'This plan has no such item.');
	}
}

/** A session has one year plan: the exports and the next session in a series build on it. */
export function requireNoPlan(doc: Y.Doc): void {
	if (readSteps(doc).some((s) => s.kind === 'plan')) {
		throw conflict('plan_exists', 'This session already has a year plan.');
	}
}

/** Checks that a plan's named poll and consent step exist and are of that kind. */
export function checkOutcomeSteps(doc: Y.Doc, fields: { pollId?: string; consentId?: string }) {
	if (fields.pollId && readStep(doc, fields.pollId)?.kind !== 'poll') {
		throw unprocessable('not_a_poll', 'pollId does not name a poll of this session.');
	}
	if (fields.consentId && readStep(doc, fields.consentId)?.kind !== 'consent') {
		throw unprocessable('not_a_consent_round', 'consentId does not name a consent step.');
	}
}

/**
 * What an item made from ranked dilemmas starts with: a card (with the duplicates stacked on it)
 * or a whole cluster, its dilemmas ranked by the dots the room can see. While the dots are
 * hidden, the item carries no dots and its dilemmas keep the board's order: an item's dots or
 * order would tell every phone what the facilitator has not shown (they are filled in at the
 * reveal, `fillSourceDots`).
 */
function sourceOf(
	room: Room,
	from: { stepId: string; cardId?: string; clusterId?: string }
): { theme: string; source: PlanSource } {
	if ((from.cardId === undefined) === (from.clusterId === undefined)) {
		throw unprocessable('invalid_source', 'Name either a card or a cluster to start from.');
	}
	const step = requireStep(room.doc, from.stepId);
	if (step.kind !== 'dilemmas') {
		throw unprocessable('not_a_dilemma_step', 'The source step does not collect dilemmas.');
	}
	const shown = step.dotTally.byCard;
	const { overall } = rankCards(step, shown ?? {});
	const dots = (n: number) => (shown ? { dots: n } : {});
	const clusterTitle = (clusterId: string): string =>
		step.clusters.find((c) => c.id === clusterId)?.title ?? '';
	if (from.cardId !== undefined) {
		// A duplicate stacked on a card stands for its whole stack.
		const picked = step.cards.find((c) => c.id === from.cardId && !c.hidden);
		const top = picked && (picked.stackedOn || picked.id);
		const ranked = overall.find((r) => r.card.id === top);
		if (!ranked) throw new HttpError('card_not_found', 'This step has no such card.');
		const { card } = ranked;
		const stack = step.cards.filter((c) => c.stackedOn === card.id && !c.hidden);
		return {
			theme: shorten(card.text, PLAN_SHORT_MAX),
			source: {
				stepId: step.id,
				clusterId: card.cluster,
				cluster: clusterTitle(card.cluster),
				cardIds: [card.id, ...stack.map((c) => c.id)],
				dilemmas: [card.text, ...stack.map((c) => c.text)],
				...dots(ranked.dots)
			}
		};
	}
	const clusterId = from.clusterId ?? '';
	if (!step.clusters.some((c) => c.id === clusterId)) {
		throw new HttpError('cluster_not_found', 'This step has no such cluster.');
	}
	const inCluster = overall.filter((r) => r.card.cluster === clusterId);
	return {
		theme: shorten(clusterTitle(clusterId), PLAN_SHORT_MAX),
		source: {
			stepId: step.id,
			clusterId,
			cluster: clusterTitle(clusterId),
			cardIds: inCluster.map((r) => r.card.id),
			dilemmas: inCluster.map((r) => r.card.text),
			...dots(inCluster.reduce((sum, r) => sum + r.dots, 0))
		}
	};
}

export const planHandlers: Handlers<KindIntentType<'plan'>> = {
	'plan.update': {
		roles: facilitatorOnly,
		grows: true,
		apply({ doc }, { stepId, ...fields }) {
			requirePlan(doc, stepId);
			checkOutcomeSteps(doc, fields);
			setStepFields(doc, stepId, fields);
		}
	},
	'item.add': {
		roles: facilitatorOnly,
		grows: true,
		apply({ room, doc, intentId, now }, { stepId, source }) {
			const { step, map } = requirePlan(doc, stepId);
			if (hasPlanItem(map, intentId)) throw conflict('item_exists', 'An item with this id exists.');
			if (step.items.length >= PLAN_ITEMS_MAX) {
				throw conflict('plan_full', `A plan holds at most ${PLAN_ITEMS_MAX} items.`);
			}
			const from = source && sourceOf(room, source);
			addPlanItem(map, {
				id: intentId,
				createdAt: now,
				theme: from?.theme ?? '',
				source: from?.source
			});
		}
	},
	'item.update': {
		roles: facilitatorOnly,
		apply({ doc }, { stepId, itemId, ...patch }) {
			const { step, map } = requirePlan(doc, stepId);
			requireItem(map, itemId);
			const known = new Set(step.regions.map((r) => r.id));
			if (Object.keys(patch.regions ?? {}).some((r) => !known.has(r))) {
				throw unprocessable('unknown_region', 'This plan has no such region.');
			}
			updatePlanItem(map, itemId, patch);
		}
	},
	'item.move': {
		roles: facilitatorOnly,
		apply({ doc }, { stepId, itemId, index }) {
			const { map } = requirePlan(doc, stepId);
			requireItem(map, itemId);
			movePlanItem(map, itemId, index);
		}
	},
	'item.remove': {
		roles: facilitatorOnly,
		apply({ doc }, { stepId, itemId }) {
			const { map } = requirePlan(doc, stepId);
			requireItem(map, itemId);
			removePlanItem(map, itemId);
		}
	}
};
