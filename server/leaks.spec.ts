import * as decoding from 'lib0/decoding';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { rankCards } from '../src/lib/kinds/dilemmas/model.ts';
import {
	readHiddenCard,
	readPrivateDotTally,
	readPrivatePollTally
} from '../src/lib/model/private-doc.ts';
import { readParticipants, readPrevious } from '../src/lib/model/session-doc.ts';
import { readStep } from '../src/lib/model/steps.ts';
import type { ConsentStep, DilemmaStep, PlanStep, PollStep, Step } from '../src/lib/model/types.ts';
import type { RankingStep } from '../src/lib/kinds/ranking/types.ts';
import { credentialWebSocket } from '../src/lib/sync/auth-frame.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { loopbackAddress, requestFrom } from '../tests/helpers/loopback.ts';
import {
	api,
	createSession,
	joinSession,
	sessionClient,
	startTestServer,
	type IntentAnswer
} from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';
import { MessageType, SyncMessageType } from './protocol.ts';

/*
 * Issue 11: the shared document, which every phone and the projector sync, holds only what every
 * participant may see. These tests listen on the wire as a phone and as the projector do, keep
 * every frame the server sends them, and search all of it (deleted structs included) for what
 * only facilitators may see; the facilitators' own document is the control that holds it.
 */

/** Everything a phone or the projector received, frame by frame, next to its synced doc. */
interface Recording {
	doc: Y.Doc;
	/** Every frame the server sent, as it came off the socket, in order. */
	frames: Uint8Array[];
	synced: Promise<void>;
}

function bytesOf(data: unknown): Uint8Array {
	if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data as Buffer[]));
	return new Uint8Array(data as Buffer);
}

/**
 * The stock y-websocket client, as the browser runs it, on a socket from `from` that copies every
 * frame it receives before the provider reads it.
 */
function record(server: { url: string }, room: string, token: string, from: string): Recording {
	const frames: Uint8Array[] = [];
	const Tapped = class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { localAddress: from });
			this.addEventListener('message', (event) => frames.push(bytesOf(event.data)));
		}
	};
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/sync`, room, doc, {
		WebSocketPolyfill: credentialWebSocket(token, Tapped as unknown as typeof globalThis.WebSocket),
		disableBc: true
	});
	provider.awareness.setLocalState({ online: true });
	const synced = new Promise<void>((resolve) => {
		if (provider.synced) resolve();
		provider.on('sync', (state: boolean) => state && resolve());
	});
	onTestFinished(() => {
		provider.destroy();
		doc.destroy();
	});
	return { doc, frames, synced };
}

/** The Yjs updates in a recording (sync step 2 and update messages), by frame. */
function syncUpdates(frames: readonly Uint8Array[]): { frame: number; update: Uint8Array }[] {
	const updates: { frame: number; update: Uint8Array }[] = [];
	frames.forEach((frame, index) => {
		const decoder = decoding.createDecoder(frame);
		if (decoding.readVarUint(decoder) !== MessageType.sync) return;
		const kind = decoding.readVarUint(decoder);
		if (kind === SyncMessageType.step2 || kind === SyncMessageType.update) {
			updates.push({ frame: index, update: decoding.readVarUint8Array(decoder) });
		}
	});
	return updates;
}

/** What a struct carries, whatever its kind; a deleted one that came without content, nothing. */
function valuesOf(content: Y.Item['content']): unknown[] {
	if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) return content.arr;
	if (content instanceof Y.ContentString) return [content.str];
	if (content instanceof Y.ContentEmbed) return [content.embed];
	if (content instanceof Y.ContentFormat) return [content.key, content.value];
	if (content instanceof Y.ContentBinary) return [Buffer.from(content.content).toString('utf8')];
	return [];
}

/** One update's structs as text, keys and values, deleted ones included (Y.decodeUpdate). */
function structText(update: Uint8Array): string {
	const { structs } = Y.decodeUpdate(update);
	return JSON.stringify(
		structs.flatMap((struct) =>
			struct instanceof Y.Item
				? [
						[
							typeof struct.parent === 'string' ? struct.parent : '',
							struct.parentSub,
							valuesOf(struct.content)
						]
					]
				: []
		)
	);
}

/** One value a document ever held: where (root name, then keys; `#` for a list), and what. */
interface Entry {
	path: string[];
	deleted: boolean;
	values: unknown[];
}

