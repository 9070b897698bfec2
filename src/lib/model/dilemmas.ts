import * as Y from 'yjs';
import { moveId, removeId } from './id-list.ts';
import { byOrderKey, keyBetween } from './order-key.ts';
import {
	UNSORTED,
	type Cluster,
	type DilemmaCard,
	type DilemmaStep,
	type DotSettings,
	type DotTally,
	type Locale,
	type SessionTemplate
} from './types.ts';

/**
 * A dilemma step's map holds plain settings plus three shared types: `clusterOrder` (ids),
 * `clusters` (by id) and `cards` (by id). A card is one plain value, replaced whole on a change:
 * every change to a card goes through the server, so last-writer-wins per card is all it needs.
 */
const CLUSTER_ORDER = 'clusterOrder';
const CLUSTERS = 'clusters';
const CARDS = 'cards';

type StoredCluster = Omit<Cluster, 'id'>;
type StoredCard = Omit<DilemmaCard, 'id'>;

export const DEFAULT_DOTS: DotSettings = {
	status: 'draft',
	perParticipant: 5,
	perCard: 3,
	visibility: 'live',
	revealed: false,
	round: 1
};

function clusterOrder(map: Y.Map<unknown>): Y.Array<string> {
	return map.get(CLUSTER_ORDER) as Y.Array<string>;
}
function clustersMap(map: Y.Map<unknown>): Y.Map<StoredCluster> {
	return map.get(CLUSTERS) as Y.Map<StoredCluster>;
}
function cardsMap(map: Y.Map<unknown>): Y.Map<StoredCard> {
	return map.get(CARDS) as Y.Map<StoredCard>;
}

/** Fills a new step's map: the unsorted pile first, then one cluster per template paradox. */
export function initDilemmaStep(
	map: Y.Map<unknown>,
	template: SessionTemplate,
	locale: Locale,
	title: string
): void {
	map.set('kind', 'dilemmas');
	map.set('title', title);
	map.set('prompt', template.defaults.dilemmasPrompt[locale]);
	map.set('postingLocked', false);
	map.set('participantsMayMove', false);
	map.set('dots', DEFAULT_DOTS);
	map.set('dotTally', { voters: 0, byCard: {} });
	const order = new Y.Array<string>();
	const clusters = new Y.Map<StoredCluster>();
	clusters.set(UNSORTED, { title: template.defaults.unsortedTitle[locale], description: '' });
	order.push([UNSORTED]);
	for (const paradox of template.paradoxes) {
		clusters.set(paradox.id, {
			title: paradox.title[locale],
			description: paradox.description[locale]
		});
		order.push([paradox.id]);
	}
	map.set(CLUSTER_ORDER, order);
	map.set(CLUSTERS, clusters);
	map.set(CARDS, new Y.Map<StoredCard>());
}

export function readDilemmaStep(map: Y.Map<unknown>, id: string): DilemmaStep {
	const clusters = clustersMap(map);
	const stored = cardsMap(map);
	const cards: DilemmaCard[] = [];
	stored.forEach((card, cardId) => {
		// Replicas that edited at once can leave a card in a removed cluster or stacked on a card
		// that is itself stacked (or gone); such a card shows unstacked, in the unsorted pile.
		const target = card.stackedOn ? stored.get(card.stackedOn) : undefined;
		const stackedOn = target && !target.stackedOn ? card.stackedOn : '';
		const home = stackedOn ? target!.cluster : card.cluster;
		const cluster = clusters.has(home) ? home : UNSORTED;
		cards.push({ ...card, id: cardId, stackedOn, cluster });
	});
	cards.sort(byOrderKey);
	return {
		id,
		kind: 'dilemmas',
		title: String(map.get('title') ?? ''),
		prompt: String(map.get('prompt') ?? ''),
		postingLocked: map.get('postingLocked') === true,
		participantsMayMove: map.get('participantsMayMove') === true,
		clusters: clusterOrder(map)
			.toArray()
			.flatMap((clusterId) => {
				const cluster = clusters.get(clusterId);
				return cluster ? [{ ...cluster, id: clusterId }] : [];
			}),
		cards,
		dots: { ...DEFAULT_DOTS, ...(map.get('dots') as Partial<DotSettings>) },
		dotTally: (map.get('dotTally') as DotTally | undefined) ?? { voters: 0 }
	};
}

