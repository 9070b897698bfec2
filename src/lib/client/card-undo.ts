import type { Intent } from '$lib/intents/types';
import type { DilemmaStep } from '$lib/model/types';

type Body<I> = I extends unknown ? Omit<I, 'id'> : never;
/** A sorting intent as the console sends it (the id is added on sending). */
export type SortIntent = Body<
	Extract<Intent, { type: 'card.move' | 'card.stack' | 'card.unstack' }>
>;

/**
 * Where a card lay before a move: on top in a cluster, followed by `after` (the top cards that
 * came after it, nearest first), or stacked on another card.
 */
export type Place = { cluster: string; after: string[] } | { stackedOn: string };

/** One of the facilitator's own sorting moves, with what is needed to take it back. */
export interface SortMove {
	kind: SortIntent['type'];
	cardId: string;
	from: Place;
	/** Where the move put the card: its cluster and the card it is stacked on ('' for none). */
	to: { cluster: string; stackedOn: string };
	/** Cards that were stacked on the card and went along to another stack (card.stack only). */
	carried: string[];
}

/** How many moves the console can take back. */
export const UNDO_DEPTH = 10;

const tops = (step: DilemmaStep, clusterId: string) =>
	step.cards.filter((c) => c.cluster === clusterId && !c.stackedOn);

/**
 * Describes a sorting intent before it is sent, from the board as it is: where the card is now
 * and where the server will put it (see moveCard, stackCard and unstackCard in kinds/dilemmas/model).
 * Undefined for a card the board does not have.
 */
export function describeMove(step: DilemmaStep, intent: SortIntent): SortMove | undefined {
	const card = step.cards.find((c) => c.id === intent.cardId);
	if (!card) return undefined;
	let from: Place;
	if (card.stackedOn) {
		from = { stackedOn: card.stackedOn };
	} else {
		const siblings = tops(step, card.cluster);
		const after = siblings.slice(siblings.findIndex((c) => c.id === card.id) + 1);
		from = { cluster: card.cluster, after: after.map((c) => c.id) };
	}
	const base = { kind: intent.type, cardId: card.id, from, carried: [] };
	switch (intent.type) {
		case 'card.move':
			return { ...base, to: { cluster: intent.clusterId, stackedOn: '' } };
		case 'card.unstack':
			return { ...base, to: { cluster: card.cluster, stackedOn: '' } };
		case 'card.stack': {
			const onto = step.cards.find((c) => c.id === intent.ontoCardId);
			if (!onto) return undefined;
			const top = onto.stackedOn || onto.id;
			const cluster = step.cards.find((c) => c.id === top)?.cluster ?? onto.cluster;
			const carried = step.cards.filter((c) => c.stackedOn === card.id).map((c) => c.id);
			return { ...base, to: { cluster, stackedOn: top }, carried };
		}
		default:
			return intent satisfies never;
	}
}

/** Why a move cannot be taken back: the card was sorted again by someone else, or its old place is gone. */
export type UndoRefusal = 'moved' | 'gone';

/**
 * The intents that put a card back where a move found it, and where it will be (its cluster,
 * and the card on top of its stack, or itself), or why they cannot. A card that no
 * longer lies where the move put it was sorted again meanwhile (by another facilitator, or a
 * participant): taking the move back would undo their work, so it is refused.
 */
export function undoIntents(
	step: DilemmaStep,
	move: SortMove
): { intents: SortIntent[]; at: { cluster: string; top: string } } | { refused: UndoRefusal } {
	const card = step.cards.find((c) => c.id === move.cardId);
	if (!card) return { refused: 'gone' };
	if (card.cluster !== move.to.cluster || card.stackedOn !== move.to.stackedOn) {
		return { refused: 'moved' };
	}
	const ref = { stepId: step.id, cardId: card.id };
	const from = move.from;
	if ('stackedOn' in from) {
		const onto = step.cards.find((c) => c.id === from.stackedOn);
		if (!onto) return { refused: 'gone' };
		const top = onto.stackedOn || onto.id;
		const cluster = step.cards.find((c) => c.id === top)?.cluster ?? onto.cluster;
		return {
			intents: [{ type: 'card.stack', ...ref, ontoCardId: onto.id }],
			at: { cluster, top }
		};
	}
	const { cluster, after } = from;
	if (!step.clusters.some((c) => c.id === cluster)) return { refused: 'gone' };
	// Back before the first of the cards that followed it that is still on top there; if none
	// is, at the end.
	const stillThere = new Set(
		tops(step, cluster)
			.filter((c) => c.id !== card.id)
			.map((c) => c.id)
	);
	const beforeCardId = after.find((id) => stillThere.has(id));
	const intents: SortIntent[] = [
		{ type: 'card.move', ...ref, clusterId: cluster, ...(beforeCardId ? { beforeCardId } : {}) }
	];
	// A stack carries the cards stacked on the moving card to its new top; those still there
	// come back onto it.
	for (const id of move.carried) {
		const other = step.cards.find((c) => c.id === id);
		if (other && other.stackedOn === move.to.stackedOn) {
			intents.push({ type: 'card.stack', stepId: step.id, cardId: id, ontoCardId: card.id });
		}
	}
	return { intents, at: { cluster, top: card.id } };
}
