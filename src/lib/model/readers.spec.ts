import { seededRandom } from '../../../tests/helpers/memory-client.ts';
import { defineOwn, isReservedName } from '../intents/validate.ts';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildReport } from '../report/build.ts';
import { renderCsv } from '../report/csv.ts';
import { renderMarkdown } from '../report/markdown.ts';
import {
	addCard,
	addCluster,
	copyBoard,
	hasCluster,
	moveCard,
	moveCluster,
	readCard,
	removeCluster,
	renameCluster,
	stackCard,
	unstackCard,
	updateCard
} from '../kinds/dilemmas/model.ts';
import { positioningOutcome } from './outcome.ts';
import { readPositioningPolls } from './positioning.ts';
import {
	forgetHiddenCard,
	readHiddenCards,
	readPrivateDotTally,
	readPrivatePollTally,
	setHiddenCard,
	setPrivateDotTally,
	setPrivatePollTally,
	withHiddenTexts
} from './private-doc.ts';
import {
	addPlanItem,
	hasPlanItem,
	movePlanItem,
	planItemText,
	readPlanItem,
	removePlanItem,
	updatePlanItem
} from '../kinds/plan/model.ts';
import { presentParticipantIds } from './presence.ts';
import {
	addParticipant,
	countByPerspective,
	initSessionDoc,
	readParticipants,
	readPerspectives,
	readPrevious,
	readSnapshot,
	setParticipation,
	setPrevious,
	updateParticipant
} from './session-doc.ts';
import {
	activateStep,
	addStep,
	moveStep,
	readStep,
	readSteps,
	removeStep,
	setStepFields,
	stepMap
} from './steps.ts';
import { newPoll, setPollTally } from '../kinds/poll/model.ts';
import {
	closeConsentRound,
	openConsentRound,
	proposalText,
	setConsentRound,
	setConsentTally
} from '../kinds/consent/model.ts';
import { emptyConsentTally, tallyConsent, tallyPoll } from './tally.ts';
import { bornTemplate } from './templates.ts';
import {
	PLAN_SCALES,
	PLAN_STATUSES,
	PLAN_TEXT_FIELDS,
	QUARTERS,
	type DilemmaStep,
	type PlanStep,
	type PollBallot,
	type PollMode,
	type PollStep,
	type SessionSnapshot
} from './types.ts';

/** 20 November 2026, 10:00 in Amsterdam. */
const TIME = Date.UTC(2026, 10, 20, 9);
const DAY = 24 * 60 * 60 * 1000;

/**
 * Every kind of step, with results in each: what a session holds by the end of a day. `own` is
 * the facilitators' document beside it: who joined, released counts, a hidden card's texts.
 */
