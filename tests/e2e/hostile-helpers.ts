import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { credentialWebSocket } from '../../src/lib/sync/auth-frame';
import { isXmlSafe } from '../../src/lib/intents/clean-text';
import { intentSchemas, PROPOSAL_MAX, type IntentType } from '../../src/lib/intents/types';
import type { Check } from '../../src/lib/intents/validate';
import { planTextMax } from '../../src/lib/model/co-edited';
import { planItemText } from '../../src/lib/kinds/plan/model';
import { readStepIds, readSteps, stepMap } from '../../src/lib/model/steps';
import { proposalText } from '../../src/lib/kinds/consent/model';
import { PLAN_TEXT_FIELDS } from '../../src/lib/model/types';
import { loopbackAddress, sendFrom, webSocketFrom } from '../helpers/loopback';
import type { CreatedSession } from './api';

/** The projector's key, as the screen link carries it. */
export const screenKey = (session: CreatedSession): string =>
	new URL(session.links.screen).hash.replace('#key=', '');

export interface SyncedDoc {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** The close code of the first socket the server closed, once it did. */
	closed: Promise<number>;
	destroy(): void;
}

/**
 * A stock `WebsocketProvider` on the session's sync socket, as a browser would open it (from
 * `address` if given). Resolves once the first sync is done, or rejects if the server closes the
 * socket before that.
 */
export async function syncedDoc(
	url: string,
	sessionId: string,
	token: string,
	address?: string
): Promise<SyncedDoc> {
	const connection = connectDoc(url, sessionId, token, address);
	await Promise.race([
		connection.synced,
		connection.closed.then((code) => {
			throw new Error(`the server closed the socket before it synced (${code})`);
		})
	]);
	return connection;
}

