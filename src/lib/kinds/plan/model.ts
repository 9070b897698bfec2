import * as Y from 'yjs';
import type { KindModel } from '../kind.ts';
import { moveId, removeId } from '../../model/id-list.ts';
import {
	asNumber,
	asString,
	asTime,
	asYArray,
	asYMap,
	idsOf,
	isId,
	isPlainObject,
	listOf,
	stringsOf,
	uniqueById
} from '../../model/read-safe.ts';
import {
	PLAN_SCALES,
	PLAN_STATUSES,
	PLAN_TEXT_FIELDS,
	QUARTERS,
	type DilemmaStep,
	type PlanItem,
	type PlanSource,
	type PlanStep,
	type PlanTextField,
	type Quarter,
	type Region
} from '../../model/types.ts';
import { PLAN_SHORT_MAX } from '../../intents/limits.ts';

/**
 * A plan step's map holds plain settings plus `itemOrder` (ids) and `items` (one Y.Map per item).
 * An item's free-text fields are Y.Texts, co-edited by facilitators straight through the sync
 * layer so two people typing in one field both keep their words. Its structured fields are plain
 * values that change only through intents: the server applies those one at a time, and patches
 * quarters and regions per key, so concurrent changes to different keys all survive.
 */
const ITEM_ORDER = 'itemOrder';
const ITEMS = 'items';

type ItemMap = Y.Map<unknown>;

/*
 * The shared types of a plan, or undefined when something else is stored in their place: then
 * the plan reads as having no items and changes to its items do nothing.
 */
function itemOrder(map: Y.Map<unknown>): Y.Array<string> | undefined {
	return asYArray(map.get(ITEM_ORDER)) as Y.Array<string> | undefined;
}
function itemsMap(map: Y.Map<unknown>): Y.Map<unknown> | undefined {
	return asYMap(map.get(ITEMS));
}
/** An item's shared map, or undefined if there is none (or something else is stored there). */
function itemMap(map: Y.Map<unknown>, itemId: string): ItemMap | undefined {
	return asYMap(itemsMap(map)?.get(itemId));
}

/** The plan year a new plan defaults to: plans made in the second half look at the next year. */
export function defaultPlanYear(now: number): number {
	const date = new Date(now);
	return date.getUTCFullYear() + (date.getUTCMonth() >= 6 ? 1 : 0);
}

export interface NewPlan {
	title: string;
	year: number;
	regions: Region[];
}

export function initPlanStep(map: Y.Map<unknown>, plan: NewPlan): void {
	map.set('kind', 'plan');
	map.set('title', plan.title);
	map.set('year', plan.year);
	map.set('pollId', '');
	map.set('consentId', '');
	map.set('regions', plan.regions);
	map.set(ITEM_ORDER, new Y.Array<string>());
	map.set(ITEMS, new Y.Map<ItemMap>());
}

const isQuarter = (value: unknown): value is Quarter => QUARTERS.includes(value as Quarter);

/** Where an item came from, if that is stored whole; a part of the wrong type drops it all. */
function readSource(stored: unknown): PlanSource | undefined {
	if (!isPlainObject(stored)) return undefined;
	const { stepId, clusterId, cluster, cardIds, dilemmas, dots } = stored;
	if (typeof stepId !== 'string' || typeof clusterId !== 'string' || typeof cluster !== 'string') {
		return undefined;
	}
	if (!Array.isArray(cardIds) || !Array.isArray(dilemmas)) return undefined;
	// No dots: the item was made while the board's dots were hidden, and they are not yet shown.
	if (dots !== undefined && (typeof dots !== 'number' || !Number.isFinite(dots))) return undefined;
	return {
		stepId,
		clusterId,
		cluster,
		cardIds: stringsOf(cardIds),
		dilemmas: stringsOf(dilemmas),
		...(dots === undefined ? {} : { dots })
	};
}

function readRegion(stored: unknown): Region | undefined {
	if (!isPlainObject(stored) || !isId(stored.id) || typeof stored.label !== 'string') {
		return undefined;
	}
	return { id: stored.id, label: stored.label };
}

/** A level of collaboration: a whole number from 1 to 4, or 0 while not chosen. */
function readIntensity(stored: unknown): number {
	return Math.min(4, Math.max(0, Math.round(asNumber(stored))));
}

