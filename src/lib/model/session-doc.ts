import type * as Y from 'yjs';
import { readPrivacy } from './anonymity.ts';
import { defaultLead } from './outcome.ts';
import {
	asNumber,
	asString,
	asTime,
	isId,
	isPlainObject,
	isSafeKey,
	listOf,
	oneOf,
	POLL_MODES,
	stringsOf,
	uniqueById
} from './read-safe.ts';
import { readCurrentStepId, readSteps } from './steps.ts';
import { readOption } from '../kinds/poll/model.ts';
import { readConsentCounts, unpackTally } from './tally-codec.ts';
import type {
	ConsentOutcome,
	Intensity,
	Locale,
	Paradox,
	Participant,
	Perspective,
	PerspectiveCounts,
	PollOutcome,
	PositioningOption,
	PreviousSession,
	SessionMeta,
	SessionSnapshot,
	SessionTemplate
} from './types.ts';

/**
 * The layout of a session's Y.Doc. Top-level shared types are created by name, so these names
 * are part of the stored format: renaming one orphans every stored session.
 */
export const DOC_KEYS = {
	meta: 'meta',
	perspectives: 'perspectives',
	options: 'options',
	paradoxes: 'paradoxes',
	intensities: 'intensities',
	participants: 'participants'
} as const;

/**
 * Bumped when the layout changes in a way old documents must be migrated for. 2: participants,
 * hidden card texts and hidden counts moved to the facilitators' own document (private-doc.ts).
 */
export const SCHEMA_VERSION = 2;

export interface NewSession {
	title: string;
	locale: Locale;
	joinCode: string;
	createdAt: number;
}

/** Writes a fresh session from a template into an empty doc, in the session's language. */
export function initSessionDoc(doc: Y.Doc, template: SessionTemplate, session: NewSession): void {
	const { locale } = session;
	doc.transact(() => {
		const meta = doc.getMap(DOC_KEYS.meta);
		meta.set('schema', SCHEMA_VERSION);
		meta.set('title', session.title);
		meta.set('locale', locale);
		meta.set('template', template.id);
		meta.set('joinCode', session.joinCode);
		meta.set('createdAt', session.createdAt);
		doc
			.getArray<Perspective>(DOC_KEYS.perspectives)
			.push(template.perspectives.map((p) => ({ id: p.id, label: p.label[locale] })));
		doc.getArray<PositioningOption>(DOC_KEYS.options).push(
			template.options.map((o) => ({
				id: o.id,
				title: o.title[locale],
				description: o.description[locale]
			}))
		);
		doc.getArray<Paradox>(DOC_KEYS.paradoxes).push(
			template.paradoxes.map((p) => ({
				id: p.id,
				title: p.title[locale],
				description: p.description[locale]
			}))
		);
		doc
			.getArray<Intensity>(DOC_KEYS.intensities)
			.push(template.intensities.map((i) => ({ level: i.level, label: i.label[locale] })));
	});
}

/** The session's settings; a field that is missing or of the wrong type reads as empty (or 0). */
export function readMeta(doc: Y.Doc): SessionMeta {
	const meta = doc.getMap<unknown>(DOC_KEYS.meta);
	return {
		schema: asNumber(meta.get('schema')),
		title: asString(meta.get('title')),
		locale: meta.get('locale') === 'en' ? 'en' : 'nl',
		template: asString(meta.get('template')),
		joinCode: asString(meta.get('joinCode')),
		createdAt: asTime(meta.get('createdAt'))
	};
}

/*
 * The session's lists hold plain objects. An element that is not one, or lacks its id or its
 * label, is left out; so is a second element with the same id.
 */

function readPerspective(stored: unknown): Perspective | undefined {
	if (!isPlainObject(stored) || !isId(stored.id) || typeof stored.label !== 'string') {
		return undefined;
	}
	return { id: stored.id, label: stored.label };
}

function readIntensity(stored: unknown): Intensity | undefined {
	if (!isPlainObject(stored) || typeof stored.label !== 'string') return undefined;
	const { level, label } = stored;
	return typeof level === 'number' && Number.isFinite(level) ? { level, label } : undefined;
}