function sessionDocs(): { doc: Y.Doc; own: Y.Doc } {
	const doc = new Y.Doc();
	const own = new Y.Doc();
	initSessionDoc(doc, bornTemplate, {
		title: 'Leersessie',
		locale: 'nl',
		joinCode: 'ABC234',
		createdAt: TIME
	});
	addParticipant(own, { id: 'p1', name: 'Anna', perspective: 'wethouder', joinedAt: TIME });
	addParticipant(own, { id: 'p2', name: '', perspective: 'aanbieder', joinedAt: TIME + 1 });
	addParticipant(own, { id: 'p3', name: '', perspective: '', joinedAt: TIME + 2 });
	setParticipation(doc, countByPerspective(readParticipants(own), readPerspectives(doc)));

	const ballots: Record<PollMode, PollBallot[]> = {
		single: [{ choice: 'leernetwerk' }, { choice: 'facilitator' }],
		points: [{ points: { leernetwerk: 6, facilitator: 4 } }],
		nowDesired: [{ now: 'leernetwerk', desired: 'facilitator' }]
	};
	for (const mode of ['single', 'points', 'nowDesired'] as const) {
		const poll: PollStep = {
			...newPoll(bornTemplate, 'nl', mode),
			mode,
			status: 'closed',
			visibility: 'live'
		};
		addStep(doc, poll);
		// The last voter has no perspective: the tally merges them.
		const counted = ballots[mode].map((ballot, i, all) => ({
			perspective: i === all.length - 1 ? '' : 'wethouder',
			ballot
		}));
		setPollTally(doc, poll.id, tallyPoll(mode, poll.options, counted));
		setPrivatePollTally(own, doc, poll.id, tallyPoll(mode, poll.options, counted));
	}
	// Hidden from the room: the room has how many voted, the facilitators the counts.
	const hidden = newPoll(bornTemplate, 'nl', 'hidden', 'governance');
	addStep(doc, hidden);
	setPollTally(doc, 'hidden', { voters: 2, changes: 3 });
	setPrivatePollTally(
		own,
		doc,
		'hidden',
		tallyPoll('single', hidden.options, [
			{ perspective: 'wethouder', ballot: { choice: hidden.options[0]!.id } },
			{ perspective: 'aanbieder', ballot: { choice: hidden.options[1]!.id } }
		])
	);

	addStep(doc, { id: 'consent', kind: 'consent', title: 'Consentronde', proposal: 'Voorstel' });
	for (const number of [1, 2]) {
		openConsentRound(doc, 'consent', emptyConsentTally());
		setConsentRound(
			doc,
			'consent',
			number,
			tallyConsent([
				{ perspective: 'wethouder', ballot: { answer: 'concern', reason: 'Let op' } },
				{ perspective: '', ballot: { answer: 'consent', reason: '' } }
			]),
			[{ answer: 'concern', text: 'Let op' }]
		);
		closeConsentRound(doc, 'consent');
	}

	const board = addStep(doc, {
		id: 'board',
		kind: 'dilemmas',
		title: 'Dilemma’s',
		template: bornTemplate,
		locale: 'nl'
	});
	for (const id of ['c1', 'c2', 'c3']) {
		addCard(board, {
			id,
			text: `Kaart ${id}`,
			poleA: 'A',
			poleB: 'B',
			author: '',
			createdAt: TIME
		});
	}
	moveCard(board, 'c1', 'besturingsparadox');
	stackCard(board, 'c2', 'c1');
	addCluster(board, 'extra', 'Extra');
	board.set('dotTally', { voters: 2, byCard: { c1: 3, c2: 1, c3: 2 } });
	setPrivateDotTally(own, 'board', { voters: 2, byCard: { c1: 3, c2: 1, c3: 2 } });
	// A moderated card: its texts are in the facilitators' document only.
	setHiddenCard(own, 'c3', { text: 'Kaart c3', poleA: 'A', poleB: 'B', author: 'Anna' });
	updateCard(board, 'c3', { hidden: true, text: '', poleA: '', poleB: '', author: '' });

	const plan = addStep(doc, {
		id: 'plan',
		kind: 'plan',
		title: 'Jaarplan',
		year: 2027,
		regions: [
			{ id: 'ijmond', label: 'IJmond' },
			{ id: 'haarlemmermeer', label: 'Haarlemmermeer' }
		]
	});
	addPlanItem(plan, {
		id: 'i1',
		createdAt: TIME,
		theme: 'Samen leren',
		intensity: 2,
		quarters: ['q1', 'q3'],
		optedOut: ['ijmond'],
		source: {
			stepId: 'board',
			clusterId: 'besturingsparadox',
			cluster: 'Besturingsparadox',
			cardIds: ['c1', 'c2'],
			dilemmas: ['Kaart c1', 'Kaart c2'],
			dots: 4
		}
	});
	// Made while the board's dots were hidden: no dots yet.
	addPlanItem(plan, {
		id: 'i2',
		createdAt: TIME,
		source: {
			stepId: 'board',
			clusterId: 'extra',
			cluster: 'Extra',
			cardIds: ['c3'],
			dilemmas: ['Kaart c3']
		}
	});

	setPrevious(doc, {
		id: 'earlier',
		title: 'Leersessie 0',
		createdAt: TIME - DAY,
		outcome: positioningOutcome(readSteps(doc), readPositioningPolls(doc))
	});
	activateStep(doc, 'single');
	return { doc, own };
}

const session = (): Y.Doc => sessionDocs().doc;

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T =>
	list[Math.floor(random() * list.length)]!;

// ---------------------------------------------------------------------------------------------
// Odd values, and where to put them

/** Keys the model reads somewhere, so that a write at a new key often lands where one looks. */
const KEYS = (
	'kind title options mode tally status visibility revealed round budget endsAt proposal ' +
	'rounds reasons number clusters cards clusterOrder dots dotTally byCard items itemOrder ' +
	'regions source intensity quarters optedOut createdAt joinedAt name perspective id ' +
	'label level description voters counts byPerspective totals now desired changes ' +
	'previous outcome poll consent stepId leading lead schema currentStep stackedOn cluster ' +
	'optionSet positioning governance ' +
	'order hidden text single board plan c1 i1 __proto__ toString'
).split(' ');

const NUMBERS = [0, -1, 1, 3, 2.5, NaN, Infinity, -Infinity, 1e308, -1e308, 2 ** 53];
const STRINGS = [
	'',
	'x',
	'NaN',
	'Infinity',
	'1e999',
	'12',
	'__proto__',
	'constructor',
	'toString',
	'poll',
	'consent',
	'dilemmas',
	'plan',
	'quiz',
	'unsorted',
	'single',
	'nowDesired',
	'open',
	'closed',
	'hidden',
	'c1',
	'<b>x</b>\n- y'
];

/** A value JSON (and Yjs' plain values) can hold, nested up to `depth`. */
function plainValue(random: Random, depth: number, inList = false): unknown {
	const roll = random();
	if (roll < 0.25) return pick(random, NUMBERS);
	if (roll < 0.45) return pick(random, STRINGS);
	if (roll < 0.5) return null;
	if (roll < 0.55) return random() < 0.5;
	// Yjs keeps `undefined` and BigInt in a map, but refuses them as elements of a list.
	if (roll < 0.58 && !inList) return random() < 0.5 ? undefined : 10n;
	if (roll < 0.66) return hostileValue(random);
	if (depth <= 0) return pick(random, STRINGS);
	if (roll < 0.83) {
		return Array.from({ length: Math.floor(random() * 5) }, () => plainValue(random, depth - 1));
	}
	const object: Record<string, unknown> = {};
	for (let i = Math.floor(random() * 5); i > 0; i--) {
		defineOwn(object, pick(random, KEYS), plainValue(random, depth - 1));
	}
	return object;
}

