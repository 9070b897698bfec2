import type * as Y from 'yjs';
import type {
	Intensity,
	Locale,
	Paradox,
	Participant,
	Perspective,
	PerspectiveCounts,
	PositioningOption,
	PreviousSession,
	SessionMeta,
	SessionSnapshot,
	SessionTemplate
} from './types.ts';
import { readCurrentStepId, readSteps } from './steps.ts';

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

/** Bumped when the layout changes in a way old documents must be migrated for. */
export const SCHEMA_VERSION = 1;

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

export function readMeta(doc: Y.Doc): SessionMeta {
	const meta = doc.getMap<unknown>(DOC_KEYS.meta);
	return {
		schema: Number(meta.get('schema') ?? 0),
		title: String(meta.get('title') ?? ''),
		locale: meta.get('locale') === 'en' ? 'en' : 'nl',
		template: String(meta.get('template') ?? ''),
		joinCode: String(meta.get('joinCode') ?? ''),
		createdAt: Number(meta.get('createdAt') ?? 0)
	};
}

export function readPerspectives(doc: Y.Doc): Perspective[] {
	return doc.getArray<Perspective>(DOC_KEYS.perspectives).toArray();
}

export function readOptions(doc: Y.Doc): PositioningOption[] {
	return doc.getArray<PositioningOption>(DOC_KEYS.options).toArray();
}

export function readParadoxes(doc: Y.Doc): Paradox[] {
	return doc.getArray<Paradox>(DOC_KEYS.paradoxes).toArray();
}

export function readIntensities(doc: Y.Doc): Intensity[] {
	return doc.getArray<Intensity>(DOC_KEYS.intensities).toArray();
}

type StoredParticipant = Omit<Participant, 'id'>;

function participantsMap(doc: Y.Doc): Y.Map<StoredParticipant> {
	return doc.getMap<StoredParticipant>(DOC_KEYS.participants);
}

export function readParticipant(doc: Y.Doc, id: string): Participant | undefined {
	const stored = participantsMap(doc).get(id);
	return stored && { id, ...stored };
}

/** Participants in the order they joined. */
export function readParticipants(doc: Y.Doc): Participant[] {
	const list: Participant[] = [];
	participantsMap(doc).forEach((stored, id) => list.push({ id, ...stored }));
	return list.sort((a, b) => a.joinedAt - b.joinedAt || a.id.localeCompare(b.id));
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
	if (!current) return;
	// Absent fields keep their value; spreading `fields` would turn them into undefined.
	const next = {
		...current,
		name: fields.name ?? current.name,
		perspective: fields.perspective ?? current.perspective
	};
	if (next.name !== current.name || next.perspective !== current.perspective) map.set(id, next);
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
	for (const p of perspectives) byPerspective[p.id] = 0;
	let total = 0;
	let unassigned = 0;
	for (const participant of participants) {
		if (only && !only.has(participant.id)) continue;
		total++;
		const current = byPerspective[participant.perspective];
		if (current === undefined) unassigned++;
		else byPerspective[participant.perspective] = current + 1;
	}
	return { total, byPerspective, unassigned };
}

/** The session a series continues from, if any (kept in `meta` as one plain value). */
export function readPrevious(doc: Y.Doc): PreviousSession | undefined {
	const previous = doc.getMap<unknown>(DOC_KEYS.meta).get('previous');
	return previous && typeof previous === 'object' ? (previous as PreviousSession) : undefined;
}

export function setPrevious(doc: Y.Doc, previous: PreviousSession): void {
	doc.getMap<unknown>(DOC_KEYS.meta).set('previous', previous);
}

/** The whole session as plain JSON-safe data. */
export function readSnapshot(doc: Y.Doc, id: string): SessionSnapshot {
	const perspectives = readPerspectives(doc);
	const participants = readParticipants(doc);
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
		counts: countByPerspective(participants, perspectives),
		previous: readPrevious(doc)
	};
}
