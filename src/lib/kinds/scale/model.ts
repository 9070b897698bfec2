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
	stringsOf,
	uniqueById,
	VISIBILITIES
} from '../../model/read-safe.ts';
import { stepMap } from '../../model/step-maps.ts';
import type { Locale } from '../../model/types.ts';
import type { KindModel } from '../kind.ts';
import { packScaleTally, unpackScaleTally } from './codec.ts';
import { LABELS_MAX, LABELS_MIN } from './intents.ts';
import { presetLabels, presetStatements, SCALE_PRESETS, scalePreset } from './presets.ts';
import type { ScaleStep, ScaleTally, Statement } from './types.ts';

const DEFAULT_PRESET = SCALE_PRESETS[0]!;

function readStatement(stored: unknown): Statement | undefined {
	if (!isPlainObject(stored) || !isId(stored.id) || typeof stored.text !== 'string') {
		return undefined;
	}
	return { id: stored.id, text: stored.text };
}

/** A step's statements: well-formed ones only, each id once. */
const readStatements = (stored: unknown): Statement[] => uniqueById(listOf(stored, readStatement));

/** The language of the document a step's map is in, for labels that must be made up. */
function localeOf(map: Y.Map<unknown>): Locale {
	return map.doc?.getMap<unknown>('meta').get('locale') === 'en' ? 'en' : 'nl';
}

/**
 * A scale's points. A list of fewer than two texts is no scale: it reads as the default one, in
 * the session's language, as a new step has it.
 */
function readLabels(map: Y.Map<unknown>): string[] {
	const labels = stringsOf(map.get('labels')).slice(0, LABELS_MAX);
	return labels.length >= LABELS_MIN ? labels : presetLabels(DEFAULT_PRESET, localeOf(map));
}

/** What a tally is read against: the statements' order and the number of points. */
function shapeOf(map: Y.Map<unknown>): { ids: string[]; points: number } {
	return {
		ids: readStatements(map.get('statements')).map((s) => s.id),
		points: readLabels(map).length
	};
}

/** A scale step as plain data; fields that are missing or odd read as a new step has them. */
function readScaleStep(map: Y.Map<unknown>, id: string): ScaleStep {
	const statements = readStatements(map.get('statements'));
	const labels = readLabels(map);
	return {
		id,
		kind: 'scale',
		title: asString(map.get('title')),
		statements,
		labels,
		visibility: oneOf(map.get('visibility'), VISIBILITIES, 'hidden'),
		status: oneOf(map.get('status'), POLL_STATUSES, 'draft'),
		revealed: asBoolean(map.get('revealed')),
		round: asNumber(map.get('round'), 1),
		tally: unpackScaleTally(
			map.get('tally'),
			statements.map((s) => s.id),
			labels.length
		)
	};
}

/** Publishes a scale step's tally into the shared document, packed (codec.ts). */
export function setScaleTally(doc: Y.Doc, stepId: string, tally: ScaleTally): void {
	const map = stepMap(doc, stepId);
	if (!map) return;
	const { ids, points } = shapeOf(map);
	map.set('tally', packScaleTally(tally, ids, points));
}

const resultsMap = (privateDoc: Y.Doc) => privateDoc.getMap<unknown>(PRIVATE_KEYS.results);

/**
 * A scale step's released tally as facilitators see it (model/private-doc.ts: also while hidden
 * from the room, once closed), packed as in the shared document, whose step says how.
 */
export function readPrivateScaleTally(
	privateDoc: Y.Doc,
	shared: Y.Doc,
	stepId: string
): ScaleTally | undefined {
	const map = stepMap(shared, stepId);
	const stored = resultsMap(privateDoc).get(stepId);
	if (!map || stored === undefined) return undefined;
	const { ids, points } = shapeOf(map);
	return unpackScaleTally(stored, ids, points);
}

export function setPrivateScaleTally(
	privateDoc: Y.Doc,
	shared: Y.Doc,
	stepId: string,
	tally: ScaleTally
): void {
	const map = stepMap(shared, stepId);
	if (!map) return;
	const { ids, points } = shapeOf(map);
	resultsMap(privateDoc).set(stepId, packScaleTally(tally, ids, points));
}

/**
 * Statements on a scale: each answered on the same labelled scale (agree to disagree, or the
 * level a theme belongs at). Its map holds plain values only, the tally packed (codec.ts).
 */
export const scaleKind: KindModel<'scale'> = {
	kind: 'scale',
	read: readScaleStep,
	create({ id, title, optionSet }, { locale }) {
		const preset = scalePreset(optionSet) ?? DEFAULT_PRESET;
		return {
			id,
			kind: 'scale',
			title: title || preset.title[locale],
			statements: presetStatements(preset, locale),
			labels: presetLabels(preset, locale),
			visibility: 'hidden',
			status: 'draft',
			revealed: false,
			round: 1,
			tally: { voters: 0 }
		};
	},
	init(map, step) {
		for (const [key, value] of Object.entries(step)) {
			if (key !== 'id' && key !== 'tally') map.set(key, value);
		}
		map.set(
			'tally',
			packScaleTally(
				step.tally,
				step.statements.map((s) => s.id),
				step.labels.length
			)
		);
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
		const tally = readPrivateScaleTally(privateDoc, doc, step.id);
		return tally ? { ...step, tally } : step;
	}
};