export function readCard(map: Y.Map<unknown>, cardId: string): DilemmaCard | undefined {
	const card = cardsMap(map).get(cardId);
	return card && { ...card, id: cardId };
}

/** The cards of a cluster in order, stacked cards included. */
function cardsIn(map: Y.Map<unknown>, clusterId: string, except?: string): DilemmaCard[] {
	const cards: DilemmaCard[] = [];
	cardsMap(map).forEach((card, id) => {
		if (card.cluster === clusterId && id !== except) cards.push({ ...card, id });
	});
	return cards.sort(byOrderKey);
}

/** The order key for a place in a cluster: before `beforeCardId`, or at the end. */
function placeIn(
	map: Y.Map<unknown>,
	clusterId: string,
	movingId: string,
	beforeCardId?: string
): string {
	const cards = cardsIn(map, clusterId, movingId).filter((c) => !c.stackedOn);
	const index = beforeCardId ? cards.findIndex((c) => c.id === beforeCardId) : -1;
	if (index < 0) return keyBetween(cards.at(-1)?.order, undefined);
	return keyBetween(cards[index - 1]?.order, cards[index]!.order);
}

export function addCard(
	map: Y.Map<unknown>,
	card: Omit<DilemmaCard, 'cluster' | 'order' | 'stackedOn' | 'hidden'>
): void {
	const { id, ...fields } = card;
	cardsMap(map).set(id, {
		...fields,
		hidden: false,
		cluster: UNSORTED,
		order: placeIn(map, UNSORTED, id),
		stackedOn: ''
	});
}

export function updateCard(
	map: Y.Map<unknown>,
	cardId: string,
	fields: Partial<Pick<DilemmaCard, 'text' | 'poleA' | 'poleB' | 'hidden'>>
): void {
	const cards = cardsMap(map);
	const card = cards.get(cardId);
	if (!card) return;
	const next = { ...card };
	for (const [key, value] of Object.entries(fields)) {
		if (value !== undefined) (next as Record<string, unknown>)[key] = value;
	}
	cards.set(cardId, next);
}

/** Moves a card (and whatever is stacked on it) into a cluster, before another card or last. */
export function moveCard(
	map: Y.Map<unknown>,
	cardId: string,
	clusterId: string,
	beforeCardId?: string
): void {
	const cards = cardsMap(map);
	const card = cards.get(cardId);
	if (!card) return;
	cards.set(cardId, {
		...card,
		cluster: clusterId,
		order: placeIn(map, clusterId, cardId, beforeCardId),
		stackedOn: ''
	});
	cards.forEach((other, id) => {
		if (other.stackedOn === cardId && other.cluster !== clusterId)
			cards.set(id, { ...other, cluster: clusterId });
	});
}

/** Stacks a card on another as a duplicate; a stack never nests, so its cards come along. */
export function stackCard(map: Y.Map<unknown>, cardId: string, ontoId: string): void {
	const cards = cardsMap(map);
	const card = cards.get(cardId);
	const onto = cards.get(ontoId);
	if (!card || !onto) return;
	const top = onto.stackedOn || ontoId;
	const cluster = cards.get(top)?.cluster ?? onto.cluster;
	cards.set(cardId, { ...card, stackedOn: top, cluster });
	cards.forEach((other, id) => {
		if (other.stackedOn === cardId) cards.set(id, { ...other, stackedOn: top, cluster });
	});
}

/** Takes a card off its stack; it lands right after the stack it came from. */
export function unstackCard(map: Y.Map<unknown>, cardId: string): void {
	const cards = cardsMap(map);
	const card = cards.get(cardId);
	if (!card?.stackedOn) return;
	const top = cards.get(card.stackedOn);
	const siblings = cardsIn(map, card.cluster, cardId).filter((c) => !c.stackedOn);
	const index = siblings.findIndex((c) => c.id === card.stackedOn);
	const order =
		top && index >= 0
			? keyBetween(siblings[index]!.order, siblings[index + 1]?.order)
			: keyBetween(siblings.at(-1)?.order, undefined);
	cards.set(cardId, { ...card, stackedOn: '', order });
}