function pathOf(doc: Y.Doc, item: Y.Item): string[] {
	const path: string[] = [];
	for (let current: Y.Item | null = item; current;) {
		path.unshift(current.parentSub ?? '#');
		const parent = current.parent as Y.AbstractType<unknown>;
		current = parent._item;
		if (!current) {
			path.unshift([...doc.share].find(([, type]) => type === parent)?.[0] ?? '?');
		}
	}
	return path;
}

/**
 * Every value the updates ever set, overwritten and deleted ones too: replayed into a doc that
 * never collects garbage, so each struct keeps its key and whatever content it came with.
 */
function history(updates: readonly Uint8Array[]): Entry[] {
	const doc = new Y.Doc({ gc: false });
	for (const update of updates) Y.applyUpdate(doc, update);
	expect(doc.store.pendingStructs).toBeNull();
	const entries: Entry[] = [];
	for (const structs of doc.store.clients.values()) {
		for (const struct of structs) {
			if (!(struct instanceof Y.Item)) continue;
			entries.push({
				path: pathOf(doc, struct),
				deleted: struct.deleted,
				values: valuesOf(struct.content)
			});
		}
	}
	doc.destroy();
	return entries;
}

const step = <S extends Step>(doc: Y.Doc, id: string) => readStep(doc, id) as S | undefined;

const utf8 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/**
 * A recording read every way: its updates; every value they and the final doc ever held, with
 * its key; and all of it as text (the values, each update's structs, the raw frames).
 */