/** Objects as a parser or a hostile client makes them, with keys that objects answer to. */
function hostileValue(random: Random): unknown {
	const values = [
		'{"__proto__": 1, "id": "a", "label": "b", "title": "c"}',
		'{"__proto__": {"id": "x", "voters": 7, "title": "t", "label": "l", "kind": "poll"}}',
		'{"id": "toString", "title": "t", "label": "l", "level": 1}',
		'{"toString": 1, "valueOf": 1, "id": "v"}',
		'[{"constructor": 1, "id": "constructor"}]',
		'{"voters": 3, "byPerspective": {"__proto__": {"voters": 1}, "toString": {"consent": 1}},' +
			' "totals": {"valueOf": 5, "a": "7"}, "counts": {"consent": "1"}, "byCard": {"c1": null}}'
	];
	return JSON.parse(pick(random, values));
}

/** A shared type (or a subdocument or bytes) where a plain value or another type belongs. */
function sharedValue(random: Random): unknown {
	switch (Math.floor(random() * 8)) {
		case 0:
			return new Y.Map<unknown>([['kind', pick(random, ['poll', 'consent', 'dilemmas', 'plan'])]]);
		case 1:
			return Y.Array.from<string | number | null>([1, 'x', null]);
		case 2:
			return new Y.Text('tekst');
		case 3:
			return new Y.XmlFragment();
		case 4:
			return new Y.XmlElement('p');
		case 5:
			return new Y.XmlText('xml');
		case 6:
			return new Uint8Array([1, 2, 3]);
		default:
			return new Y.Doc();
	}
}

const randomValue = (random: Random, inList = false): unknown =>
	random() < 0.25 ? sharedValue(random) : plainValue(random, 3, inList);

const isContainer = (value: unknown): value is object =>
	typeof value === 'object' && value !== null && !(value instanceof Uint8Array);

/** A copy of a plain value with one thing at a random depth replaced. */
function changedWithin(random: Random, value: object): unknown {
	const copy: object = structuredClone(value);
	let target: Record<string, unknown> = copy as Record<string, unknown>;
	for (;;) {
		const keys = Object.keys(target);
		const key = keys.length > 0 && random() < 0.8 ? pick(random, keys) : pick(random, KEYS);
		const child = target[key];
		if (isContainer(child) && random() < 0.6) {
			target = child as Record<string, unknown>;
			continue;
		}
		// A key named `constructor` on the outermost object would make Yjs refuse the value.
		if (target === copy && key === 'constructor') return copy;
		defineOwn(target, key, plainValue(random, 2));
		return copy;
	}
}

/** Every shared map and list of a session, from the top-level ones down. */
function sharedContainers(doc: Y.Doc, own?: Y.Doc): (Y.Map<unknown> | Y.Array<unknown>)[] {
	const found: (Y.Map<unknown> | Y.Array<unknown>)[] = [];
	const visit = (type: Y.Map<unknown> | Y.Array<unknown>): void => {
		found.push(type);
		const children = type instanceof Y.Map ? [...type.values()] : type.toArray();
		for (const child of children) {
			if (child instanceof Y.Map || child instanceof Y.Array) visit(child);
		}
	};
	for (const name of ['meta', 'participants', 'steps']) visit(doc.getMap(name));
	for (const name of ['perspectives', 'options', 'paradoxes', 'intensities', 'stepOrder']) {
		visit(doc.getArray(name));
	}
	if (own) for (const name of ['participants', 'results', 'hiddenCards']) visit(own.getMap(name));
	return found;
}

/** Overwrites (or adds, or deletes) one value somewhere in the documents. */
function scramble(random: Random, doc: Y.Doc, own?: Y.Doc): void {
	const container = pick(random, sharedContainers(doc, own));
	if (container instanceof Y.Map) {
		const keys = [...container.keys()];
		const key = keys.length > 0 && random() < 0.8 ? pick(random, keys) : pick(random, KEYS);
		const current: unknown = container.get(key);
		if (random() < 0.1) container.delete(key);
		else if (isPlain(current) && random() < 0.6) {
			container.set(key, changedWithin(random, current));
		} else container.set(key, randomValue(random));
		return;
	}
	const index = Math.floor(random() * (container.length + 1));
	const current: unknown = index < container.length ? container.get(index) : undefined;
	const next =
		isPlain(current) && random() < 0.6 ? changedWithin(random, current) : randomValue(random, true);
	if (index < container.length && random() < 0.8) container.delete(index, 1);
	container.insert(index, [next]);
}

const isPlain = (value: unknown): value is object =>
	Array.isArray(value) || (isContainer(value) && Object.getPrototypeOf(value) === Object.prototype);