function readItem(item: ItemMap, id: string): PlanItem {
	const texts = Object.fromEntries(
		PLAN_TEXT_FIELDS.map((field) => {
			const text = item.get(field);
			return [field, text instanceof Y.Text ? text.toString() : ''];
		})
	) as Record<PlanTextField, string>;
	const quarters = item.get('quarters');
	const optedOut = item.get('optedOut');
	const scale = item.get('scale');
	const status = item.get('status');
	return {
		id,
		...texts,
		intensity: readIntensity(item.get('intensity')),
		scale: PLAN_SCALES.includes(scale as never) ? (scale as PlanItem['scale']) : '',
		// In calendar order, whatever order they were ticked in.
		quarters: QUARTERS.filter((q) => Array.isArray(quarters) && quarters.some((v) => v === q)),
		optedOut: stringsOf(optedOut),
		status: PLAN_STATUSES.includes(status as never) ? (status as PlanItem['status']) : 'plan',
		source: readSource(item.get('source')),
		createdAt: asTime(item.get('createdAt'))
	};
}

export function readPlanStep(map: Y.Map<unknown>, id: string): PlanStep {
	return {
		id,
		kind: 'plan',
		title: asString(map.get('title')),
		year: asNumber(map.get('year')),
		pollId: asString(map.get('pollId')),
		consentId: asString(map.get('consentId')),
		regions: uniqueById(listOf(map.get('regions'), readRegion)),
		items: idsOf(itemOrder(map)).flatMap((itemId) => {
			const item = itemMap(map, itemId);
			return item ? [readItem(item, itemId)] : [];
		})
	};
}

/** What a new item starts with; every field may be left out. */
export type NewPlanItem = Partial<Omit<PlanItem, 'id' | 'createdAt'>> & {
	id: string;
	createdAt: number;
};

/** Adds an item at the end of the plan (or at `index`). */
export function addPlanItem(map: Y.Map<unknown>, fields: NewPlanItem, index?: number): void {
	const items = itemsMap(map);
	const order = itemOrder(map);
	if (!items || !order) return;
	const item = new Y.Map<unknown>();
	items.set(fields.id, item);
	for (const field of PLAN_TEXT_FIELDS) item.set(field, new Y.Text(fields[field] ?? ''));
	item.set('intensity', fields.intensity ?? 0);
	item.set('scale', fields.scale ?? '');
	item.set('quarters', fields.quarters ?? []);
	item.set('optedOut', fields.optedOut ?? []);
	item.set('status', fields.status ?? 'plan');
	if (fields.source) item.set('source', fields.source);
	item.set('createdAt', fields.createdAt);
	order.insert(Math.min(index ?? order.length, order.length), [fields.id]);
}

/**
 * Gives items made from a board while its dots were hidden their dots, now that the board's dots
 * show: counted from `byCard` over the cards each item was made from and, as when an item is
 * made while the dots show (`rankCards`), the visible cards stacked on them.
 */
export function fillSourceDots(
	map: Y.Map<unknown>,
	board: Pick<DilemmaStep, 'id' | 'cards'>,
	byCard: Readonly<Record<string, number>>
): void {
	const visible = board.cards.filter((card) => !card.hidden);
	itemsMap(map)?.forEach((item) => {
		const itemMap = asYMap(item);
		const source = readSource(itemMap?.get('source'));
		if (!itemMap || !source || source.stepId !== board.id || source.dots !== undefined) return;
		const counted = new Set(source.cardIds);
		for (const card of visible) if (counted.has(card.stackedOn)) counted.add(card.id);
		const dots = visible.reduce(
			(sum, card) => sum + (counted.has(card.id) ? (byCard[card.id] ?? 0) : 0),
			0
		);
		itemMap.set('source', { ...source, dots });
	});
}

/** Takes the dots out of sources made from `boards` (their dots were never shown). */
export function forgetSourceDots(map: Y.Map<unknown>, boards: ReadonlySet<string>): void {
	itemsMap(map)?.forEach((item) => {
		const itemMap = asYMap(item);
		const source = readSource(itemMap?.get('source'));
		if (!itemMap || !source || !boards.has(source.stepId) || source.dots === undefined) return;
		const { dots: _dots, ...rest } = source;
		itemMap.set('source', rest);
	});
}

/** A text cut to `max` characters, with an ellipsis when it was longer. */
export const shorten = (text: string, max: number): string =>
	text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

/**
 * A card's text changed (edited, hidden, restored, erased): items made from it hold copies, in
 * their source and, while nobody rewrote it, as their theme. Those copies follow, so no word of a
 * hidden or edited card stays in the shared document.
 */