export function addCluster(map: Y.Map<unknown>, id: string, title: string): void {
	clustersMap(map).set(id, { title, description: '' });
	clusterOrder(map).push([id]);
}

export function renameCluster(
	map: Y.Map<unknown>,
	id: string,
	title: string,
	description?: string
): void {
	const clusters = clustersMap(map);
	const cluster = clusters.get(id);
	if (cluster) clusters.set(id, { title, description: description ?? cluster.description });
}

export function moveCluster(map: Y.Map<unknown>, id: string, index: number): void {
	moveId(clusterOrder(map), id, index);
}

/** Removes a cluster; its cards go back to the unsorted pile, after what is there. */
export function removeCluster(map: Y.Map<unknown>, id: string): void {
	removeId(clusterOrder(map), id);
	clustersMap(map).delete(id);
	for (const card of cardsIn(map, id)) {
		if (card.stackedOn)
			cardsMap(map).set(card.id, { ...cardsMap(map).get(card.id)!, cluster: UNSORTED });
		else moveCard(map, card.id, UNSORTED);
	}
}

export function hasCluster(map: Y.Map<unknown>, id: string): boolean {
	return clustersMap(map).has(id);
}

export interface RankedCard {
	card: DilemmaCard;
	/** Dots on the card and on the duplicates stacked on it. */
	dots: number;
}

/**
 * Cards by dots, most first (ties: board order): overall and per cluster. Hidden cards and
 * stacked duplicates do not rank on their own; a stack ranks with all its dots.
 */
export function rankCards(
	step: Pick<DilemmaStep, 'cards' | 'clusters'>,
	byCard: Record<string, number>
): {
	overall: RankedCard[];
	byCluster: Record<string, RankedCard[]>;
} {
	const visible = step.cards.filter((c) => !c.hidden);
	const score = new Map<string, number>();
	for (const card of visible) {
		const top = card.stackedOn || card.id;
		score.set(top, (score.get(top) ?? 0) + (byCard[card.id] ?? 0));
	}
	const clusterIndex = new Map(step.clusters.map((c, i) => [c.id, i]));
	const overall = visible
		.filter((c) => !c.stackedOn)
		.map((card) => ({ card, dots: score.get(card.id) ?? 0 }))
		.sort(
			(a, b) =>
				b.dots - a.dots ||
				(clusterIndex.get(a.card.cluster) ?? 0) - (clusterIndex.get(b.card.cluster) ?? 0) ||
				byOrderKey(a.card, b.card)
		);
	const byCluster: Record<string, RankedCard[]> = {};
	for (const ranked of overall) (byCluster[ranked.card.cluster] ??= []).push(ranked);
	return { overall, byCluster };
}

/**
 * Fills a fresh dilemma step with another board's clusters and visible cards, in the same order
 * and with the same ids (so plan items keep pointing at their dilemmas). Dots start over.
 */
export function copyBoard(map: Y.Map<unknown>, board: DilemmaStep): void {
	map.set('prompt', board.prompt);
	map.set('participantsMayMove', board.participantsMayMove);
	const order = clusterOrder(map);
	const clusters = clustersMap(map);
	order.delete(0, order.length);
	clusters.clear();
	for (const cluster of board.clusters) {
		clusters.set(cluster.id, { title: cluster.title, description: cluster.description });
		order.push([cluster.id]);
	}
	const visible = new Set(board.cards.filter((c) => !c.hidden).map((c) => c.id));
	const cards = cardsMap(map);
	for (const { id, ...card } of board.cards) {
		if (!visible.has(id)) continue;
		cards.set(id, { ...card, stackedOn: visible.has(card.stackedOn) ? card.stackedOn : '' });
	}
}