function readWire(recording: Pick<Recording, 'doc' | 'frames'>) {
	const updates = syncUpdates(recording.frames);
	const final = Y.encodeStateAsUpdate(recording.doc);
	const entries = history([...updates.map((u) => u.update), final]);
	const text = [
		JSON.stringify(entries),
		...updates.map((u) => structText(u.update)),
		...recording.frames.map(utf8)
	].join('\n');
	return { updates, entries, text, final };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A joined phone, sending intents from its own address. */
interface Phone {
	name: string;
	address: string;
	token: string;
	participantId: string;
	send(body: Record<string, unknown>, id?: string): Promise<IntentAnswer>;
}

/** Perspectives of the `born` template; the names are made to be found. */
const ROSTER = [
	{ name: 'Naam-Alpha-7Q', perspective: 'wethouder', atJoin: true },
	{ name: 'Naam-Bravo-3K', perspective: 'wethouder', atJoin: false },
	{ name: 'Naam-Charlie-9X', perspective: 'wethouder', atJoin: true },
	{ name: 'Naam-Delta-4M', perspective: 'aanbieder', atJoin: false },
	{ name: 'Naam-Echo-2W', perspective: 'aanbieder', atJoin: true },
	{ name: 'Naam-Foxtrot-8Z', perspective: 'gi', atJoin: false },
	{ name: 'Naam-Golf-5R', perspective: 'onderwijs', atJoin: true }
] as const;
const NEXT_NAME = 'Naam-Hotel-6V';
const NAMES = [...ROSTER.map((p) => p.name), NEXT_NAME];

/** Every text of the hidden card has this in it; the edit after the hide, the second. */
const HIDDEN = 'GEHEIM';
const EDITED_WHILE_HIDDEN = 'GEHEIM-nieuw-QRS';

const POLL = 'peiling';
const CONSENT = 'instemming';
const BOARD = 'bord';
const PLAN = 'jaarplan';

/** The board's visible cards in the order they were posted, which is the board's order. */
const BOARD_ORDER = ['kaart-een', 'kaart-twee', 'kaart-drie', 'kaart-vier', 'kaart-vijf'];

describe('what phones and the projector receive', () => {
	it("holds no participant's name or perspective, no hidden card text and no hidden count, at any moment", async () => {
		const server = await startTestServer();
		const session = await createSession(server, 'Lekproef');
		const { facilitator } = sessionClient(server, session);
		const ok = async (pending: Promise<IntentAnswer>) => {
			const answer = await pending;
			expect(answer.status, JSON.stringify(answer)).toBe(200);
		};

		// The projector, with the screen key from the facilitator's link.
		const links = await api<{ links: { screen: string } }>(
			server,
			'GET',
			`/api/sessions/${session.id}`,
			{ credential: session.facilitatorKey }
		);
		const screenKey = links.body.links.screen.split('#key=')[1] ?? '';
		expect(screenKey).toMatch(/^sk_/);
		const projector = record(server, session.id, screenKey, loopbackAddress(3_000));
		await projector.synced;

		// Seven phones, each from an address of its own; the first listens from the start.
		const phones: Phone[] = [];
		let phone: Recording | undefined;
		let intents = 0;
		for (const [i, { name, perspective, atJoin }] of ROSTER.entries()) {
			const address = loopbackAddress(3_001 + i);
			const joined = await joinSession(
				server,
				session.joinCode,
				atJoin ? { name, perspective } : {},
				address
			);
			const send = async (body: Record<string, unknown>, id = `leak-${++intents}`) => {
				const response = await requestFrom<Omit<IntentAnswer, 'status'>>(
					address,
					`${server.url}/api/sessions/${session.id}/intents`,
					{ method: 'POST', credential: joined.token, body: { id, ...body } }
				);
				return { status: response.status, ...response.body };
			};
			if (!atJoin) await ok(send({ type: 'participant.update', name, perspective }));
			phones.push({ name, address, ...joined, send });
			if (i === 0) {
				phone = record(server, session.id, joined.token, address);
				await phone.synced;
			}
		}
		const alpha = phone!;
		const [a, b, c, d, e, f, g] = phones as [Phone, Phone, Phone, Phone, Phone, Phone, Phone];
		const seen = (check: (doc: Y.Doc) => void) =>
			vi.waitFor(
				() => {
					check(projector.doc);
					check(alpha.doc);
				},
				{ timeout: 5_000, interval: 20 }
			);

		// A hidden poll: mixed votes, changed votes, and a perspective changed while it is open.
		await ok(facilitator({ type: 'step.add', kind: 'poll' }, POLL));
		await ok(facilitator({ type: 'step.update', stepId: POLL, visibility: 'hidden' }));
		await ok(facilitator({ type: 'poll.open', stepId: POLL }));
		const votes: [Phone, string][] = [
			[a, 'leernetwerk'],
			[b, 'leernetwerk'],
			[c, 'facilitator'],
			[d, 'bestuurlijk-hart'],
			[e, 'ontmoetingsplaats'],
			[f, 'leernetwerk'],
			[g, 'facilitator'],
			[c, 'bestuurlijk-hart'],
			[e, 'leernetwerk']
		];
		for (const [who, choice] of votes) {
			await ok(who.send({ type: 'vote.cast', stepId: POLL, choice }));
		}
		await ok(f.send({ type: 'participant.update', perspective: 'wethouder' }));
		await ok(b.send({ type: 'vote.cast', stepId: POLL, choice: 'ontmoetingsplaats' }));
		await seen((doc) => expect(step<PollStep>(doc, POLL)?.tally.voters).toBe(7));
		await ok(facilitator({ type: 'poll.close', stepId: POLL }));
		await seen((doc) => expect(step<PollStep>(doc, POLL)?.status).toBe('closed'));

		// A consent round with reasons.
		await ok(facilitator({ type: 'step.add', kind: 'consent' }, CONSENT));
		await ok(facilitator({ type: 'consent.open', stepId: CONSENT }));
		const answers: [Phone, string, string?][] = [
			[a, 'consent'],
			[b, 'concern', 'Reden-zorg-budget'],
			[c, 'objection', 'Reden-bezwaar-mandaat'],
			[d, 'consent'],
			[e, 'consent'],
			[f, 'concern', 'Reden-zorg-tijd'],
			[g, 'consent']
		];
		for (const [who, answer, reason] of answers) {
			await ok(
				who.send({ type: 'consent.respond', stepId: CONSENT, answer, ...(reason && { reason }) })
			);
		}
		await ok(facilitator({ type: 'consent.close', stepId: CONSENT }));
		await seen((doc) => {
			const round = step<ConsentStep>(doc, CONSENT)?.rounds[0];
			expect(round?.status).toBe('closed');
			expect(round?.reasons).toHaveLength(3);
		});

		// A dilemma board: one card is hidden (and then edited), another edited.
		await ok(facilitator({ type: 'step.add', kind: 'dilemmas' }, BOARD));
		const posts: [Phone, string, Record<string, string>][] = [
			[a, 'kaart-een', { text: 'Kaart-Een: sturen of loslaten?' }],
			[
				b,
				'kaart-geheim',
				{ text: 'GEHEIM-kaart-XYZ', poleA: 'GEHEIM-pool-A', poleB: 'GEHEIM-pool-B' }
			],
			[c, 'kaart-twee', { text: 'Kaart-Twee: snel of samen?' }],
			[d, 'kaart-drie', { text: 'Kaart-Drie: regio of gemeente?' }],
			[e, 'kaart-vier', { text: 'Kaart-Vier: preventie of zorg?' }],
			[f, 'kaart-vijf', { text: 'Kaart-Vijf: eigen budget of samen?' }]
		];
		for (const [who, id, fields] of posts) {
			await ok(who.send({ type: 'dilemma.post', stepId: BOARD, ...fields }, id));
		}
		await seen((doc) => expect(step<DilemmaStep>(doc, BOARD)?.cards).toHaveLength(6));
		await ok(facilitator({ type: 'dilemma.hide', stepId: BOARD, cardId: 'kaart-geheim' }));
		await ok(
			facilitator({
				type: 'dilemma.edit',
				stepId: BOARD,
				cardId: 'kaart-geheim',
				poleB: EDITED_WHILE_HIDDEN
			})
		);
		await ok(
			facilitator({
				type: 'dilemma.edit',
				stepId: BOARD,
				cardId: 'kaart-twee',
				text: 'Kaart-Twee (bewerkt): snel of samen?'
			})
		);
		await seen((doc) => {
			const cards = step<DilemmaStep>(doc, BOARD)?.cards ?? [];
			expect(cards.find((card) => card.id === 'kaart-geheim')).toMatchObject({
				hidden: true,
				text: '',
				poleA: '',
				poleB: ''
			});
			expect(cards.find((card) => card.id === 'kaart-twee')?.text).toContain('bewerkt');
		});
		// A phone that connects only now.
		const late = record(server, session.id, g.token, g.address);
		await late.synced;

		// Hidden dots, most of them on the cards posted last: the ranking is not the board's order.
		await ok(facilitator({ type: 'dots.open', stepId: BOARD, visibility: 'hidden' }));
		const dots: [Phone, string[]][] = [
			[a, ['kaart-vijf', 'kaart-vijf', 'kaart-vijf', 'kaart-vier', 'kaart-vier']],
			[b, ['kaart-vijf', 'kaart-vijf', 'kaart-vier', 'kaart-drie']],
			[c, ['kaart-vier', 'kaart-vier', 'kaart-drie']],
			[d, ['kaart-vijf', 'kaart-drie']],
			[e, ['kaart-twee']],
			[f, ['kaart-vijf', 'kaart-vier']],
			[g, ['kaart-een']]
		];
		for (const [who, cards] of dots) {
			for (const cardId of cards) {
				await ok(who.send({ type: 'dots.place', stepId: BOARD, cardId }));
			}
		}
		expect(
			await a.send({ type: 'dots.place', stepId: BOARD, cardId: 'kaart-geheim' })
		).toMatchObject({ status: 422 });
		await seen((doc) => expect(step<DilemmaStep>(doc, BOARD)?.dotTally.voters).toBe(7));
		await ok(facilitator({ type: 'dots.close', stepId: BOARD }));
		await seen((doc) => expect(step<DilemmaStep>(doc, BOARD)?.dots.status).toBe('closed'));

		// A plan made from the board while its dots are hidden: from a card, and from its pile.
		await ok(facilitator({ type: 'step.add', kind: 'plan' }, PLAN));
		await ok(
			facilitator(
				{ type: 'item.add', stepId: PLAN, source: { stepId: BOARD, cardId: 'kaart-vijf' } },
				'item-kaart'
			)
		);
		await ok(
			facilitator(
				{ type: 'item.add', stepId: PLAN, source: { stepId: BOARD, clusterId: 'unsorted' } },
				'item-stapel'
			)
		);
		await vi.waitFor(
			() => {
				for (const doc of [projector.doc, alpha.doc, late.doc]) {
					expect(step<PlanStep>(doc, PLAN)?.items).toHaveLength(2);
				}
			},
			{ timeout: 5_000, interval: 20 }
		);

		// The next session in the series, and a phone that joins it.
		const created = await api<{ id: string; joinCode: string; facilitatorKey: string }>(
			server,
			'POST',
			`/api/sessions/${session.id}/next`,
			{ credential: session.facilitatorKey, body: { title: 'Leersessie 2' } }
		);
		expect(created.status).toBe(201);
		const next = created.body;
		const hotelAddress = loopbackAddress(3_100);
		const hotel = await joinSession(
			server,
			next.joinCode,
			{ name: NEXT_NAME, perspective: 'ervaringsdeskundige' },
			hotelAddress
		);
		const nextPhone = record(server, next.id, hotel.token, hotelAddress);
		await nextPhone.synced;
		await vi.waitFor(() => expect(step<PlanStep>(nextPhone.doc, PLAN)?.items).toHaveLength(2), {
			timeout: 5_000,
			interval: 20
		});

		// The control: the facilitators' own document holds all of it.
		const own = connectSync(server, session.id, session.facilitatorKey, { channel: 'private' });
		await own.synced;
		const privateDoc = own.doc;
		await vi.waitFor(
			() => {
				expect(readParticipants(privateDoc).map((p) => p.name)).toEqual(ROSTER.map((p) => p.name));
				expect(readHiddenCard(privateDoc, 'kaart-geheim')).toEqual({
					text: 'GEHEIM-kaart-XYZ',
					poleA: 'GEHEIM-pool-A',
					poleB: EDITED_WHILE_HIDDEN,
					author: ''
				});
				const poll = readPrivatePollTally(privateDoc, projector.doc, POLL);
				expect(poll).toMatchObject({
					voters: 7,
					totals: { ontmoetingsplaats: 1, leernetwerk: 3, facilitator: 1, 'bestuurlijk-hart': 2 }
				});
				expect(poll?.byPerspective?.wethouder?.voters).toBe(4);
				expect(readPrivateDotTally(privateDoc, BOARD)).toEqual({
					voters: 7,
					byCard: {
						'kaart-een': 1,
						'kaart-twee': 1,
						'kaart-drie': 3,
						'kaart-vier': 6,
						'kaart-vijf': 7
					}
				});
			},
			{ timeout: 5_000, interval: 20 }
		);
		expect(readParticipants(privateDoc).find((p) => p.name === f.name)?.perspective).toBe(
			'wethouder'
		);
		const privateBytes = utf8(Y.encodeStateAsUpdate(privateDoc));
		for (const name of ROSTER.map((p) => p.name)) expect(privateBytes).toContain(name);
		expect(privateBytes).toContain('GEHEIM-kaart-XYZ');
		// Nobody but a facilitator may open that document.
		expect(
			await connectSync(server, session.id, a.token, { channel: 'private', from: a.address })
				.refused
		).toBe(CloseCode.unauthorized);
		expect(
			await connectSync(server, session.id, screenKey, {
				channel: 'private',
				from: loopbackAddress(3_000)
			}).refused
		).toBe(CloseCode.unauthorized);

		// The hidden ranking differs from the board's order, or the order check below means nothing.
		const board = step<DilemmaStep>(projector.doc, BOARD)!;
		const hiddenRanking = rankCards(
			board,
			readPrivateDotTally(privateDoc, BOARD)?.byCard ?? {}
		).overall.map((r) => r.card.id);
		expect(board.cards.filter((card) => !card.hidden).map((card) => card.id)).toEqual(BOARD_ORDER);
		expect(hiddenRanking).not.toEqual(BOARD_ORDER);

		const participantIds = phones.map((p) => p.participantId).concat(hotel.participantId);
		const recordings = { phone: alpha, projector, late, next: nextPhone };
		for (const [label, recording] of Object.entries(recordings)) {
			const { updates, entries, text, final } = readWire(recording);
			expect(updates.length, label).toBeGreaterThan(label === 'next' ? 0 : 5);

			// No names at all, not even the phone's own; no participant ids in the document.
			for (const name of NAMES) expect(text, `${label}: ${name}`).not.toContain(name);
			const dump = JSON.stringify(entries);
			for (const id of participantIds) expect(dump, `${label}: ${id}`).not.toContain(id);
			// No record per participant: the shared document's participants map stays empty.
			expect(
				entries.filter((entry) => entry.path[0] === 'participants'),
				label
			).toEqual([]);
			expect(
				!recording.doc.share.has('participants') || recording.doc.getMap('participants').size === 0,
				label
			).toBe(true);
			// Never, in any frame: the hidden card's words as edited while hidden.
			expect(text, label).not.toContain(EDITED_WHILE_HIDDEN);
			// The final document holds no hidden words, not even in deleted structs; a phone that
			// connected after the hide never received them at all.
			expect(utf8(final), label).not.toContain(HIDDEN);
			if (label === 'late' || label === 'next') expect(text, label).not.toContain(HIDDEN);

			const checked = new Set<string>();
			for (const { path, values } of entries) {
				const key = path.join('/');
				const where = `${label}: ${key}`;
				for (const value of values) {
					// The hidden poll's tally is only ever its number of voters, packed as `[voters]`.
					if (key === `steps/${POLL}/tally`) {
						expect(value, where).toEqual([expect.any(Number)]);
						checked.add('poll');
					}
					// The hidden dots: never a count per card.
					if (key === `steps/${BOARD}/dotTally` && isRecord(value)) {
						expect(Object.keys(isRecord(value.byCard) ? value.byCard : {}), where).toEqual([]);
						checked.add('dots');
					}
					// A plan item made while the dots were hidden: no dots, and not in their order.
					if (path.at(-1) === 'source' && isRecord(value)) {
						expect(value, where).not.toHaveProperty('dots');
						expect(value.cardIds, where).not.toEqual(hiddenRanking);
						checked.add('source');
					}
					// The next session: no outcome of a poll whose counts the room never saw.
					if (key === 'meta/previous' && isRecord(value)) {
						expect(isRecord(value.outcome) && value.outcome.poll, where).toBeFalsy();
						checked.add('previous');
					}
				}
			}
			// Each check above met what it checks.
			expect([...checked].sort(), label).toEqual(
				label === 'next' ? ['dots', 'previous', 'source'] : ['dots', 'poll', 'source']
			);
		}
		// The same reading finds what the facilitators' own document holds.
		const ownEntries = readWire({ doc: privateDoc, frames: [] }).entries;
		expect(ownEntries.some((entry) => entry.path[0] === 'participants')).toBe(true);
		for (const name of ROSTER.map((p) => p.name)) {
			expect(JSON.stringify(ownEntries)).toContain(name);
		}

		// Phones and the projector hold the hidden poll and dots as counts of voters only.
		for (const doc of [alpha.doc, projector.doc, late.doc]) {
			expect(step<PollStep>(doc, POLL)?.tally).toEqual({ voters: 7 });
			expect(step<DilemmaStep>(doc, BOARD)?.dotTally).toEqual({ voters: 7 });
			const items = step<PlanStep>(doc, PLAN)?.items ?? [];
			expect(items.map((item) => item.id)).toEqual(['item-kaart', 'item-stapel']);
			expect(items[0]?.source).toMatchObject({ cardIds: ['kaart-vijf'] });
			expect(items[0]?.source).not.toHaveProperty('dots');
			expect(items[1]?.source?.cardIds).toEqual(BOARD_ORDER);
			expect(items[1]?.source).not.toHaveProperty('dots');
		}

		// Before the hide the card's words were public; from the hide on, no frame carries them.
		for (const [label, recording] of Object.entries({ phone: alpha, projector })) {
			const replay = new Y.Doc();
			let hiddenFrom = -1;
			for (const { frame, update } of syncUpdates(recording.frames)) {
				Y.applyUpdate(replay, update);
				const card = step<DilemmaStep>(replay, BOARD)?.cards.find((c) => c.id === 'kaart-geheim');
				if (card?.hidden) {
					hiddenFrom = frame;
					break;
				}
			}
			replay.destroy();
			expect(hiddenFrom, label).toBeGreaterThan(0);
			const before = recording.frames.slice(0, hiddenFrom).map(utf8).join('\n');
			expect(before, `${label} before the hide`).toContain('GEHEIM-kaart-XYZ');
			const after = recording.frames.slice(hiddenFrom);
			for (const frame of after)
				expect(utf8(frame), `${label} after the hide`).not.toContain(HIDDEN);
			for (const { frame, update } of syncUpdates(recording.frames)) {
				if (frame >= hiddenFrom) expect(structText(update), label).not.toContain(HIDDEN);
			}
		}

		// The next session carries the consent outcome the room saw, not the hidden poll's.
		const previous = readPrevious(nextPhone.doc);
		expect(previous?.outcome.poll).toBeUndefined();
		expect(previous?.outcome.consent).toMatchObject({ stepId: CONSENT, status: 'closed' });
		const nextBoard = step<DilemmaStep>(nextPhone.doc, BOARD);
		expect(nextBoard?.cards.map((card) => card.id).sort()).toEqual([...BOARD_ORDER].sort());
		expect(nextBoard?.dotTally.byCard ?? {}).toEqual({});
	}, 60_000);

	/*
	 * A plan item keeps copies of its cards' words (its theme and `source.dilemmas`); hiding a
	 * card later must take those copies out of the shared document too (`replaceCardText`).
	 */
	it('holds no words of a card hidden after a plan item was made from it', async () => {
		const server = await startTestServer();
		const session = await createSession(server, 'Lekproef');
		const { facilitator } = sessionClient(server, session);
		const address = loopbackAddress(3_200);
		const anna = await joinSession(server, session.joinCode, { name: 'Naam-Anna-1P' }, address);
		const send = (body: Record<string, unknown>, id: string) =>
			requestFrom(address, `${server.url}/api/sessions/${session.id}/intents`, {
				method: 'POST',
				credential: anna.token,
				body: { id, ...body }
			});
		await facilitator({ type: 'step.add', kind: 'dilemmas' }, BOARD);
		await send({ type: 'dilemma.post', stepId: BOARD, text: 'GEHEIM-na-het-plan' }, 'k1');
		await send({ type: 'dilemma.post', stepId: BOARD, text: 'Kaart-Blijft' }, 'k2');
		await facilitator({ type: 'step.add', kind: 'plan' }, PLAN);
		await facilitator({ type: 'item.add', stepId: PLAN, source: { stepId: BOARD, cardId: 'k1' } });
		await facilitator({
			type: 'item.add',
			stepId: PLAN,
			source: { stepId: BOARD, clusterId: 'unsorted' }
		});
		expect((await facilitator({ type: 'dilemma.hide', stepId: BOARD, cardId: 'k1' })).status).toBe(
			200
		);
		const late = record(server, session.id, anna.token, address);
		await late.synced;
		const created = await api<{ id: string; joinCode: string }>(
			server,
			'POST',
			`/api/sessions/${session.id}/next`,
			{ credential: session.facilitatorKey, body: { title: 'Leersessie 2' } }
		);
		const nextAddress = loopbackAddress(3_201);
		const next = await joinSession(server, created.body.joinCode, {}, nextAddress);
		const nextPhone = record(server, created.body.id, next.token, nextAddress);
		await nextPhone.synced;
		await vi.waitFor(() => expect(step<PlanStep>(nextPhone.doc, PLAN)?.items).toHaveLength(2));

		expect(readWire(late).text).not.toContain(HIDDEN);
		expect(readWire(nextPhone).text).not.toContain(HIDDEN);
	});

	/*
	 * A ranking made from a board's top holds the cards' texts as its items' titles; those
	 * follow the cards: an edit, a hide, the author's erasure (`KindModel.followCard`).
	 */
	it('holds no words of a card hidden or erased after a ranking was made from it', async () => {
		const server = await startTestServer();
		const session = await createSession(server, 'Lekproef');
		const { facilitator } = sessionClient(server, session);
		const address = loopbackAddress(3_210);
		const anna = await joinSession(server, session.joinCode, { name: 'Naam-Anna-1R' }, address);
		const send = (body: Record<string, unknown>, id: string) =>
			requestFrom(address, `${server.url}/api/sessions/${session.id}/intents`, {
				method: 'POST',
				credential: anna.token,
				body: { id, ...body }
			});
		const bo = await joinSession(server, session.joinCode, {}, loopbackAddress(3_211));
		const boSends = (body: Record<string, unknown>, id: string) =>
			requestFrom(loopbackAddress(3_211), `${server.url}/api/sessions/${session.id}/intents`, {
				method: 'POST',
				credential: bo.token,
				body: { id, ...body }
			});
		await facilitator({ type: 'step.add', kind: 'dilemmas' }, BOARD);
		await boSends({ type: 'dilemma.post', stepId: BOARD, text: 'GEHEIM-verborgen-R' }, 'k1');
		await send({ type: 'dilemma.post', stepId: BOARD, text: 'GEHEIM-van-Anna-R' }, 'k2');
		await boSends({ type: 'dilemma.post', stepId: BOARD, text: 'Eerst zo' }, 'k3');
		await boSends({ type: 'dilemma.post', stepId: BOARD, text: 'Eigen titel' }, 'k4');
		await facilitator({ type: 'step.add', kind: 'ranking' }, 'rang');
		const items = [
			{ id: 'k1', title: 'GEHEIM-verborgen-R' },
			{ id: 'k2', title: 'GEHEIM-van-Anna-R' },
			{ id: 'k3', title: 'Eerst zo' },
			// Retyped by the facilitator: no longer the card's words, so it stays.
			{ id: 'k4', title: 'Door de begeleider' }
		];
		expect((await facilitator({ type: 'ranking.update', stepId: 'rang', items })).status).toBe(200);

		await facilitator({ type: 'dilemma.edit', stepId: BOARD, cardId: 'k3', text: 'Later zo' });
		await facilitator({ type: 'dilemma.edit', stepId: BOARD, cardId: 'k4', text: 'Anders' });
		await facilitator({ type: 'dilemma.hide', stepId: BOARD, cardId: 'k1' });
		expect((await send({ type: 'participant.erase', cards: 'remove' }, 'weg')).status).toBe(200);

		const late = record(server, session.id, bo.token, loopbackAddress(3_211));
		await late.synced;
		expect(step<RankingStep>(late.doc, 'rang')?.items).toEqual([
			{ id: 'k1', title: '' },
			{ id: 'k2', title: '' },
			{ id: 'k3', title: 'Later zo' },
			{ id: 'k4', title: 'Door de begeleider' }
		]);
		expect(readWire(late).text).not.toContain(HIDDEN);

		// Restored, the card's words come back to the item.
		await facilitator({ type: 'dilemma.restore', stepId: BOARD, cardId: 'k1' });
		await vi.waitFor(() =>
			expect(step<RankingStep>(late.doc, 'rang')?.items[0]?.title).toBe('GEHEIM-verborgen-R')
		);
	});
});
