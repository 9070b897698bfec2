import type * as Y from 'yjs';
import { PRIVATE_KEYS } from '../../model/private-doc.ts';
import {
	asBoolean,
	asNumber,
	asString,
	isId,
	isPlainObject,
	listOf,
	oneOf,
	POLL_STATUSES,
	recordOf,
	stringsOf,
	uniqueById,
	VISIBILITIES
} from '../../model/read-safe.ts';
import { stepMap } from '../../model/step-maps.ts';
import type { Locale, SessionTemplate } from '../../model/types.ts';
import { m } from '../../paraglide/messages.js';
import type { KindModel } from '../kind.ts';
import { shortenTitle } from './items.ts';
import type { RankedEntry, RankingItem, RankingStep, RankingTally } from './types.ts';

/*
 * A ranking's map holds plain values only: its settings, its items (a list of `{ id, title }`)
 * and its published tally (a plain object, see RankingTally). Ballots stay on the server.
 */

/** An item with an id and a title; anything else is left out. */
function readItem(stored: unknown): RankingItem | undefined {
	if (!isPlainObject(stored) || !isId(stored.id) || typeof stored.title !== 'string') {
		return undefined;
	}
	return { id: stored.id, title: stored.title };
}

/** A ranking's items: well-formed ones only, each id once. */
export const readRankingItems = (stored: unknown): RankingItem[] =>
	uniqueById(listOf(stored, readItem));

/** A count's entry of a known item; numbers that are not finite read as 0. */
function readEntry(stored: unknown, known: ReadonlySet<string>): RankedEntry | undefined {
	if (!isPlainObject(stored) || !isId(stored.id) || !known.has(stored.id)) return undefined;
	return {
		id: stored.id,
		points: asNumber(stored.points),
		meanRank: asNumber(stored.meanRank),
		spread: asNumber(stored.spread),
		first: asNumber(stored.first)
	};
}

/** A count's entries of known items, each once; absent when it is not a list. */
function readEntries(stored: unknown, known: ReadonlySet<string>): RankedEntry[] | undefined {
	if (!Array.isArray(stored)) return undefined;
	return uniqueById(listOf(stored, (entry) => readEntry(entry, known)));
}

function readPart(stored: unknown, known: ReadonlySet<string>) {
	if (!isPlainObject(stored)) return undefined;
	const items = readEntries(stored.items, known);
	return items ? { voters: asNumber(stored.voters), items } : undefined;
}

/**
 * A published tally; what is odd reads as absent: no counts, no group. Entries of items the step
 * no longer has are left out.
 */
export function readRankingTally(stored: unknown, items: readonly RankingItem[]): RankingTally {
	if (!isPlainObject(stored)) return { voters: 0 };
	const known = new Set(items.map((item) => item.id));
	const tally: RankingTally = { voters: asNumber(stored.voters) };
	const overall = readEntries(stored.items, known);
	if (!overall) return tally;
	tally.items = overall;
	const byPerspective = recordOf(stored.byPerspective, (part) => readPart(part, known));
	if (byPerspective) tally.byPerspective = byPerspective;
	const merged = isPlainObject(stored.merged) ? readPart(stored.merged, known) : undefined;
	if (merged && isPlainObject(stored.merged)) {
		// In the order the server writes it, so a publication can tell an unchanged tally.
		tally.merged = {
			perspectives: stringsOf(stored.merged.perspectives).filter(
				(group) => group === '' || isId(group)
			),
			...merged
		};
	}
	return tally;
}

/** A ranking as plain data; fields that are missing or odd read as a new ranking has them. */
function readRankingStep(map: Y.Map<unknown>, id: string): RankingStep {
	const items = readRankingItems(map.get('items'));
	const optionSet = map.get('optionSet');
	return {
		id,
		kind: 'ranking',
		title: asString(map.get('title')),
		prompt: asString(map.get('prompt')),
		optionSet: isId(optionSet) ? optionSet : '',
		items,
		visibility: oneOf(map.get('visibility'), VISIBILITIES, 'hidden'),
		status: oneOf(map.get('status'), POLL_STATUSES, 'draft'),
		revealed: asBoolean(map.get('revealed')),
		round: asNumber(map.get('round'), 1),
		tally: readRankingTally(map.get('tally'), items)
	};
}

