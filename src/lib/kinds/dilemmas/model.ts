import * as Y from 'yjs';
import type { KindModel } from '../kind.ts';
import { readPrivateDotTally, withHiddenTexts } from '../../model/private-doc.ts';
import { moveId, removeId } from '../../model/id-list.ts';
import { byOrderKey, keyBetween } from '../../model/order-key.ts';
import {
	asBoolean,
	asNumber,
	asString,
	asTime,
	asYArray,
	asYMap,
	idsOf,
	isId,
	isPlainObject,
	oneOf,
	POLL_STATUSES,
	VISIBILITIES
} from '../../model/read-safe.ts';
import { readDotTally } from '../../model/tally-codec.ts';
import {
	UNSORTED,
	type Cluster,
	type DilemmaCard,
	type DilemmaStep,
	type DotSettings,
	type Locale,
	type SessionTemplate
} from '../../model/types.ts';

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

/*
 * The shared types of a board, or undefined when something else is stored in their place: then
 * the board reads as empty and changes to it do nothing. Their entries are read one by one, as
 * any of them may be odd too.
 */
function clusterOrder(map: Y.Map<unknown>): Y.Array<string> | undefined {
	return asYArray(map.get(CLUSTER_ORDER)) as Y.Array<string> | undefined;
}
function clustersMap(map: Y.Map<unknown>): Y.Map<unknown> | undefined {
	return asYMap(map.get(CLUSTERS));
}
function cardsMap(map: Y.Map<unknown>): Y.Map<unknown> | undefined {
	return asYMap(map.get(CARDS));
}

function readStoredCluster(stored: unknown): StoredCluster | undefined {
	if (!isPlainObject(stored)) return undefined;
	return { title: asString(stored.title), description: asString(stored.description) };
}

/** A card as stored; one that is not an object is left out, its odd fields read as empty. */
function readStoredCard(stored: unknown): StoredCard | undefined {
	if (!isPlainObject(stored)) return undefined;
	return {
		text: asString(stored.text),
		poleA: asString(stored.poleA),
		poleB: asString(stored.poleB),
		author: asString(stored.author),
		hidden: asBoolean(stored.hidden),
		cluster: asString(stored.cluster),
		order: asString(stored.order),
		stackedOn: asString(stored.stackedOn),
		createdAt: asTime(stored.createdAt)
	};
}

/** The well-formed clusters of a board by id, in the map's order (not the board's). */
function storedClusters(map: Y.Map<unknown>): Map<string, StoredCluster> {
	const clusters = new Map<string, StoredCluster>();
	clustersMap(map)?.forEach((stored, id) => {
		const cluster = isId(id) ? readStoredCluster(stored) : undefined;
		if (cluster) clusters.set(id, cluster);
	});
	return clusters;
}

/** The well-formed cards of a board by id. */
function storedCards(map: Y.Map<unknown>): Map<string, StoredCard> {
	const cards = new Map<string, StoredCard>();
	cardsMap(map)?.forEach((stored, id) => {
		const card = isId(id) ? readStoredCard(stored) : undefined;
		if (card) cards.set(id, card);
	});
	return cards;
}

/** A board's dot settings: each stored field of the right type over the defaults. */
function readDots(stored: unknown): DotSettings {
	const dots = isPlainObject(stored) ? stored : {};
	return {
		status: oneOf(dots.status, POLL_STATUSES, DEFAULT_DOTS.status),
		perParticipant: asNumber(dots.perParticipant, DEFAULT_DOTS.perParticipant),
		perCard: asNumber(dots.perCard, DEFAULT_DOTS.perCard),
		visibility: oneOf(dots.visibility, VISIBILITIES, DEFAULT_DOTS.visibility),
		revealed: asBoolean(dots.revealed, DEFAULT_DOTS.revealed),
		round: asNumber(dots.round, DEFAULT_DOTS.round)
	};
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
	const clusters = storedClusters(map);
	const stored = storedCards(map);
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
		title: asString(map.get('title')),
		prompt: asString(map.get('prompt')),
		postingLocked: map.get('postingLocked') === true,
		participantsMayMove: map.get('participantsMayMove') === true,
		clusters: idsOf(clusterOrder(map)).flatMap((clusterId) => {
			const cluster = clusters.get(clusterId);
			return cluster ? [{ ...cluster, id: clusterId }] : [];
		}),
		cards,
		dots: readDots(map.get('dots')),
		dotTally: readDotTally(map.get('dotTally'))
	};
}

