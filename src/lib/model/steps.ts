import * as Y from 'yjs';
import { initDilemmaStep, readDilemmaStep } from './dilemmas.ts';
import { moveId, removeId } from './id-list.ts';
import { defaultPlanYear, initPlanStep, readPlanStep, type NewPlan } from './plan.ts';
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
	listOf,
	oneOf,
	POLL_MODES,
	POLL_STATUSES,
	sameJson,
	uniqueById,
	VISIBILITIES
} from './read-safe.ts';
import { packTally, readConsentTally, unpackTally } from './tally-codec.ts';
import type {
	ConsentReason,
	ConsentRound,
	ConsentStep,
	ConsentTally,
	Locale,
	PollMode,
	PollOption,
	PollStep,
	PollTally,
	SessionTemplate,
	Step,
	StepKind,
	TemplateAgendaStep
} from './types.ts';

/**
 * Steps live in two top-level types: `stepOrder` (ids, in agenda order) and `steps` (one Y.Map
 * per step, by id). Yjs cannot move a shared type within an array, so reordering moves only the
 * id and the step's data stays where it is.
 */
export const STEP_KEYS = {
	order: 'stepOrder',
	steps: 'steps',
	/** Key in the `meta` map: the step every screen follows ('' = the lobby). */
	current: 'currentStep',
	/** Key in the `meta` map: every screen shows black (the presenter's B key). */
	blank: 'blank'
} as const;

/** Keys inside a consent step's map that hold shared types rather than plain values. */
const PROPOSAL = 'proposal';
const ROUNDS = 'rounds';
/**
 * Inside a round's map: the reasons as one list, sorted by content and replaced whole, so that
 * nothing in the document (no key, no Yjs clock of an entry) tells in which order they came.
 * Documents of older versions hold a map by opaque key here; it reads the same.
 */
const REASONS = 'reasons';

type StepMap = Y.Map<unknown>;

/** The steps by id; a value that is not a step's map reads as no step. */
function stepsMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>(STEP_KEYS.steps);
}

function orderArray(doc: Y.Doc): Y.Array<string> {
	return doc.getArray<string>(STEP_KEYS.order);
}

/** A step's shared map, or undefined if there is none (or something else is stored there). */
export function stepMap(doc: Y.Doc, id: string): StepMap | undefined {
	return asYMap(stepsMap(doc).get(id));
}

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

/**
 * One step as plain data, or undefined if there is no such step. A step of a kind this version
 * does not know is left out: reading it as another kind would show a made-up step.
 */
export function readStep(doc: Y.Doc, id: string): Step | undefined {
	const map = stepMap(doc, id);
	if (!map) return undefined;
	const kind = map.get('kind');
	if (kind === 'dilemmas') return readDilemmaStep(map, id);
	if (kind === 'plan') return readPlanStep(map, id);
	if (kind === 'consent') return readConsentStep(map, id);
	if (kind === 'poll') return readPollStep(map, id);
	return undefined;
}