/** Runs the model's changes on whatever the documents hold now; none may throw. */
function change(random: Random, doc: Y.Doc, own: Y.Doc): void {
	const steps = ['single', 'points', 'nowDesired', 'hidden', 'consent', 'board', 'plan', 'nope'];
	const cards = ['c1', 'c2', 'c3', 'c9', '__proto__', 'toString'];
	const clusters = ['unsorted', 'besturingsparadox', 'extra', 'nope', 'constructor'];
	const board = stepMap(doc, 'board');
	if (board) {
		moveCard(board, pick(random, cards), pick(random, clusters), pick(random, [...cards, '']));
		stackCard(board, pick(random, cards), pick(random, cards));
		unstackCard(board, pick(random, cards));
		updateCard(board, pick(random, cards), { text: 'Nieuw', hidden: random() < 0.5 });
		addCard(board, { id: 'c9', text: 'Later', poleA: '', poleB: '', author: '', createdAt: TIME });
		addCluster(board, 'later', 'Later');
		renameCluster(board, pick(random, clusters), 'Anders');
		moveCluster(board, pick(random, clusters), Math.floor(random() * 4));
		if (random() < 0.3) removeCluster(board, pick(random, clusters));
		hasCluster(board, pick(random, clusters));
		readCard(board, pick(random, cards));
		const read = readStep(doc, 'board');
		if (read?.kind === 'dilemmas') {
			const copy = { id: 'copy', kind: 'dilemmas', title: 'Kopie', locale: 'nl' } as const;
			copyBoard(addStep(doc, { ...copy, template: bornTemplate }), read);
		}
	}
	const plan = stepMap(doc, 'plan');
	if (plan) {
		const items = ['i1', 'i2', 'i9', '__proto__'];
		addPlanItem(plan, { id: 'i9', createdAt: TIME, theme: 'Later' });
		updatePlanItem(plan, pick(random, items), {
			intensity: 3,
			status: 'check',
			quarters: { q2: true, q1: false },
			regions: { ijmond: true, haarlemmermeer: false }
		});
		movePlanItem(plan, pick(random, items), 0);
		planItemText(plan, pick(random, items), pick(random, PLAN_TEXT_FIELDS));
		hasPlanItem(plan, pick(random, items));
		readPlanItem(plan, pick(random, items));
		if (random() < 0.3) removePlanItem(plan, pick(random, items));
	}
	const poll = newPoll(bornTemplate, 'nl', 'x');
	setPollTally(
		doc,
		pick(random, steps),
		tallyPoll('single', poll.options, [{ perspective: 'gi', ballot: { choice: 'leernetwerk' } }])
	);
	setStepFields(doc, pick(random, steps), { status: 'open', revealed: true });
	openConsentRound(doc, pick(random, steps), emptyConsentTally());
	setConsentRound(doc, 'consent', Math.floor(random() * 4), emptyConsentTally(), []);
	setConsentTally(doc, pick(random, steps), emptyConsentTally());
	closeConsentRound(doc, pick(random, steps));
	proposalText(doc, pick(random, steps));
	updateParticipant(own, pick(random, ['p1', 'p2', 'p3', 'nope']), { name: 'Bo' });
	setPrivatePollTally(
		own,
		doc,
		pick(random, steps),
		tallyPoll('single', poll.options, [{ perspective: '', ballot: { choice: 'leernetwerk' } }])
	);
	setPrivateDotTally(own, pick(random, steps), { voters: 1, byCard: { c1: 1 } });
	setHiddenCard(own, pick(random, cards), { text: 'Verborgen', poleA: '', poleB: '', author: '' });
	if (random() < 0.3) forgetHiddenCard(own, pick(random, cards));
	moveStep(doc, pick(random, steps), Math.floor(random() * 8));
	if (random() < 0.2) removeStep(doc, pick(random, steps));
}