function storedCluster(map: Y.Map<unknown>, id: string): StoredCluster | undefined {
	return isId(id) ? readStoredCluster(clustersMap(map)?.get(id)) : undefined;
}

/** A card as stored, or undefined if there is none (or it is not a card). */
function storedCard(map: Y.Map<unknown>, cardId: string): StoredCard | undefined {
	return isId(cardId) ? readStoredCard(cardsMap(map)?.get(cardId)) : undefined;
}

export function readCard(map: Y.Map<unknown>, cardId: string): DilemmaCard | undefined {
	const card = storedCard(map, cardId);
	return card && { ...card, id: cardId };
}

/** The cards of a cluster in order, stacked cards included. */
function cardsIn(map: Y.Map<unknown>, clusterId: string, except?: string): DilemmaCard[] {
	const cards: DilemmaCard[] = [];
	storedCards(map).forEach((card, id) => {
		if (card.cluster === clusterId && id !== except) cards.push({ ...card, id });
	});
	return cards.sort(byOrderKey);
}

/**
 * A key between two neighbours' keys. Well-formed keys are distinct; where a stored key is
 * missing or repeated there is no key between, and the card goes right after `before` instead.
 */
function orderBetween(before: string | undefined, after: string | undefined): string {
	return before !== undefined && after !== undefined && before >= after
		? keyBetween(before, undefined)
		: keyBetween(before, after);
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
	return orderBetween(cards[index - 1]?.order, cards[index]!.order);
}