function readConsentStep(map: StepMap, id: string): ConsentStep {
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

/** An option with an id and a title; the description may be left out. */
export function readOption(stored: unknown): PollOption | undefined {
	if (!isPlainObject(stored) || !isId(stored.id) || typeof stored.title !== 'string') {
		return undefined;
	}
	return { id: stored.id, title: stored.title, description: asString(stored.description) };
}

/** A poll's options: well-formed ones only, each id once. */
export const readPollOptions = (stored: unknown): PollOption[] =>
	uniqueById(listOf(stored, readOption));

export const readPollMode = (stored: unknown): PollMode => oneOf(stored, POLL_MODES, 'single');

/** A poll as plain data; fields that are missing or odd read as a new poll has them. */
function readPollStep(map: StepMap, id: string): PollStep {
	const options = readPollOptions(map.get('options'));
	const mode = readPollMode(map.get('mode'));
	const optionSet = map.get('optionSet');
	return {
		id,
		kind: 'poll',
		title: asString(map.get('title')),
		optionSet: isId(optionSet) ? optionSet : '',
		question: asString(map.get('question')),
		nowQuestion: asString(map.get('nowQuestion')),
		desiredQuestion: asString(map.get('desiredQuestion')),
		options,
		mode,
		budget: asNumber(map.get('budget'), 10),
		visibility: oneOf(map.get('visibility'), VISIBILITIES, 'hidden'),
		status: oneOf(map.get('status'), POLL_STATUSES, 'draft'),
		revealed: asBoolean(map.get('revealed')),
		round: asNumber(map.get('round'), 1),
		endsAt: asTime(map.get('endsAt')),
		tally: unpackTally(map.get('tally'), mode, optionIds({ options }))
	};
}

const optionIds = (poll: Pick<PollStep, 'options'>): string[] =>
	Array.isArray(poll.options) ? poll.options.map((o) => o.id) : [];

export function readSteps(doc: Y.Doc): Step[] {
	return readStepIds(doc).flatMap((id) => readStep(doc, id) ?? []);
}

/** The shared text of a consent step's proposal, for co-editing. */
export function proposalText(doc: Y.Doc, stepId: string): Y.Text | undefined {
	const text = stepMap(doc, stepId)?.get(PROPOSAL);
	return text instanceof Y.Text ? text : undefined;
}

/** A new poll's fields from a template option set, in the session's language. */
export function newPoll(
	template: SessionTemplate,
	locale: Locale,
	id: string,
	optionSetId?: string
): PollStep {
	const set = template.optionSets.find((s) => s.id === optionSetId) ?? template.optionSets[0];
	return {
		id,
		kind: 'poll',
		title: set ? set.name[locale] : template.defaults.pollTitle[locale],
		optionSet: set?.id ?? '',
		question: set ? set.question[locale] : '',
		nowQuestion: set ? set.nowQuestion[locale] : '',
		desiredQuestion: set ? set.desiredQuestion[locale] : '',
		options: (set?.options ?? template.options).map((o) => ({
			id: o.id,
			title: o.title[locale],
			description: o.description[locale]
		})),
		mode: 'single',
		budget: 10,
		visibility: 'hidden',
		status: 'draft',
		revealed: false,
		round: 1,
		endsAt: 0,
		tally: { voters: 0 }
	};
}

export type NewStep =
	| PollStep
	| { id: string; kind: 'consent'; title: string; proposal: string }
	| { id: string; kind: 'dilemmas'; title: string; template: SessionTemplate; locale: Locale }
	| ({ id: string; kind: 'plan' } & NewPlan);

/** A step asked for by the facilitator (`step.add`) or by a template's agenda. */
export interface StepRequest {
	id: string;
	kind: StepKind;
	/** A poll's option set; the template's first when left out. */
	optionSet?: string;
	title?: string;
	/** A consent step's proposal; the template's default when left out. */
	proposal?: string;
}

/**
 * A new step's fields, filled in from the template in the session's language: the one place
 * that knows what a new step of each kind starts with. `now` picks a new plan's year.
 */
export function newStep(
	template: SessionTemplate,
	locale: Locale,
	now: number,
	request: StepRequest
): NewStep {
	const { id, kind, title } = request;
	switch (kind) {
		case 'poll': {
			const poll = newPoll(template, locale, id, request.optionSet);
			return title ? { ...poll, title } : poll;
		}
		case 'consent':
			return {
				id,
				kind,
				title: title ?? template.defaults.consentTitle[locale],
				proposal: request.proposal ?? template.defaults.proposal[locale]
			};
		case 'dilemmas':
			return {
				id,
				kind,
				title: title ?? template.defaults.dilemmasTitle[locale],
				template,
				locale
			};
		case 'plan':
			return {
				id,
				kind,
				title: title ?? template.defaults.planTitle[locale],
				year: defaultPlanYear(now),
				regions: template.regions.map((r) => ({ id: r.id, label: r.label[locale] }))
			};
		default:
			return kind satisfies never;
	}
}

/** A template's agenda step as a request, its texts in the session's language. */
function agendaRequest(step: TemplateAgendaStep, locale: Locale, id: string): StepRequest {
	const title = step.title?.[locale];
	switch (step.kind) {
		case 'poll':
			return { id, kind: step.kind, title, optionSet: step.optionSet };
		case 'consent':
			return { id, kind: step.kind, title, proposal: step.proposal?.[locale] };
		case 'dilemmas':
		case 'plan':
			return { id, kind: step.kind, title };
		default:
			return step satisfies never;
	}
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
	for (const step of template.agenda) {
		addStep(doc, newStep(template, locale, now, agendaRequest(step, locale, newId())));
	}
}

/** Adds a step at the end of the agenda; returns its shared map. */
export function addStep(doc: Y.Doc, step: NewStep): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	// Integrate the map first: shared types can only be filled once they are in a doc.
	stepsMap(doc).set(step.id, map);
	if (step.kind === 'dilemmas') {
		initDilemmaStep(map, step.template, step.locale, step.title);
	} else if (step.kind === 'plan') {
		initPlanStep(map, step);
	} else if (step.kind === 'consent') {
		map.set('kind', 'consent');
		map.set('title', step.title);
		map.set(PROPOSAL, new Y.Text(step.proposal));
		map.set(ROUNDS, new Y.Array<Y.Map<unknown>>());
	} else {
		for (const [key, value] of Object.entries(step)) if (key !== 'id') map.set(key, value);
		map.set('tally', packTally(step.tally, step.mode, optionIds(step)));
	}
	orderArray(doc).push([step.id]);
	return map;
}

/** Sets plain fields of a step (never its shared texts or rounds). */
export function setStepFields(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
	const map = stepMap(doc, id);
	if (!map) return;
	for (const [key, value] of Object.entries(fields)) {
		if (value !== undefined && key !== PROPOSAL && key !== ROUNDS) map.set(key, value);
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

/** Publishes a poll's tally, packed in the order of the options as `readStep` reads them. */
export function setPollTally(doc: Y.Doc, id: string, tally: PollTally): void {
	const map = stepMap(doc, id);
	if (!map) return;
	const options = readPollOptions(map.get('options'));
	map.set('tally', packTally(tally, readPollMode(map.get('mode')), optionIds({ options })));
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