/**
 * A new ranking in the session's language: of a template option set's options when one is
 * named (the positioning options, say), else empty, for the facilitator to fill.
 */
export function newRanking(
	template: SessionTemplate,
	locale: Locale,
	id: string,
	optionSetId?: string
): RankingStep {
	const set =
		optionSetId === undefined ? undefined : template.optionSets.find((s) => s.id === optionSetId);
	const t = { locale };
	return {
		id,
		kind: 'ranking',
		title: set
			? m.ranking_title_of_set({ set: set.name[locale] }, t)
			: m.ranking_default_title({}, t),
		prompt: set ? set.question[locale] : m.ranking_default_prompt({}, t),
		optionSet: set?.id ?? '',
		items: (set?.options ?? []).map((option) => ({ id: option.id, title: option.title[locale] })),
		visibility: 'hidden',
		status: 'draft',
		revealed: false,
		round: 1,
		tally: { voters: 0 }
	};
}

/** Publishes a ranking's tally into the shared document. */
export function setRankingTally(doc: Y.Doc, id: string, tally: RankingTally): void {
	stepMap(doc, id)?.set('tally', tally);
}

const resultsMap = (privateDoc: Y.Doc) => privateDoc.getMap<unknown>(PRIVATE_KEYS.results);

/** A ranking's released tally as the facilitators see it (model/private-doc.ts). */
export function readPrivateRankingTally(
	privateDoc: Y.Doc,
	shared: Y.Doc,
	stepId: string
): RankingTally | undefined {
	const map = stepMap(shared, stepId);
	const stored = resultsMap(privateDoc).get(stepId);
	if (!map || stored === undefined) return undefined;
	return readRankingTally(stored, readRankingItems(map.get('items')));
}

export function setPrivateRankingTally(
	privateDoc: Y.Doc,
	stepId: string,
	tally: RankingTally
): void {
	resultsMap(privateDoc).set(stepId, tally);
}

/**
 * An item made from a dilemma card (its id is the card's) carries the card's text as its title
 * until the facilitator retypes it: while it does, it follows the card, down to '' when the card
 * is hidden or its author erased (views show a placeholder then).
 */
function followCardTitle(
	map: Y.Map<unknown>,
	cardId: string,
	oldText: string,
	newText: string
): void {
	const items = readRankingItems(map.get('items'));
	const index = items.findIndex((item) => item.id === cardId);
	const title = items[index]?.title;
	if (title === undefined) return;
	if (title !== oldText && title !== shortenTitle(oldText)) return;
	const followed = shortenTitle(newText);
	if (followed !== title) map.set('items', items.with(index, { id: cardId, title: followed }));
}

/**
 * A ranking: participants put a list in order on their phones; the room's order is a Borda
 * count, with how far people were apart on each item, per perspective once closed.
 */
export const rankingKind: KindModel<'ranking'> = {
	kind: 'ranking',
	read: readRankingStep,
	create({ id, title, optionSet }, { template, locale }) {
		const ranking = newRanking(template, locale, id, optionSet);
		return title ? { ...ranking, title } : ranking;
	},
	init(map, step) {
		for (const [key, value] of Object.entries(step)) if (key !== 'id') map.set(key, value);
	},
	fromAgenda: ({ kind, title, optionSet }, locale, id) => ({
		id,
		kind,
		title: title?.[locale],
		optionSet
	}),
	round: (step) => step.round,
	collecting: (step) => step.status === 'open',
	answered: (step) => step.tally.voters > 0,
	forFacilitators(step, privateDoc, doc) {
		const tally = readPrivateRankingTally(privateDoc, doc, step.id);
		return tally ? { ...step, tally } : step;
	},
	followCard: followCardTitle
};
