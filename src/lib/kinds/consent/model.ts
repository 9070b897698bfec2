import * as Y from 'yjs';
import {
	asNumber,
	asString,
	asYArray,
	asYMap,
	isPlainObject,
	listOf,
	sameJson
} from '../../model/read-safe.ts';
import { stepMap } from '../../model/step-maps.ts';
import { readConsentTally } from '../../model/tally-codec.ts';
import type { ConsentReason, ConsentRound, ConsentStep, ConsentTally } from '../../model/types.ts';
import type { KindModel } from '../kind.ts';

/** Keys inside a consent step's map that hold shared types rather than plain values. */
const PROPOSAL = 'proposal';
const ROUNDS = 'rounds';
/**
 * Inside a round's map: the reasons as one list, sorted by content and replaced whole, so that
 * nothing in the document (no key, no Yjs clock of an entry) tells in which order they came.
 * Documents of older versions hold a map by opaque key here; it reads the same.
 */
const REASONS = 'reasons';

function readReason(stored: unknown): ConsentReason | undefined {
	if (!isPlainObject(stored) || typeof stored.text !== 'string') return undefined;
	const { answer, text } = stored;
	return answer === 'concern' || answer === 'objection' ? { answer, text } : undefined;
}

/** A round as plain data; one that is not a shared map is left out. */
function readConsentRound(stored: unknown, index: number): ConsentRound | undefined {
	const round = asYMap(stored);
	if (!round) return undefined;
	const published = round.get(REASONS);
	const reasons: ConsentReason[] = Array.isArray(published) ? listOf(published, readReason) : [];
	asYMap(published)?.forEach((value) => {
		const reason = readReason(value);
		if (reason) reasons.push(reason);
	});
	return {
		// Rounds are numbered by their place, which is what `openConsentRound` writes.
		number: asNumber(round.get('number'), index + 1),
		proposal: asString(round.get('proposal')),
		status: round.get('status') === 'open' ? 'open' : 'closed',
		tally: readConsentTally(round.get('tally')),
		reasons: sortReasons(reasons)
	};
}

/** Sorted by kind and text: no order that could hint at who wrote what, or when. */
export function sortReasons(reasons: ConsentReason[]): ConsentReason[] {
	// Code-point order, not localeCompare: the order, and so the published bytes, must not
	// depend on the server's locale data.
	const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
	return reasons.sort((a, b) => compare(a.answer, b.answer) || compare(a.text, b.text));
}

function readConsentStep(map: Y.Map<unknown>, id: string): ConsentStep {
	const proposal = map.get(PROPOSAL);
	return {
		id,
		kind: 'consent',
		title: asString(map.get('title')),
		proposal: proposal instanceof Y.Text ? proposal.toString() : '',
		rounds: (asYArray(map.get(ROUNDS))?.toArray() ?? []).flatMap(
			(round, i) => readConsentRound(round, i) ?? []
		)
	};
}

/** The shared text of a consent step's proposal, for co-editing. */
export function proposalText(doc: Y.Doc, stepId: string): Y.Text | undefined {
	const text = stepMap(doc, stepId)?.get(PROPOSAL);
	return text instanceof Y.Text ? text : undefined;
}

function roundsArray(doc: Y.Doc, stepId: string): Y.Array<Y.Map<unknown>> | undefined {
	return asYArray(stepMap(doc, stepId)?.get(ROUNDS)) as Y.Array<Y.Map<unknown>> | undefined;
}

/** A round of a consent step by its place, as a shared map (undefined if it is not one). */
function roundAt(doc: Y.Doc, stepId: string, index: number): Y.Map<unknown> | undefined {
	const rounds = roundsArray(doc, stepId);
	if (!rounds || !Number.isInteger(index) || index < 0 || index >= rounds.length) return undefined;
	return asYMap(rounds.get(index));
}

/** The latest round of a consent step, as a shared map. */
function lastRound(doc: Y.Doc, stepId: string): Y.Map<unknown> | undefined {
	return roundAt(doc, stepId, (roundsArray(doc, stepId)?.length ?? 0) - 1);
}

/** Starts a new consent round on the proposal as it reads now. */
export function openConsentRound(doc: Y.Doc, stepId: string, emptyTally: ConsentTally): void {
	const rounds = roundsArray(doc, stepId);
	if (!rounds) return;
	const round = new Y.Map<unknown>();
	round.set('number', rounds.length + 1);
	round.set('proposal', proposalText(doc, stepId)?.toString() ?? '');
	round.set('status', 'open');
	round.set('tally', emptyTally);
	round.set(REASONS, []);
	rounds.push([round]);
}

export function closeConsentRound(doc: Y.Doc, stepId: string): void {
	lastRound(doc, stepId)?.set('status', 'closed');
}

/**
 * Publishes a round's counts and its reasons (one sorted list, replaced whole), changing only
 * what differs, so a recount that finds nothing new writes nothing.
 */
export function setConsentRound(
	doc: Y.Doc,
	stepId: string,
	number: number,
	tally: ConsentTally,
	reasons?: ConsentReason[]
): void {
	const round = roundAt(doc, stepId, number - 1);
	if (!round) return;
	if (!sameJson(round.get('tally'), tally)) round.set('tally', tally);
	if (!reasons) return;
	const sorted = sortReasons(reasons.map(({ answer, text }) => ({ answer, text })));
	const stored = round.get(REASONS);
	if (!Array.isArray(stored) || !sameJson(stored, sorted)) round.set(REASONS, sorted);
}

export function setConsentTally(doc: Y.Doc, stepId: string, tally: ConsentTally): void {
	lastRound(doc, stepId)?.set('tally', tally);
}

/**
 * A consent round: a proposal (a shared text facilitators co-edit) answered with consent, a
 * concern or an objection, in rounds that each keep the proposal as it was when they opened.
 */
export const consentKind: KindModel<'consent'> = {
	kind: 'consent',
	read: readConsentStep,
	create: ({ id, kind, title, proposal }, { template, locale }) => ({
		id,
		kind,
		title: title ?? template.defaults.consentTitle[locale],
		proposal: proposal ?? template.defaults.proposal[locale]
	}),
	init(map, step) {
		map.set('kind', 'consent');
		map.set('title', step.title);
		map.set(PROPOSAL, new Y.Text(step.proposal));
		map.set(ROUNDS, new Y.Array<Y.Map<unknown>>());
	},
	fromAgenda: ({ kind, title, proposal }, locale, id) => ({
		id,
		kind,
		title: title?.[locale],
		proposal: proposal?.[locale]
	}),
	round: (step) => (step.rounds.length > 0 ? step.rounds.length : undefined),
	collecting: (step) => step.rounds.at(-1)?.status === 'open',
	answered: (step) => step.rounds.some((r) => r.tally.voters > 0),
	// Rounds publish to the shared document only: facilitators see what the room sees.
	forFacilitators: (step) => step
};