export function replaceCardText(
	map: Y.Map<unknown>,
	cardId: string,
	oldText: string,
	newText: string,
	themeMax: number
): void {
	itemsMap(map)?.forEach((item) => {
		const itemMap = asYMap(item);
		const source = readSource(itemMap?.get('source'));
		const index = source?.cardIds.indexOf(cardId) ?? -1;
		if (!itemMap || !source || index < 0) return;
		if (source.dilemmas[index] !== newText) {
			const dilemmas = [...source.dilemmas];
			dilemmas[index] = newText;
			itemMap.set('source', { ...source, dilemmas });
		}
		const theme = itemMap.get('theme');
		if (index === 0 && theme instanceof Y.Text) {
			const current = theme.toString();
			if (current === oldText || current === shorten(oldText, themeMax)) {
				theme.delete(0, theme.length);
				theme.insert(0, shorten(newText, themeMax));
			}
		}
	});
}

/** Whether the plan has an item by this id (one that reads as an item). */
export function hasPlanItem(map: Y.Map<unknown>, itemId: string): boolean {
	return itemMap(map, itemId) !== undefined;
}

export function readPlanItem(map: Y.Map<unknown>, itemId: string): PlanItem | undefined {
	const item = itemMap(map, itemId);
	return item && readItem(item, itemId);
}

/** A change to an item's structured fields; quarters and regions are patched per key. */
export interface PlanItemPatch {
	intensity?: number;
	scale?: PlanItem['scale'];
	status?: PlanItem['status'];
	/** true plans the item in that quarter, false takes it out. */
	quarters?: Partial<Record<Quarter, boolean>>;
	/** true: the region takes part; false: it opts out. */
	regions?: Record<string, boolean>;
}

export function updatePlanItem(map: Y.Map<unknown>, itemId: string, patch: PlanItemPatch): void {
	const item = itemMap(map, itemId);
	if (!item) return;
	const current = readItem(item, itemId);
	if (patch.intensity !== undefined) item.set('intensity', patch.intensity);
	if (patch.scale !== undefined) item.set('scale', patch.scale);
	if (patch.status !== undefined) item.set('status', patch.status);
	if (patch.quarters) {
		const quarters = new Set(current.quarters);
		for (const [quarter, planned] of Object.entries(patch.quarters)) {
			if (!isQuarter(quarter)) continue;
			if (planned) quarters.add(quarter);
			else quarters.delete(quarter);
		}
		item.set(
			'quarters',
			QUARTERS.filter((q) => quarters.has(q))
		);
	}
	if (patch.regions) {
		const optedOut = new Set(current.optedOut);
		for (const [region, takesPart] of Object.entries(patch.regions)) {
			if (takesPart) optedOut.delete(region);
			else optedOut.add(region);
		}
		item.set('optedOut', [...optedOut].sort());
	}
}

/** The shared text of one field of an item, for co-editing. */
export function planItemText(
	map: Y.Map<unknown>,
	itemId: string,
	field: PlanTextField
): Y.Text | undefined {
	const text = itemMap(map, itemId)?.get(field);
	return text instanceof Y.Text ? text : undefined;
}

export function movePlanItem(map: Y.Map<unknown>, itemId: string, index: number): void {
	const order = itemOrder(map);
	if (order) moveId(order, itemId, index);
}

export function removePlanItem(map: Y.Map<unknown>, itemId: string): void {
	const order = itemOrder(map);
	if (order) removeId(order, itemId);
	itemsMap(map)?.delete(itemId);
}

/** The regions taking part in an item, in the plan's order. */
export function participatingRegions(step: Pick<PlanStep, 'regions'>, item: PlanItem): Region[] {
	return step.regions.filter((r) => !item.optedOut.includes(r.id));
}

/** The year plan: items made from the board's dilemmas or from scratch; it takes no ballots. */
export const planKind: KindModel<'plan'> = {
	kind: 'plan',
	read: readPlanStep,
	create: ({ id, kind, title }, { template, locale, now }) => ({
		id,
		kind,
		title: title ?? template.defaults.planTitle[locale],
		year: defaultPlanYear(now),
		regions: template.regions.map((r) => ({ id: r.id, label: r.label[locale] }))
	}),
	init: initPlanStep,
	fromAgenda: ({ kind, title }, locale, id) => ({ id, kind, title: title?.[locale] }),
	round: () => undefined,
	collecting: () => false,
	answered: () => false,
	forFacilitators: (step) => step,
	followCard: (map, cardId, oldText, newText) =>
		replaceCardText(map, cardId, oldText, newText, PLAN_SHORT_MAX)
};