export function readPerspectives(doc: Y.Doc): Perspective[] {
	return uniqueById(listOf(doc.getArray(DOC_KEYS.perspectives).toArray(), readPerspective));
}

export function readOptions(doc: Y.Doc): PositioningOption[] {
	return uniqueById(listOf(doc.getArray(DOC_KEYS.options).toArray(), readOption));
}

export function readParadoxes(doc: Y.Doc): Paradox[] {
	// A paradox has the shape of an option: an id, a title and a description.
	return uniqueById(listOf(doc.getArray(DOC_KEYS.paradoxes).toArray(), readOption));
}

export function readIntensities(doc: Y.Doc): Intensity[] {
	return listOf(doc.getArray(DOC_KEYS.intensities).toArray(), readIntensity);
}

function participantsMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>(DOC_KEYS.participants);
}

/** Key in `meta`: how many joined, per perspective (never who). */
const PARTICIPATION = 'participation';

/** How many joined per perspective, as the shared document says; odd values read as 0. */
export function readParticipation(doc: Y.Doc): PerspectiveCounts {
	const stored = doc.getMap<unknown>(DOC_KEYS.meta).get(PARTICIPATION);
	const counts = isPlainObject(stored) ? stored : {};
	const byPerspective: Record<string, number> = {};
	if (isPlainObject(counts.byPerspective)) {
		for (const [id, n] of Object.entries(counts.byPerspective)) {
			if (isSafeKey(id)) byPerspective[id] = asNumber(n);
		}
	}
	return {
		total: asNumber(counts.total),
		byPerspective,
		unassigned: asNumber(counts.unassigned)
	};
}

export function setParticipation(doc: Y.Doc, counts: PerspectiveCounts): void {
	const meta = doc.getMap<unknown>(DOC_KEYS.meta);
	if (JSON.stringify(meta.get(PARTICIPATION)) !== JSON.stringify(counts)) {
		meta.set(PARTICIPATION, counts);
	}
}

/** A participant as stored; one that is not an object is left out, odd fields read as empty. */
function readStoredParticipant(stored: unknown, id: string): Participant | undefined {
	if (!isPlainObject(stored)) return undefined;
	return {
		id,
		name: asString(stored.name),
		// Counts are kept per perspective, keyed by it: a reserved name reads as none.
		perspective: isId(stored.perspective) ? stored.perspective : '',
		joinedAt: asTime(stored.joinedAt)
	};
}

export function readParticipant(doc: Y.Doc, id: string): Participant | undefined {
	return readStoredParticipant(participantsMap(doc).get(id), id);
}

/**
 * Participants in no particular order: for counting them, which is done on every join and so
 * must not sort the whole room each time.
 */
export function listParticipants(doc: Y.Doc): Participant[] {
	const list: Participant[] = [];
	participantsMap(doc).forEach((stored, id) => {
		const participant = readStoredParticipant(stored, id);
		if (participant) list.push(participant);
	});
	return list;
}

/** Participants in the order they joined. */
export function readParticipants(doc: Y.Doc): Participant[] {
	return listParticipants(doc).sort((a, b) => a.joinedAt - b.joinedAt || a.id.localeCompare(b.id));
}

export function addParticipant(doc: Y.Doc, participant: Participant): void {
	const { id, ...stored } = participant;
	participantsMap(doc).set(id, stored);
}

/** Replaces the given fields of a participant; an unknown id is left alone. */
export function updateParticipant(
	doc: Y.Doc,
	id: string,
	fields: Partial<Pick<Participant, 'name' | 'perspective'>>
): void {
	const map = participantsMap(doc);
	const current = map.get(id);
	if (!isPlainObject(current)) return;
	// Absent fields keep their value; spreading `fields` would turn them into undefined.
	const next = {
		...current,
		name: fields.name ?? current.name,
		perspective: fields.perspective ?? current.perspective
	};
	if (next.name !== current.name || next.perspective !== current.perspective) map.set(id, next);
}

export function removeParticipant(doc: Y.Doc, id: string): void {
	if (participantsMap(doc).has(id)) participantsMap(doc).delete(id);
}

/**
 * Counts participants per perspective. With `only`, counts just those ids (for instance the
 * participants who are connected right now).
 */