/** A copy of the document as another device decodes it from the wire. */
function decoded(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

// ---------------------------------------------------------------------------------------------
// What a well-formed snapshot is

/** A check lists what is wrong with a value, each problem with its path. */
type Check = (value: unknown, path: string) => string[];

const show = (value: unknown): string => {
	try {
		return typeof value === 'bigint' ? `${value}n` : String(JSON.stringify(value));
	} catch {
		return Object.prototype.toString.call(value);
	}
};

const is =
	(test: (value: unknown) => boolean, what: string): Check =>
	(value, path) =>
		test(value) ? [] : [`${path} is not ${what}: ${show(value)}`];

const string = is((v) => typeof v === 'string', 'a string');
const number = is((v) => typeof v === 'number' && Number.isFinite(v), 'a finite number');
const time = is((v) => typeof v === 'number' && Math.abs(v) <= 8.64e15, 'a time');
const boolean = is((v) => typeof v === 'boolean', 'a boolean');
const id = is((v) => typeof v === 'string' && !isReservedName(v), 'an id');
const literal = (...values: unknown[]): Check =>
	is((v) => values.includes(v), `one of ${values.join(', ')}`);

/** A plain object, as the readers build them: nothing but the prototype every object has. */
const plain = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

function list(item: Check, unique = false): Check {
	return (value, path) => {
		if (!Array.isArray(value)) return [`${path} is not an array: ${show(value)}`];
		const problems = value.flatMap((element, i) => item(element, `${path}[${i}]`));
		const ids = value.map((element) => (plain(element) ? element.id : undefined));
		if (unique && new Set(ids).size !== ids.length) problems.push(`${path} repeats an id`);
		return problems;
	};
}

function record(item: Check): Check {
	return (value, path) => {
		if (!plain(value)) return [`${path} is not a plain object: ${show(value)}`];
		return Object.entries(value).flatMap(([key, element]) => [
			...(isReservedName(key) ? [`${path} has the key ${key}`] : []),
			...item(element, `${path}.${key}`)
		]);
	};
}

/** An object with exactly these fields; an optional one may also be missing or undefined. */
function object(fields: Record<string, Check>, optional: Record<string, Check> = {}): Check {
	return (value, path) => {
		if (!plain(value)) return [`${path} is not a plain object: ${show(value)}`];
		const known = (key: string) => Object.hasOwn(fields, key) || Object.hasOwn(optional, key);
		return [
			...Object.keys(value)
				.filter((key) => !known(key))
				.map((key) => `${path}.${key} is not expected`),
			...Object.entries(fields).flatMap(([key, check]) => check(value[key], `${path}.${key}`)),
			...Object.entries(optional).flatMap(([key, check]) =>
				value[key] === undefined ? [] : check(value[key], `${path}.${key}`)
			)
		];
	};
}

const totals = record(number);
const tallyPart = object({ voters: number }, { totals, now: totals, desired: totals });
/** The perspectives of a merged group: ids, or '' for those without one. */
const perspectiveList = list(is((v) => v === '' || typeof v === 'string', 'a perspective'));
const mergedPart = object(
	{ voters: number, perspectives: perspectiveList },
	{ totals, now: totals, desired: totals }
);
const pollTally = object(
	{ voters: number },
	{
		totals,
		now: totals,
		desired: totals,
		byPerspective: record(tallyPart),
		merged: mergedPart,
		changes: number
	}
);
const consentCounts = object({ consent: number, concern: number, objection: number });
const consentTally = object(
	{ voters: number, counts: consentCounts, byPerspective: record(consentCounts) },
	{ merged: object({ perspectives: perspectiveList, counts: consentCounts }) }
);
const option = object({ id, title: string, description: string });
const pollMode = literal('single', 'points', 'nowDesired');
const pollStatus = literal('draft', 'open', 'closed');
const visibility = literal('live', 'hidden');

const pollStep = object({
	id: string,
	kind: literal('poll'),
	title: string,
	optionSet: id,
	question: string,
	nowQuestion: string,
	desiredQuestion: string,
	options: list(option, true),
	mode: pollMode,
	budget: number,
	visibility,
	status: pollStatus,
	revealed: boolean,
	round: number,
	endsAt: time,
	tally: pollTally
});

const consentStep = object({
	id: string,
	kind: literal('consent'),
	title: string,
	proposal: string,
	rounds: list(
		object({
			number,
			proposal: string,
			status: literal('open', 'closed'),
			tally: consentTally,
			reasons: list(object({ answer: literal('concern', 'objection'), text: string }))
		})
	)
});

const dilemmaStep = object({
	id: string,
	kind: literal('dilemmas'),
	title: string,
	prompt: string,
	postingLocked: boolean,
	participantsMayMove: boolean,
	clusters: list(object({ id, title: string, description: string }), true),
	cards: list(
		object({
			id,
			text: string,
			poleA: string,
			poleB: string,
			author: string,
			hidden: boolean,
			cluster: id,
			order: string,
			stackedOn: string,
			createdAt: time
		}),
		true
	),
	dots: object({
		status: pollStatus,
		perParticipant: number,
		perCard: number,
		visibility,
		revealed: boolean,
		round: number
	}),
	dotTally: object({ voters: number }, { byCard: totals, changes: number })
});

const planItem = object(
	{
		id: string,
		...Object.fromEntries(PLAN_TEXT_FIELDS.map((field) => [field, string])),
		intensity: literal(0, 1, 2, 3, 4),
		scale: literal('', ...PLAN_SCALES),
		quarters: list(literal(...QUARTERS)),
		optedOut: list(string),
		status: literal(...PLAN_STATUSES),
		createdAt: time
	},
	{
		source: object(
			{
				stepId: string,
				clusterId: string,
				cluster: string,
				cardIds: list(string),
				dilemmas: list(string)
			},
			{ dots: number }
		)
	}
);

const planStep = object({
	id: string,
	kind: literal('plan'),
	title: string,
	year: number,
	pollId: string,
	consentId: string,
	regions: list(object({ id, label: string }), true),
	items: list(planItem, true)
});

const step: Check = (value, path) => {
	const kind = plain(value) ? value.kind : undefined;
	if (kind === 'poll') return pollStep(value, path);
	if (kind === 'consent') return consentStep(value, path);
	if (kind === 'dilemmas') return dilemmaStep(value, path);
	if (kind === 'plan') return planStep(value, path);
	return [`${path} is not a step: ${show(value)}`];
};

const pollOutcome = object({
	stepId: string,
	title: string,
	question: string,
	mode: pollMode,
	options: list(option, true),
	tally: pollTally,
	leading: list(string)
});
const consentOutcome = object({
	stepId: string,
	title: string,
	round: number,
	proposal: string,
	status: literal('open', 'closed'),
	counts: consentCounts,
	consented: boolean
});

const snapshotShape = object(
	{
		id: string,
		schema: number,
		title: string,
		locale: literal('nl', 'en'),
		template: string,
		joinCode: string,
		createdAt: time,
		currentStep: string,
		privacy: object({ open: boolean, threshold: number }),
		steps: list(step, true),
		perspectives: list(object({ id, label: string }), true),
		options: list(option, true),
		paradoxes: list(option, true),
		intensities: list(object({ level: number, label: string })),
		participants: list(object({ id: string, name: string, perspective: id, joinedAt: time }), true),
		counts: object({ total: number, byPerspective: record(number), unassigned: number })
	},
	{
		previous: object({
			id: string,
			title: string,
			createdAt: time,
			outcome: object(
				{},
				{ poll: pollOutcome, consent: consentOutcome, lead: literal('poll', 'consent') }
			)
		})
	}
);

/**
 * Reads a session the way phones, the server and the exports do: the shared document on its
 * own, and with the facilitators' document on top (as server/snapshot.ts puts them together);
 * returns the latter and what is not well-formed in either.
 */
function readAll(doc: Y.Doc, own = new Y.Doc()): { snapshot: SessionSnapshot; problems: string[] } {
	const shared = readSnapshot(doc, 's1');
	const withOwn = readSnapshot(doc, 's1', own);
	const snapshot: SessionSnapshot = {
		...withOwn,
		steps: withOwn.steps.map((step) => {
			if (step.kind === 'poll') {
				const tally = readPrivatePollTally(own, doc, step.id);
				return tally ? { ...step, tally } : step;
			}
			if (step.kind === 'dilemmas') {
				const dotTally = readPrivateDotTally(own, step.id) ?? step.dotTally;
				return { ...step, dotTally, cards: withHiddenTexts(step.cards, own) };
			}
			return step;
		})
	};
	for (const read of [shared, snapshot]) {
		for (const locale of ['nl', 'en'] as const) {
			renderMarkdown(buildReport(read, { locale, now: TIME }));
			renderCsv(read, locale);
		}
	}
	const hidden = [...readHiddenCards(own)].flatMap(([id, card]) =>
		object({ text: string, poleA: string, poleB: string, author: string })(card, `hidden.${id}`)
	);
	return {
		snapshot,
		problems: [
			...snapshotShape(shared, 'shared'),
			...snapshotShape(snapshot, 'snapshot'),
			...hidden
		]
	};
}

// ---------------------------------------------------------------------------------------------

describe('reading a session document', () => {
	it('reads the session the tests start from as well-formed', () => {
		const { doc, own } = sessionDocs();
		const { snapshot, problems } = readAll(doc, own);
		expect(problems).toEqual([]);
		expect(snapshot.participants.map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
		expect(readSnapshot(doc, 's1').participants).toEqual([]);
		expect(readSnapshot(doc, 's1').counts).toEqual(snapshot.counts);
		expect(snapshot.steps.find((s) => s.id === 'hidden')).toMatchObject({
			tally: { voters: 2, totals: expect.any(Object) }
		});
		expect(snapshot.steps.map((s) => s.kind)).toEqual([
			'poll',
			'poll',
			'poll',
			'poll',
			'consent',
			'dilemmas',
			'plan'
		]);
		expect(snapshot.previous?.outcome.poll?.tally.voters).toBeGreaterThan(0);
	});

	it('never throws and always reads well-formed data, whatever is stored where (200 seeds)', () => {
		const prototype = Object.getOwnPropertyNames(Object.prototype);
		for (let seed = 1; seed <= 200; seed++) {
			const random = seededRandom(seed);
			const { doc, own } = sessionDocs();
			try {
				for (let n = 1 + Math.floor(random() * 6); n > 0; n--) scramble(random, doc, own);
				expect(readAll(doc, own).problems, 'as written').toEqual([]);
				expect(readAll(decoded(doc), decoded(own)).problems, 'as decoded').toEqual([]);
				change(random, doc, own);
				expect(readAll(doc, own).problems, 'after changes').toEqual([]);
				expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototype);
			} catch (error) {
				throw new Error(`seed ${seed}: ${String(error)}`, { cause: error });
			}
		}
	});

	it('reads a poll tally with a number where the perspectives belong as totals without a breakdown', () => {
		const doc = session();
		stepMap(doc, 'single')!.set('tally', [3, [1, 2], 5, 7]);
		expect((readStep(doc, 'single') as PollStep).tally).toEqual({
			voters: 3,
			totals: { ontmoetingsplaats: 1, leernetwerk: 2, facilitator: 0, 'bestuurlijk-hart': 0 }
		});
		// Totals that are no list are no counts at all.
		stepMap(doc, 'single')!.set('tally', [3, 'veel', ['gi'], [[1, 1]]]);
		expect((readStep(doc, 'single') as PollStep).tally).toEqual({ voters: 3 });
	});

	it('counts a value in a tally that is not a number as 0, and drops odd perspectives', () => {
		const doc = session();
		stepMap(doc, 'single')!.set('tally', [2, [1, 'x', null, NaN], ['gi', 5], [[1, 1, '2'], 'y']]);
		const { tally } = readStep(doc, 'single') as PollStep;
		expect(tally).toEqual({
			voters: 2,
			totals: { ontmoetingsplaats: 1, leernetwerk: 0, facilitator: 0, 'bestuurlijk-hart': 0 },
			byPerspective: {
				gi: {
					voters: 1,
					totals: { ontmoetingsplaats: 1, leernetwerk: 0, facilitator: 0, 'bestuurlijk-hart': 0 }
				}
			}
		});
	});

	it('leaves out a step of an unknown kind', () => {
		const doc = session();
		stepMap(doc, 'hidden')!.set('kind', 'quiz');
		stepMap(doc, 'points')!.delete('kind');
		expect(readStep(doc, 'hidden')).toBeUndefined();
		expect(readSteps(doc).map((s) => s.id)).toEqual([
			'single',
			'nowDesired',
			'consent',
			'board',
			'plan'
		]);
	});

	it('leaves out a step whose map is something else', () => {
		const doc = session();
		doc.getMap('steps').set('single', new Y.Text('poll'));
		doc.getMap('steps').set('points', 'poll');
		expect(stepMap(doc, 'single')).toBeUndefined();
		expect(readSteps(doc).map((s) => s.id)).not.toContain('single');
		expect(readSteps(doc).map((s) => s.id)).not.toContain('points');
		setPollTally(doc, 'single', { voters: 1 });
	});

	it('gives a dilemma step whose cards map is a Y.Text no cards, and changes to it do nothing', () => {
		const doc = session();
		const board = stepMap(doc, 'board')!;
		board.set('cards', new Y.Text('kaarten'));
		expect((readStep(doc, 'board') as DilemmaStep).cards).toEqual([]);
		addCard(board, { id: 'c4', text: 'Nieuw', poleA: '', poleB: '', author: '', createdAt: TIME });
		moveCard(board, 'c1', 'extra');
		removeCluster(board, 'besturingsparadox');
		expect(board.get('cards')).toBeInstanceOf(Y.Text);
		expect((readStep(doc, 'board') as DilemmaStep).clusters.map((c) => c.id)).not.toContain(
			'besturingsparadox'
		);
	});

	it('reads odd cards, clusters and dots field by field', () => {
		const doc = session();
		const board = stepMap(doc, 'board')!;
		const cards = board.get('cards') as Y.Map<unknown>;
		cards.set('c3', { text: 5, hidden: 'yes', cluster: 'extra', createdAt: 'gisteren' });
		cards.set('c4', 'kaart');
		(board.get('clusters') as Y.Map<unknown>).set('extra', 7);
		board.set('clusterOrder', new Y.Map());
		board.set('dots', { perCard: '9', status: 'open', round: NaN });
		board.set('dotTally', { voters: 2, byCard: { c1: 2, c3: '4', toString: 1 } });
		const step = readStep(doc, 'board') as DilemmaStep;
		expect(step.cards.find((c) => c.id === 'c3')).toEqual({
			id: 'c3',
			text: '',
			poleA: '',
			poleB: '',
			author: '',
			hidden: false,
			// Its cluster reads as absent, so the card shows in the unsorted pile.
			cluster: 'unsorted',
			order: '',
			stackedOn: '',
			createdAt: 0
		});
		expect(step.cards.map((c) => c.id)).not.toContain('c4');
		expect(step.clusters).toEqual([]);
		expect(step.dots).toEqual({
			status: 'open',
			perParticipant: 5,
			perCard: 3,
			visibility: 'live',
			revealed: false,
			round: 1
		});
		expect(step.dotTally).toEqual({ voters: 2, byCard: { c1: 2 } });
	});

	it('gives a plan whose item order is a map no items, and changes to its items do nothing', () => {
		const doc = session();
		const plan = stepMap(doc, 'plan')!;
		plan.set('itemOrder', new Y.Map());
		expect((readStep(doc, 'plan') as PlanStep).items).toEqual([]);
		addPlanItem(plan, { id: 'i3', createdAt: TIME });
		movePlanItem(plan, 'i1', 1);
		expect(plan.get('itemOrder')).toBeInstanceOf(Y.Map);
		expect(hasPlanItem(plan, 'i3')).toBe(false);
	});

	it('reads a plan item’s odd intensity, source and regions as absent or clamped', () => {
		const doc = session();
		const plan = stepMap(doc, 'plan')!;
		const item = (plan.get('items') as Y.Map<Y.Map<unknown>>).get('i1')!;
		item.set('intensity', 7.6);
		item.set('source', { stepId: 'board', cardIds: 'c1' });
		plan.set('regions', [{ id: 'ijmond', label: 'IJmond' }, { id: 3 }, 'regio', null]);
		(plan.get('items') as Y.Map<unknown>).set('i2', { theme: 'geen gedeelde map' });
		const read = readStep(doc, 'plan') as PlanStep;
		expect(read.items).toHaveLength(1);
		expect(read.items[0]).toMatchObject({ intensity: 4, source: undefined });
		expect(read.regions).toEqual([{ id: 'ijmond', label: 'IJmond' }]);
		updatePlanItem(plan, 'i2', { intensity: 1 });
		expect(planItemText(plan, 'i2', 'goal')).toBeUndefined();
	});

	it('skips participants that are not objects and reads missing fields as empty', () => {
		const { own: doc } = sessionDocs();
		const participants = doc.getMap('participants');
		participants.set('p4', 5);
		participants.set('p5', { name: 3 });
		participants.set('p6', null);
		participants.set('p7', { name: 'X', perspective: '__proto__', joinedAt: TIME + 9 });
		expect(readParticipants(doc).map((p) => p.id)).toEqual(['p5', 'p1', 'p2', 'p3', 'p7']);
		expect(readParticipants(doc)[0]).toEqual({ id: 'p5', name: '', perspective: '', joinedAt: 0 });
		expect(readParticipants(doc)[4]?.perspective).toBe('');
		updateParticipant(doc, 'p4', { name: 'Bo' });
		expect(participants.get('p4')).toBe(5);
	});

	it('keeps the parts of an earlier session’s outcome that read, and drops the rest', () => {
		const doc = session();
		const previous = readPrevious(doc)!;
		doc
			.getMap('meta')
			.set('previous', { ...previous, outcome: { poll: 5, consent: previous.outcome.consent } });
		expect(readPrevious(doc)?.outcome).toEqual({
			poll: undefined,
			consent: previous.outcome.consent,
			lead: 'consent'
		});
		doc.getMap('meta').set('previous', { id: 'x', title: 3, createdAt: 1, outcome: {} });
		expect(readPrevious(doc)).toBeUndefined();
	});

	it('reads the option set a poll was made from, and none from a poll of an older version', () => {
		const doc = session();
		expect(readStep(doc, 'single')).toMatchObject({ optionSet: 'positioning' });
		expect(readStep(doc, 'hidden')).toMatchObject({ optionSet: 'governance' });
		for (const odd of [undefined, 3, '__proto__', ['positioning'], { id: 'positioning' }]) {
			if (odd === undefined) stepMap(doc, 'single')!.delete('optionSet');
			else stepMap(doc, 'single')!.set('optionSet', odd);
			expect(readStep(doc, 'single'), JSON.stringify(odd)).toMatchObject({ optionSet: '' });
		}
	});

	it('reads which part of an earlier outcome heads it, working it out for an outcome of an older version', () => {
		const doc = session();
		const previous = readPrevious(doc)!;
		const consented = { ...previous.outcome.consent!, consented: true };
		const store = (outcome: Record<string, unknown>) =>
			doc.getMap('meta').set('previous', { ...previous, outcome });
		store({ ...previous.outcome, consent: consented, lead: 'poll' });
		expect(readPrevious(doc)?.outcome.lead).toBe('poll');
		// Frozen before outcomes said: a passed proposal leads, else a positioning poll.
		store({ poll: previous.outcome.poll, consent: consented });
		expect(readPrevious(doc)?.outcome.lead).toBe('consent');
		store({ poll: previous.outcome.poll, consent: { ...consented, consented: false } });
		expect(readPrevious(doc)?.outcome.lead).toBe('poll');
		for (const odd of ['quiz', 3, null, ['consent'], '__proto__']) {
			store({ poll: previous.outcome.poll, consent: consented, lead: odd });
			expect(readPrevious(doc)?.outcome.lead, JSON.stringify(odd)).toBe('consent');
		}
		// An older version froze whatever poll came last: a governance poll heads nothing.
		const governance = newPoll(bornTemplate, 'nl', 'governance', 'governance');
		store({
			poll: {
				...previous.outcome.poll,
				stepId: 'governance',
				title: governance.title,
				options: governance.options,
				leading: ['netwerkorganisatie']
			}
		});
		expect(readPrevious(doc)?.outcome.poll?.stepId).toBe('governance');
		expect(readPrevious(doc)?.outcome.lead).toBeUndefined();
	});

	it('never lets a stored key reach a prototype', () => {
		const doc = session();
		stepMap(doc, 'single')!.set(
			'tally',
			JSON.parse(
				'{"voters": 2, "totals": {"__proto__": {"polluted": 1}, "leernetwerk": 2},' +
					' "byPerspective": {"constructor": {"voters": 1}, "gi": {"voters": 1}}}'
			)
		);
		// Here the key stays data; decoded from the wire, it has made `totals` an odd object.
		expect((readStep(doc, 'single') as PollStep).tally).toEqual({
			voters: 2,
			totals: { leernetwerk: 2 },
			byPerspective: { gi: { voters: 1 } }
		});
		expect((readStep(decoded(doc), 'single') as PollStep).tally).toEqual({
			voters: 2,
			byPerspective: { gi: { voters: 1 } }
		});
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('reads top-level types that a hostile client made of another kind as empty', () => {
		const hostile = new Y.Doc();
		hostile.getArray('steps').push(['poll']);
		hostile.getMap('stepOrder').set('0', 'single');
		hostile.getText('participants').insert(0, 'p1');
		hostile.getMap('perspectives').set('id', 'wethouder');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(hostile));
		const { snapshot, problems } = readAll(doc);
		expect(problems).toEqual([]);
		expect(snapshot).toMatchObject({ steps: [], participants: [], perspectives: [] });
	});

	it('ignores an awareness state that is not an object', () => {
		const states = [null, { role: 'participant', participant: 'p1' }] as Record<string, unknown>[];
		expect(presentParticipantIds(states)).toEqual(new Set(['p1']));
	});
});