export function addCard(
	map: Y.Map<unknown>,
	card: Omit<DilemmaCard, 'cluster' | 'order' | 'stackedOn' | 'hidden'>
): void {
	const { id, ...fields } = card;
	cardsMap(map)?.set(id, {
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
	fields: Partial<Pick<DilemmaCard, 'text' | 'poleA' | 'poleB' | 'author' | 'hidden'>>
): void {
	const card = storedCard(map, cardId);
	if (!card) return;
	const next = { ...card };
	for (const [key, value] of Object.entries(fields)) {
		if (value !== undefined) (next as Record<string, unknown>)[key] = value;
	}
	cardsMap(map)?.set(cardId, next);
}

/** Moves a card (and whatever is stacked on it) into a cluster, before another card or last. */
export function moveCard(
	map: Y.Map<unknown>,
	cardId: string,
	clusterId: string,
	beforeCardId?: string
): void {
	const cards = cardsMap(map);
	const card = storedCard(map, cardId);
	if (!cards || !card) return;
	cards.set(cardId, {
		...card,
		cluster: clusterId,
		order: placeIn(map, clusterId, cardId, beforeCardId),
		stackedOn: ''
	});
	storedCards(map).forEach((other, id) => {
		if (other.stackedOn === cardId && other.cluster !== clusterId)
			cards.set(id, { ...other, cluster: clusterId });
	});
}

/** Stacks a card on another as a duplicate; a stack never nests, so its cards come along. */
export function stackCard(map: Y.Map<unknown>, cardId: string, ontoId: string): void {
	const cards = cardsMap(map);
	const card = storedCard(map, cardId);
	const onto = storedCard(map, ontoId);
	if (!cards || !card || !onto) return;
	const top = onto.stackedOn || ontoId;
	const cluster = storedCard(map, top)?.cluster ?? onto.cluster;
	cards.set(cardId, { ...card, stackedOn: top, cluster });
	storedCards(map).forEach((other, id) => {
		if (other.stackedOn === cardId) cards.set(id, { ...other, stackedOn: top, cluster });
	});
}

/** Takes a card off its stack; it lands right after the stack it came from. */
export function unstackCard(map: Y.Map<unknown>, cardId: string): void {
	const cards = cardsMap(map);
	const card = storedCard(map, cardId);
	if (!cards || !card?.stackedOn) return;
	const top = storedCard(map, card.stackedOn);
	const siblings = cardsIn(map, card.cluster, cardId).filter((c) => !c.stackedOn);
	const index = siblings.findIndex((c) => c.id === card.stackedOn);
	const order =
		top && index >= 0
			? orderBetween(siblings[index]!.order, siblings[index + 1]?.order)
			: keyBetween(siblings.at(-1)?.order, undefined);
	cards.set(cardId, { ...card, stackedOn: '', order });
}

/**
 * Removes a card (its author's erasure). Cards stacked on it stay where they are: the first of
 * them takes the removed card's place as the top of the stack.
 */
export function removeCard(map: Y.Map<unknown>, cardId: string): void {
	const cards = cardsMap(map);
	const card = storedCard(map, cardId);
	if (!cards || !card) return;
	let top = '';
	storedCards(map).forEach((other, id) => {
		if (other.stackedOn !== cardId) return;
		if (!top) {
			top = id;
			cards.set(id, { ...other, stackedOn: '', order: card.order });
		} else cards.set(id, { ...other, stackedOn: top });
	});
	cards.delete(cardId);
}

export function addCluster(map: Y.Map<unknown>, id: string, title: string): void {
	const clusters = clustersMap(map);
	const order = clusterOrder(map);
	if (!clusters || !order) return;
	clusters.set(id, { title, description: '' });
	order.push([id]);
}

export function renameCluster(
	map: Y.Map<unknown>,
	id: string,
	title: string,
	description?: string
): void {
	const clusters = clustersMap(map);
	const cluster = storedCluster(map, id);
	if (clusters && cluster) {
		clusters.set(id, { title, description: description ?? cluster.description });
	}
}

export function moveCluster(map: Y.Map<unknown>, id: string, index: number): void {
	const order = clusterOrder(map);
	if (order) moveId(order, id, index);
}

/** Removes a cluster; its cards go back to the unsorted pile, after what is there. */
export function removeCluster(map: Y.Map<unknown>, id: string): void {
	const order = clusterOrder(map);
	if (order) removeId(order, id);
	clustersMap(map)?.delete(id);
	for (const card of cardsIn(map, id)) {
		if (!card.stackedOn) moveCard(map, card.id, UNSORTED);
		else {
			const current = storedCard(map, card.id);
			if (current) cardsMap(map)?.set(card.id, { ...current, cluster: UNSORTED });
		}
	}
}

/** Whether the board has a cluster by this id (one that reads as a cluster). */
export function hasCluster(map: Y.Map<unknown>, id: string): boolean {
	return storedCluster(map, id) !== undefined;
}

export { rankCards, type RankedCard } from './rank.ts';

/**
 * Fills a fresh dilemma step with another board's clusters and visible cards, in the same order
 * and with the same ids (so plan items keep pointing at their dilemmas). Dots start over.
 */
export function copyBoard(map: Y.Map<unknown>, board: DilemmaStep): void {
	const order = clusterOrder(map);
	const clusters = clustersMap(map);
	const cards = cardsMap(map);
	if (!order || !clusters || !cards) return;
	map.set('prompt', board.prompt);
	map.set('participantsMayMove', board.participantsMayMove);
	order.delete(0, order.length);
	clusters.clear();
	for (const cluster of board.clusters) {
		clusters.set(cluster.id, { title: cluster.title, description: cluster.description });
		order.push([cluster.id]);
	}
	const visible = new Set(board.cards.filter((c) => !c.hidden).map((c) => c.id));
	for (const { id, ...card } of board.cards) {
		if (!visible.has(id)) continue;
		cards.set(id, { ...card, stackedOn: visible.has(card.stackedOn) ? card.stackedOn : '' });
	}
}

/**
 * A dilemma board: participants post dilemmas, facilitators (and, if allowed, participants) sort
 * them into clusters, and a round of dots ranks them.
 */
export const dilemmasKind: KindModel<'dilemmas'> = {
	kind: 'dilemmas',
	read: readDilemmaStep,
	create: ({ id, kind, title }, { template, locale }) => ({
		id,
		kind,
		title: title ?? template.defaults.dilemmasTitle[locale],
		template,
		locale
	}),
	init: (map, step) => initDilemmaStep(map, step.template, step.locale, step.title),
	fromAgenda: ({ kind, title }, locale, id) => ({ id, kind, title: title?.[locale] }),
	round: (step) => step.dots.round,
	collecting: (step) => step.dots.status === 'open',
	answered: (step) => step.dotTally.voters > 0,
	forFacilitators: (step, privateDoc) => ({
		...step,
		dotTally: readPrivateDotTally(privateDoc, step.id) ?? step.dotTally,
		cards: withHiddenTexts(step.cards, privateDoc)
	})
};
