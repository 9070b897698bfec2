import * as Y from 'yjs';
import { kindModel, isStepKind } from '../kinds/index.ts';
import type { NewStepOf, StepRequestOf } from '../kinds/kind.ts';
import { moveId, removeId } from './id-list.ts';
import { idsOf } from './read-safe.ts';
import { orderArray, STEP_KEYS, stepMap, stepsMap } from './step-maps.ts';
import type { Locale, SessionTemplate, Step, StepKind, TemplateAgendaStep } from './types.ts';

/**
 * The agenda: which steps a session has, in which order, and which one every screen shows. What
 * a step holds is its kind's business (kinds/): this module dispatches to the kinds' registry.
 */
export { STEP_KEYS, stepMap } from './step-maps.ts';

export function readCurrentStepId(doc: Y.Doc): string {
	const value = doc.getMap('meta').get(STEP_KEYS.current);
	return typeof value === 'string' ? value : '';
}

/** Whether the facilitator blanked the screens; anything but `true` reads as not blanked. */
export function readBlank(doc: Y.Doc): boolean {
	return doc.getMap('meta').get(STEP_KEYS.blank) === true;
}

/** Blanks the screens, or shows them again (the key goes: absent reads as not blanked). */
export function setBlank(doc: Y.Doc, blank: boolean): void {
	if (blank) doc.getMap('meta').set(STEP_KEYS.blank, true);
	else doc.getMap('meta').delete(STEP_KEYS.blank);
}

/** The agenda: step ids in order, each once. */
export function readStepIds(doc: Y.Doc): string[] {
	return idsOf(orderArray(doc));
}

/**
 * One step as plain data, or undefined if there is no such step. A step of a kind this version
 * does not know is left out (readAgenda names it): reading it as another kind would show a
 * made-up step.
 */
export function readStep(doc: Y.Doc, id: string): Step | undefined {
	const map = stepMap(doc, id);
	const kind = map?.get('kind');
	if (!map || !isStepKind(kind)) return undefined;
	return kindModel(kind).read(map, id);
}

export function readSteps(doc: Y.Doc): Step[] {
	return readStepIds(doc).flatMap((id) => readStep(doc, id) ?? []);
}

/** An entry of the agenda: a step, or one this version cannot read (named by its stored kind). */
export type AgendaEntry =
	| { id: string; step: Step }
	| { id: string; step?: undefined; unsupported: { kind: string; title: string } };

/**
 * The agenda as the console lists it: every id in order, with its step, or, for a step of a kind
 * this version does not know (a newer version wrote it, or a hostile facilitator), what it says
 * it is, so it can be shown as unsupported and removed. An id with no map behind it is left out.
 */
export function readAgenda(doc: Y.Doc): AgendaEntry[] {
	return readStepIds(doc).flatMap((id): AgendaEntry[] => {
		const step = readStep(doc, id);
		if (step) return [{ id, step }];
		const map = stepMap(doc, id);
		if (!map) return [];
		const kind = map.get('kind');
		const title = map.get('title');
		return [
			{
				id,
				unsupported: {
					kind: typeof kind === 'string' ? kind.slice(0, 40) : '',
					title: typeof title === 'string' ? title.slice(0, 200) : ''
				}
			}
		];
	});
}

/** A new step's fields, as a kind's `create` gives them. */
export type NewStep = { [K in StepKind]: NewStepOf<K> }[StepKind];
/** A step asked for by the facilitator (`step.add`) or by a template's agenda. */
export type StepRequest = { [K in StepKind]: StepRequestOf<K> }[StepKind];

/**
 * A new step's fields, filled in from the template in the session's language, by its kind.
 * `now` picks a new plan's year.
 */
export function newStep(
	template: SessionTemplate,
	locale: Locale,
	now: number,
	request: StepRequest
): NewStep {
	return create(request, { template, locale, now });
}

function create<K extends StepKind>(
	request: StepRequestOf<K>,
	context: { template: SessionTemplate; locale: Locale; now: number }
): NewStepOf<K> {
	return kindModel<K>(request.kind).create(request, context);
}

function agendaRequest<K extends StepKind>(
	entry: TemplateAgendaStep & { kind: K },
	locale: Locale,
	id: string
): StepRequestOf<K> {
	return kindModel<K>(entry.kind).fromAgenda(entry, locale, id);
}

/**
 * Fills a new session's agenda with the template's steps, as the facilitator would add them one
 * by one (so they start as such steps do, and change and go the same way). Ids come from
 * `newId`: they must be unique in the session, and steps a series carries over keep theirs.
 */
export function addTemplateAgenda(
	doc: Y.Doc,
	template: SessionTemplate,
	locale: Locale,
	{ now, newId }: { now: number; newId: () => string }
): void {
	for (const entry of template.agenda) {
		addStep(doc, newStep(template, locale, now, agendaRequest(entry, locale, newId())));
	}
}

/** Adds a step at the end of the agenda; returns its shared map. */
export function addStep(doc: Y.Doc, step: NewStep): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	// Integrate the map first: shared types can only be filled once they are in a doc.
	stepsMap(doc).set(step.id, map);
	init(map, step);
	orderArray(doc).push([step.id]);
	return map;
}

function init<K extends StepKind>(map: Y.Map<unknown>, step: NewStepOf<K> & { kind: K }): void {
	kindModel<K>(step.kind).init(map, step);
}

/**
 * Sets plain fields of a step. A key that holds a shared type (a proposal's text, a board's
 * cards, a consent step's rounds) is never replaced: those change through their own mutations.
 */
export function setStepFields(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
	const map = stepMap(doc, id);
	if (!map) return;
	for (const [key, value] of Object.entries(fields)) {
		if (value !== undefined && key !== 'kind' && !(map.get(key) instanceof Y.AbstractType)) {
			map.set(key, value);
		}
	}
}

/** Moves a step to `index` in the agenda (clamped to its bounds). */
export function moveStep(doc: Y.Doc, id: string, index: number): void {
	moveId(orderArray(doc), id, index);
}

export function removeStep(doc: Y.Doc, id: string): void {
	removeId(orderArray(doc), id);
	stepsMap(doc).delete(id);
	if (readCurrentStepId(doc) === id) doc.getMap('meta').set(STEP_KEYS.current, '');
}

/** Makes `id` the step every screen shows; '' returns everyone to the lobby. */
export function activateStep(doc: Y.Doc, id: string): void {
	doc.getMap('meta').set(STEP_KEYS.current, id);
}