/** Opens a provider without waiting: `synced` resolves with the first sync. */
export function connectDoc(
	url: string,
	sessionId: string,
	token: string,
	address?: string
): SyncedDoc & { synced: Promise<void> } {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${url.replace('http', 'ws')}/sync`, sessionId, doc, {
		WebSocketPolyfill: credentialWebSocket(
			token,
			address ? webSocketFrom(address) : (WebSocket as unknown as typeof globalThis.WebSocket)
		),
		disableBc: true
	});
	const closed = new Promise<number>((resolve) =>
		provider.on('connection-close', (event) => {
			if (event) resolve(event.code);
		})
	);
	const synced = new Promise<void>((resolve) =>
		provider.on('sync', (isSynced: boolean) => isSynced && resolve())
	);
	return {
		doc,
		provider,
		closed,
		synced,
		destroy() {
			// Yjs gives a doc a new client id when another writer used its id; the provider would
			// then fail to find its own presence, and throw before it closes the socket.
			doc.clientID = provider.awareness.clientID;
			provider.destroy();
			doc.destroy();
		}
	};
}

export interface HealthWatch {
	/** Stops watching; resolves with every failed check (status, error or timeout). */
	stop(): Promise<string[]>;
}

/**
 * Asks `/healthz` every `intervalMs` until stopped, from a loopback address of its own. A check
 * that fails, errs or takes longer than `timeoutMs` is recorded: the process stopped serving.
 */
export function watchHealth(url: string, intervalMs = 250, timeoutMs = 5_000): HealthWatch {
	const failures: string[] = [];
	let running = true;
	const check = (): Promise<void> =>
		new Promise((resolve) => {
			const started = Date.now();
			const req = httpRequest(
				`${url}/healthz`,
				{ localAddress: loopbackAddress(5000), agent: false, timeout: timeoutMs },
				(res) => {
					res.resume();
					res.on('end', () => {
						if (res.statusCode !== 200) failures.push(`status ${res.statusCode}`);
						resolve();
					});
				}
			);
			req.on('timeout', () => req.destroy(new Error(`no answer in ${Date.now() - started} ms`)));
			req.on('error', (error) => {
				failures.push(error.message);
				resolve();
			});
			req.end();
		});
	const loop = (async () => {
		while (running) {
			await check();
			await delay(intervalMs);
		}
	})();
	return {
		async stop() {
			running = false;
			await loop;
			return failures;
		}
	};
}

export const delay = (ms: number): Promise<void> =>
	new Promise((resolve) => setTimeout(resolve, ms));

type Random = () => number;

export const pick = <T>(random: Random, list: readonly T[]): T =>
	list[Math.floor(random() * list.length)]!;

const int = (random: Random, min: number, max: number): number =>
	min + Math.floor(random() * (max - min + 1));

/** Names the intents refuse as ids, and that a careless reader would use as a record's key. */
const RESERVED = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** Characters XML forbids, and controls that texts drop. */
const BAD_CHARACTERS = ['\u0000', '\u0008', '\u001F', '\uD800', '\uDFFF', '\uFFFE', '\uFFFF'];

/** Characters a text may hold, some of them unusual: astral, bidi, line breaks. */
const GOOD_CHARACTERS = ['a', 'Z', ' ', 'é', '€', '\n', '\t', '😀', '中', '<b>', '&amp;', '\u202E'];

function goodText(random: Random, length: number): string {
	let text = '';
	while (text.length < length) text += pick(random, GOOD_CHARACTERS);
	return text;
}

/** Any value a JSON body (or a Yjs map) could hold, shallow or nested. */
export function garbage(random: Random, depth = 0): unknown {
	const choice = int(random, 0, depth > 2 ? 9 : 13);
	switch (choice) {
		case 0:
			return int(random, -5, 5);
		case 1:
			return pick(random, [1e308, -1e308, 2 ** 53 + 1, 0.5, -0, 1e-320]);
		case 2:
			return pick(random, RESERVED);
		case 3:
			return '';
		case 4:
			return null;
		case 5:
			return random() < 0.5;
		case 6:
			return goodText(random, int(random, 1, 12));
		case 7:
			return pick(random, BAD_CHARACTERS) + 'x';
		case 8:
			return pick(random, ['poll', 'consent', 'board', 'plan', 'item', 'card', 'unsorted']);
		case 9:
			return 'x'.repeat(pick(random, [61, 65, 301, 5001]));
		case 10:
			return Array.from({ length: int(random, 0, 4) }, () => garbage(random, depth + 1));
		case 11:
		case 12: {
			const value: Record<string, unknown> = {};
			for (let i = int(random, 0, 3); i > 0; i--) {
				const key = random() < 0.3 ? pick(random, RESERVED) : pick(random, FIELDS);
				// A computed key makes an own `__proto__` property, as JSON.parse does.
				Object.assign(value, { [key]: garbage(random, depth + 1) });
			}
			return value;
		}
		default:
			return { ['__proto__']: { polluted: true }, id: 'poll', title: 'x' };
	}
}

/** Field names of the intents, and a few that no intent has. */
const FIELDS = [
	'stepId',
	'cardId',
	'itemId',
	'clusterId',
	'ontoCardId',
	'beforeCardId',
	'choice',
	'points',
	'now',
	'desired',
	'answer',
	'reason',
	'text',
	'poleA',
	'poleB',
	'showName',
	'title',
	'description',
	'index',
	'kind',
	'optionSet',
	'question',
	'nowQuestion',
	'desiredQuestion',
	'options',
	'mode',
	'budget',
	'visibility',
	'prompt',
	'postingLocked',
	'participantsMayMove',
	'year',
	'pollId',
	'consentId',
	'durationSec',
	'perParticipant',
	'perCard',
	'intensity',
	'scale',
	'status',
	'quarters',
	'regions',
	'source',
	'name',
	'perspective',
	'tally',
	'voters'
];

/** A plausible value for a field: ids that exist in the hostile sessions, small numbers. */
function plausible(random: Random, field: string): unknown {
	switch (field) {
		case 'stepId':
			return pick(random, ['poll', 'consent', 'board', 'plan']);
		case 'pollId':
		case 'consentId':
			return pick(random, ['poll', 'consent', '']);
		case 'cardId':
		case 'ontoCardId':
		case 'beforeCardId':
			return pick(random, ['card', 'card2', 'missing']);
		case 'itemId':
			return 'item';
		case 'clusterId':
			return pick(random, ['unsorted', 'besturingsparadox', 'missing']);
		case 'choice':
		case 'now':
		case 'desired':
			return pick(random, ['leernetwerk', 'facilitator', 'ontmoetingsplaats', 'nope']);
		case 'answer':
			return pick(random, ['consent', 'concern', 'objection']);
		case 'kind':
			return pick(random, ['poll', 'consent', 'dilemmas', 'plan']);
		case 'mode':
			return pick(random, ['single', 'points', 'nowDesired']);
		case 'visibility':
			return pick(random, ['live', 'hidden']);
		case 'scale':
			return pick(random, ['', 'gemeente', 'regio', 'bovenregionaal']);
		case 'status':
			return pick(random, ['plan', 'do', 'check', 'act']);
		case 'perspective':
			return pick(random, ['wethouder', 'aanbieder', 'nope']);
		case 'points':
			return { leernetwerk: int(random, 0, 12), facilitator: int(random, 0, 3) };
		case 'quarters':
			return { q1: random() < 0.5, q3: true };
		case 'regions':
			return { [pick(random, ['ijmond', 'haarlemmermeer', 'nope'])]: random() < 0.5 };
		case 'source':
			return random() < 0.5
				? { stepId: 'board', cardId: 'card' }
				: { stepId: 'board', clusterId: 'unsorted' };
		case 'optionSet':
			return pick(random, ['positioning', 'governance', 'nope']);
		case 'options':
			return [
				{ id: 'a', title: 'A' },
				{ id: 'b', title: 'B' }
			];
		case 'showName':
		case 'postingLocked':
		case 'participantsMayMove':
			return random() < 0.5;
		case 'year':
			return int(random, 1999, 2101);
		case 'index':
		case 'budget':
		case 'intensity':
		case 'perParticipant':
		case 'perCard':
		case 'durationSec':
			return int(random, -1, 25);
		default:
			return goodText(random, int(random, 0, 20));
	}
}

const INTENT_TYPES = Object.keys(intentSchemas) as IntentType[];

/**
 * The fields each intent type takes, found by asking its schema which of the known field names
 * it refuses as unknown, so the list follows the schemas.
 */
const FIELDS_OF = new Map(
	INTENT_TYPES.map((type) => {
		const check = intentSchemas[type] as Check<unknown>;
		const takes = (field: string): boolean => {
			const result = check({ [field]: null }, 'intent');
			return result.ok || result.path !== `intent.${field}` || result.problem !== 'is not allowed';
		};
		return [type, FIELDS.filter(takes)];
	})
);

/**
 * A random intent. Mostly well-formed (a known type with its own fields, plausible values and
 * now and then an odd one), so it gets past validation into the handlers; else a jumble of known
 * and unknown types, fields and values.
 */
export function randomIntent(random: Random, serial: number): Record<string, unknown> {
	const type = pick(random, INTENT_TYPES);
	const intent: Record<string, unknown> = {
		id: random() < 0.03 ? pick(random, RESERVED) : `f${serial}`,
		type
	};
	if (random() < 0.7) {
		for (const field of FIELDS_OF.get(type) ?? []) {
			if (field === 'stepId' || random() < 0.6) intent[field] = plausible(random, field);
		}
		if (random() < 0.2) {
			Object.assign(intent, { [pick(random, [...FIELDS, ...RESERVED])]: garbage(random) });
		}
		return intent;
	}
	if (random() < 0.2) intent.type = pick(random, [...RESERVED, 'poll', '', 'vote.cast ']);
	for (let i = int(random, 0, 4); i > 0; i--) {
		const field = random() < 0.1 ? pick(random, RESERVED) : pick(random, FIELDS);
		const value = random() < 0.6 ? plausible(random, field) : garbage(random);
		Object.assign(intent, { [field]: value });
	}
	if (random() < 0.05) delete intent.id;
	return intent;
}

/** A request body that is not an intent: broken JSON, deep nesting, too large, odd encodings. */
export function randomBody(random: Random): string {
	switch (int(random, 0, 7)) {
		case 0:
			return '{"id":"x","type":"vote.cast"';
		case 1:
			return '['.repeat(int(random, 1000, 30_000));
		case 2:
			return JSON.stringify({ id: 'big', type: 'dilemma.post', text: 'x'.repeat(70_000) });
		case 3:
			return '{"__proto__":{"isAdmin":true},"id":"p","type":"step.add","kind":"poll"}';
		case 4:
			return JSON.stringify(garbage(random));
		case 5:
			return '\uFEFF{"id":"bom","type":"poll.close","stepId":"poll"}';
		case 6:
			return `{"id":"dup","id":"again","type":"step.remove","stepId":"${pick(random, ['poll', 'plan'])}"}`;
		default:
			return '';
	}
}

/** Every shared type in `doc`, walked from its known top-level types. */
function sharedTypes(doc: Y.Doc): { maps: Y.Map<unknown>[]; arrays: Y.Array<unknown>[] } {
	const maps: Y.Map<unknown>[] = [];
	const arrays: Y.Array<unknown>[] = [];
	const visit = (value: unknown): void => {
		if (value instanceof Y.Map) {
			maps.push(value);
			for (const child of value.values()) visit(child);
		} else if (value instanceof Y.Array) {
			arrays.push(value);
			for (const child of value.toArray()) visit(child);
		}
	};
	for (const name of ['meta', 'steps', 'participants']) visit(doc.getMap(name));
	for (const name of ['stepOrder', 'perspectives', 'options', 'paradoxes', 'intensities']) {
		visit(doc.getArray(name));
	}
	return { maps, arrays };
}

/** The texts facilitators may co-edit: every consent proposal and every plan item's field. */
export function coEditedTexts(doc: Y.Doc): { text: Y.Text; limit: number }[] {
	const texts: { text: Y.Text; limit: number }[] = [];
	for (const id of readStepIds(doc)) {
		const proposal = proposalText(doc, id);
		if (proposal) texts.push({ text: proposal, limit: PROPOSAL_MAX });
		const map = stepMap(doc, id);
		const items = map?.get('items');
		if (!map || !(items instanceof Y.Map)) continue;
		for (const itemId of items.keys()) {
			for (const field of PLAN_TEXT_FIELDS) {
				const text = planItemText(map, itemId, field);
				if (text) texts.push({ text, limit: planTextMax(field) });
			}
		}
	}
	return texts;
}

/** A malformed poll tally, as older versions or a hostile client could have written it. */
function badTally(random: Random): unknown {
	return pick(random, [
		[3, [1, 2], 5, 7],
		[1, 2, 3, 4, 5],
		['x'],
		{ voters: '3', totals: [1] },
		[2, [1], ['__proto__'], [[1, 2]]],
		null,
		new Uint8Array([1, 2, 3])
	]);
}

/** A value for a map entry: plain garbage, or a shared type that no client may create. */
function mapValue(random: Random): unknown {
	switch (int(random, 0, 5)) {
		case 0:
			return new Y.Map();
		case 1:
			return new Y.Text('inserted');
		case 2:
			return new Y.Array();
		case 3:
			return badTally(random);
		default:
			return garbage(random);
	}
}

/**
 * Changes a facilitator's replica at random, as a hostile client would, so that its provider
 * sends real, valid Yjs updates: most of them touch what only intents may change, or put what a
 * text may not hold into a co-edited text; some are honest text edits, which must go through.
 * Returns what kind of change it made; `liveClients` are the ids of replicas still connected.
 */
export function randomEdit(
	doc: Y.Doc,
	random: Random,
	serial: number,
	liveClients: ReadonlySet<number> = new Set()
): string {
	const texts = coEditedTexts(doc);
	const target = texts.length > 0 ? pick(random, texts).text : undefined;
	const { maps, arrays } = sharedTypes(doc);
	const roll = random();
	if (target && roll < 0.3) {
		target.insert(int(random, 0, target.length), goodText(random, int(random, 1, 8)));
		return 'text';
	}
	if (target && roll < 0.38 && target.length > 0) {
		const at = int(random, 0, target.length - 1);
		target.delete(at, int(random, 1, target.length - at));
		return 'text delete';
	}
	if (target && roll < 0.44) {
		target.insert(int(random, 0, target.length), `x${pick(random, BAD_CHARACTERS)}y`);
		return 'bad character';
	}
	if (target && roll < 0.48) {
		if (target.length > 1) target.format(0, 1, { bold: true });
		else target.insert(0, 'b', { bold: true });
		return 'format';
	}
	if (target && roll < 0.51) {
		target.insertEmbed(int(random, 0, target.length), { image: 'x.png' });
		return 'embed';
	}
	if (target && roll < 0.54) {
		// Past the doubled limit, just past the update cap (256 KiB, within the frame cap of 257),
		// far past the frame cap.
		const length = pick(random, [20_000, 256 * 1024 + 500, 1_100_000]);
		target.insert(0, 'y'.repeat(length));
		return length > 257 * 1024 ? 'huge frame' : 'huge text';
	}
	if (roll < 0.66 && maps.length > 0) {
		const map = pick(random, maps);
		const keys = [...map.keys()];
		const key =
			keys.length > 0 && random() < 0.7
				? pick(random, keys)
				: pick(random, [...RESERVED, 'tally', 'kind', `k${serial}`]);
		map.set(key, mapValue(random));
		return 'map set';
	}
	if (roll < 0.72 && maps.length > 0) {
		const map = pick(random, maps);
		const keys = [...map.keys()];
		if (keys.length > 0) map.delete(pick(random, keys));
		return 'map delete';
	}
	if (roll < 0.8 && arrays.length > 0) {
		const array = pick(random, arrays);
		if (random() < 0.5 || array.length === 0) {
			array.insert(int(random, 0, array.length), [mapValue(random)]);
			return 'array insert';
		}
		array.delete(int(random, 0, array.length - 1), 1);
		return 'array delete';
	}
	if (roll < 0.84) {
		const poll = stepMap(doc, 'poll');
		poll?.set(pick(random, ['tally', 'kind', 'status', 'endsAt', 'options']), badTally(random));
		return 'poll';
	}
	if (roll < 0.88) {
		doc.getMap('participants').set(pick(random, ['p1', ...RESERVED]), garbage(random));
		return 'participant';
	}
	if (roll < 0.92) {
		const name = pick(random, ['junk', 'steps', 'meta', ...RESERVED]);
		// The top-level name may be taken by another type: Yjs then throws here, locally.
		if (random() < 0.5) doc.getText(`${name}-text`).insert(0, 'top');
		else doc.getMap(name).set('x', garbage(random));
		return 'top-level type';
	}
	if (roll < 0.96 && target) {
		// Speaks with another writer's client id (perhaps the server's), continuing its clocks. Not
		// with a live replica's: Yjs would give that one a new id, and say so on the console.
		const known = [...doc.store.clients.keys()].filter((client) => !liveClients.has(client));
		const own = doc.clientID;
		if (known.length > 0) doc.clientID = pick(random, known);
		try {
			target.insert(0, 'z');
		} finally {
			doc.clientID = own;
		}
		return 'borrowed client id';
	}
	const step = stepMap(doc, pick(random, ['poll', 'consent', 'board', 'plan']));
	step?.clear();
	return 'clear step';
}

/**
 * What a fresh client reads of a session must hold only what the server allows: the known
 * top-level types, and co-edited texts of plain, XML-safe characters within twice their limit.
 * Returns the problems found.
 */
export function documentProblems(doc: Y.Doc): string[] {
	const problems: string[] = [];
	const known = new Set([
		'meta',
		'steps',
		'participants',
		'stepOrder',
		'perspectives',
		'options',
		'paradoxes',
		'intensities'
	]);
	for (const name of doc.share.keys()) {
		if (!known.has(name)) problems.push(`unknown top-level type ${JSON.stringify(name)}`);
	}
	try {
		readSteps(doc);
	} catch (error) {
		problems.push(`reading the steps threw: ${String(error)}`);
	}
	for (const { text, limit } of coEditedTexts(doc)) {
		for (const part of text.toDelta() as { insert: unknown; attributes?: unknown }[]) {
			if (typeof part.insert !== 'string') problems.push('an embed in a co-edited text');
			else if (!isXmlSafe(part.insert)) problems.push('a character XML forbids in a text');
			if (part.attributes) problems.push('formatting in a co-edited text');
		}
		if (text.length > limit * 2) problems.push(`a text of ${text.length} characters`);
	}
	return problems;
}

export interface RawAnswer {
	/** The HTTP status, or 0 when the request failed (the error is in `body`). */
	status: number;
	body: string;
	headers: Record<string, string | string[] | undefined>;
}

/**
 * A request from the local address `from` whose answer is taken as it comes (an export is no
 * JSON); a request that fails answers status 0 instead of throwing.
 */
export async function rawRequest(
	from: string,
	url: string,
	options: { method?: string; body?: string; credential?: string } = {}
): Promise<RawAnswer> {
	try {
		const { status, text, headers } = await sendFrom(from, url, {
			method: options.method,
			rawBody: options.body,
			credential: options.credential
		});
		return { status, body: text, headers };
	} catch (error) {
		return { status: 0, body: (error as Error).message, headers: {} };
	}
}