export function countByPerspective(
	participants: readonly Participant[],
	perspectives: readonly Perspective[],
	only?: ReadonlySet<string>
): PerspectiveCounts {
	const byPerspective: Record<string, number> = {};
	for (const p of perspectives) if (isSafeKey(p.id)) byPerspective[p.id] = 0;
	let total = 0;
	let unassigned = 0;
	for (const participant of participants) {
		if (only && !only.has(participant.id)) continue;
		total++;
		// Own keys only: a perspective named like an Object method is no perspective.
		const { perspective } = participant;
		const current = Object.hasOwn(byPerspective, perspective)
			? byPerspective[perspective]
			: undefined;
		if (current === undefined) unassigned++;
		else byPerspective[perspective] = current + 1;
	}
	return { total, byPerspective, unassigned };
}

/** A poll's frozen outcome; one without a step id is left out. */
function readPollOutcome(stored: unknown): PollOutcome | undefined {
	if (!isPlainObject(stored) || typeof stored.stepId !== 'string') return undefined;
	const options = uniqueById(listOf(stored.options, readOption));
	const mode = oneOf(stored.mode, POLL_MODES, 'single');
	const ids = new Set(options.map((o) => o.id));
	return {
		stepId: stored.stepId,
		title: asString(stored.title),
		question: asString(stored.question),
		mode,
		options,
		tally: unpackTally(stored.tally, mode, [...ids]),
		leading: stringsOf(stored.leading).filter((id) => ids.has(id))
	};
}

/** A consent step's frozen outcome; one without a step id is left out. */
function readConsentOutcome(stored: unknown): ConsentOutcome | undefined {
	if (!isPlainObject(stored) || typeof stored.stepId !== 'string') return undefined;
	return {
		stepId: stored.stepId,
		title: asString(stored.title),
		round: asNumber(stored.round),
		proposal: asString(stored.proposal),
		status: stored.status === 'open' ? 'open' : 'closed',
		counts: readConsentCounts(stored.counts),
		consented: stored.consented === true
	};
}

/**
 * The session a series continues from, if any (kept in `meta` as one plain value). It needs an
 * id, a title, a time and an outcome; a part of the outcome that does not read is left out. An
 * outcome frozen before outcomes recorded their lead (or with an odd one) is given the default.
 */
export function readPrevious(doc: Y.Doc): PreviousSession | undefined {
	const previous = doc.getMap<unknown>(DOC_KEYS.meta).get('previous');
	if (!isPlainObject(previous) || !isPlainObject(previous.outcome)) return undefined;
	const { id, title, createdAt, outcome } = previous;
	if (typeof id !== 'string' || typeof title !== 'string') return undefined;
	if (typeof createdAt !== 'number' || asTime(createdAt) !== createdAt) return undefined;
	const parts = {
		poll: readPollOutcome(outcome.poll),
		consent: readConsentOutcome(outcome.consent)
	};
	const positioningIds = readOptions(doc).map((o) => o.id);
	const lead =
		outcome.lead === 'poll' || outcome.lead === 'consent'
			? outcome.lead
			: defaultLead(parts, positioningIds);
	return { id, title, createdAt, outcome: lead ? { ...parts, lead } : parts };
}

export function setPrevious(doc: Y.Doc, previous: PreviousSession): void {
	doc.getMap<unknown>(DOC_KEYS.meta).set('previous', previous);
}

/**
 * The whole session as plain JSON-safe data. Participants come from the facilitators' own
 * document when it is given (the shared one holds only how many joined).
 */
export function readSnapshot(doc: Y.Doc, id: string, privateDoc?: Y.Doc): SessionSnapshot {
	const perspectives = readPerspectives(doc);
	const participants = privateDoc ? readParticipants(privateDoc) : [];
	return {
		id,
		...readMeta(doc),
		currentStep: readCurrentStepId(doc),
		steps: readSteps(doc),
		perspectives,
		options: readOptions(doc),
		paradoxes: readParadoxes(doc),
		intensities: readIntensities(doc),
		participants,
		counts: privateDoc ? countByPerspective(participants, perspectives) : readParticipation(doc),
		privacy: readPrivacy(doc),
		previous: readPrevious(doc)
	};
}
