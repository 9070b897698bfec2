import * as Y from 'yjs';
import { initDilemmaStep, readDilemmaStep } from './dilemmas.ts';
import { moveId, removeId } from './id-list.ts';
import { initPlanStep, readPlanStep, type NewPlan } from './plan.ts';
import { packTally, unpackTally } from './tally-codec.ts';
import type {
	ConsentReason,
	ConsentRound,
	ConsentTally,
	Locale,
	PollStep,
	PollTally,
	SessionTemplate,
	Step,
	StepKind
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
	current: 'currentStep'
} as const;

/** Keys inside a consent step's map that hold shared types rather than plain values. */
const PROPOSAL = 'proposal';
const ROUNDS = 'rounds';
/** Inside a round's map: reasons by an opaque ballot key, so an edit replaces one entry. */
const REASONS = 'reasons';

type StepMap = Y.Map<unknown>;

function stepsMap(doc: Y.Doc): Y.Map<StepMap> {
	return doc.getMap<StepMap>(STEP_KEYS.steps);
}

function orderArray(doc: Y.Doc): Y.Array<string> {
	return doc.getArray<string>(STEP_KEYS.order);
}

export function stepMap(doc: Y.Doc, id: string): StepMap | undefined {
	return stepsMap(doc).get(id);
}

export function readCurrentStepId(doc: Y.Doc): string {
	const value = doc.getMap('meta').get(STEP_KEYS.current);
	return typeof value === 'string' ? value : '';
}

export function readStepIds(doc: Y.Doc): string[] {
	return orderArray(doc).toArray();
}

function readConsentRound(round: Y.Map<unknown>): ConsentRound {
	const reasons: ConsentReason[] = [];
	const stored = round.get(REASONS);
	if (stored instanceof Y.Map) {
		stored.forEach((reason) => reasons.push(reason as ConsentReason));
	}
	return {
		number: Number(round.get('number')),
		proposal: String(round.get('proposal') ?? ''),
		status: round.get('status') === 'open' ? 'open' : 'closed',
		tally: round.get('tally') as ConsentTally,
		reasons: sortReasons(reasons)
	};
}

/** Sorted by kind and text: no order that could hint at who wrote what, or when. */
export function sortReasons(reasons: ConsentReason[]): ConsentReason[] {
	return reasons.sort((a, b) => a.answer.localeCompare(b.answer) || a.text.localeCompare(b.text));
}

/** One step as plain data, or undefined if there is no such step. */
export function readStep(doc: Y.Doc, id: string): Step | undefined {
	const map = stepMap(doc, id);
	if (!map) return undefined;
	const kind = map.get('kind') as StepKind;
	const title = String(map.get('title') ?? '');
	if (kind === 'dilemmas') return readDilemmaStep(map, id);
	if (kind === 'plan') return readPlanStep(map, id);
	if (kind === 'consent') {
		const proposal = map.get(PROPOSAL);
		const rounds = map.get(ROUNDS);
		return {
			id,
			kind,
			title,
			proposal: proposal instanceof Y.Text ? proposal.toString() : '',
			rounds:
				rounds instanceof Y.Array
					? rounds.toArray().map((r) => readConsentRound(r as Y.Map<unknown>))
					: []
		};
	}
	const poll = map.toJSON() as Omit<PollStep, 'id'>;
	return {
		...poll,
		id,
		kind: 'poll',
		tally: unpackTally(map.get('tally'), poll.mode, optionIds(poll))
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

export function setPollTally(doc: Y.Doc, id: string, tally: PollTally): void {
	const map = stepMap(doc, id);
	if (!map) return;
	const options = (map.get('options') ?? []) as PollStep['options'];
	map.set('tally', packTally(tally, map.get('mode') as PollStep['mode'], optionIds({ options })));
}

function roundsArray(doc: Y.Doc, stepId: string): Y.Array<Y.Map<unknown>> | undefined {
	const rounds = stepMap(doc, stepId)?.get(ROUNDS);
	return rounds instanceof Y.Array ? (rounds as Y.Array<Y.Map<unknown>>) : undefined;
}

/** The latest round of a consent step, as a shared map. */
function lastRound(doc: Y.Doc, stepId: string): Y.Map<unknown> | undefined {
	const rounds = roundsArray(doc, stepId);
	return rounds && rounds.length > 0 ? rounds.get(rounds.length - 1) : undefined;
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
	round.set(REASONS, new Y.Map<ConsentReason>());
	rounds.push([round]);
}

export function closeConsentRound(doc: Y.Doc, stepId: string): void {
	lastRound(doc, stepId)?.set('status', 'closed');
}

/**
 * Publishes a round's counts and its reasons (by opaque key), changing only what differs, so a
 * recount that finds nothing new writes nothing.
 */
export function setConsentRound(
	doc: Y.Doc,
	stepId: string,
	number: number,
	tally: ConsentTally,
	reasons: ReadonlyMap<string, ConsentReason>
): void {
	const round = roundsArray(doc, stepId)?.get(number - 1);
	if (!round) return;
	if (JSON.stringify(round.get('tally')) !== JSON.stringify(tally)) round.set('tally', tally);
	const published = round.get(REASONS);
	if (!(published instanceof Y.Map)) return;
	for (const key of [...published.keys()]) if (!reasons.has(key)) published.delete(key);
	for (const [key, reason] of reasons) {
		const current = published.get(key) as ConsentReason | undefined;
		if (current?.answer !== reason.answer || current.text !== reason.text) {
			published.set(key, reason);
		}
	}
}

export function setConsentTally(doc: Y.Doc, stepId: string, tally: ConsentTally): void {
	lastRound(doc, stepId)?.set('tally', tally);
}
