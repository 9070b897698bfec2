// The time to load a room of a finished workshop from the store, and the memory a loaded room
// holds. Finished workshops are made through the API as a room makes them (200 phones voting in
// a closed poll, 60 cards on a sorted board, a plan of 12 items made from them), the server is
// restarted on the same data directory, and each room is loaded by its facilitator's first
// request (the console's snapshot); the same request once the room is loaded is the baseline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { OPTIONS, prepareSession } from './latency.mjs';
import { api, closeConnections, percentiles, pool } from './net.mjs';
import { startServer } from './servers.mjs';

const PHONES = 200;
const CARDS = 60;
const PLAN_ITEMS = 12;
/** Timed requests of a loaded room, per room. */
const LOADED_REQUESTS = 5;
/** The template's clusters (src/lib/model/templates.ts) and one the facilitator adds. */
const CLUSTERS = [
	'besturingsparadox',
	'koploperparadox',
	'complexiteitsparadox',
	'meerwaardecyclus',
	'cluster'
];

/** Workshop `index`: its session (from prepareSession) filled and finished. */
async function finishWorkshop(url, index) {
	const session = await prepareSession(url, PHONES, index);
	const intents = `/api/sessions/${session.id}/intents`;
	const facilitator = (body, id) =>
		api(session.facilitator, url, 'POST', intents, session.facilitatorKey, { id, ...body });
	const phone = (n, body, id) =>
		api(session.phones[n].address, url, 'POST', intents, session.phones[n].token, { id, ...body });
	await pool(session.phones, 8, (_, n) =>
		phone(
			n,
			{ type: 'vote.cast', stepId: 'poll', choice: OPTIONS[(n * 7) % OPTIONS.length] },
			`vote-${n}`
		)
	);
	await facilitator({ type: 'poll.close', stepId: 'poll' }, 'close');
	await facilitator({ type: 'poll.reveal', stepId: 'poll' }, 'reveal');
	// The template's agenda holds the board (with its clusters) and the plan.
	const { steps } = await api(
		session.facilitator,
		url,
		'GET',
		`/api/sessions/${session.id}/snapshot`,
		session.facilitatorKey
	);
	const board = steps.find((step) => step.kind === 'dilemmas').id;
	const plan = steps.find((step) => step.kind === 'plan').id;
	await facilitator({ type: 'step.activate', stepId: board }, 'show-board');
	await facilitator({ type: 'cluster.add', stepId: board, title: 'Onderwijs' }, 'cluster');
	await pool(
		Array.from({ length: CARDS }, (_, n) => n),
		8,
		(n) =>
			phone(
				n,
				{
					type: 'dilemma.post',
					stepId: board,
					text: `Dilemma ${n + 1}: sturen op resultaat of ruimte laten voor de eigen aanpak van elke regio?`,
					poleA: 'Sturen',
					poleB: 'Ruimte'
				},
				`card-${n}`
			)
	);
	for (let n = 0; n < CARDS; n++) {
		await facilitator(
			{
				type: 'card.move',
				stepId: board,
				cardId: `card-${n}`,
				clusterId: CLUSTERS[n % CLUSTERS.length]
			},
			`move-${n}`
		);
	}
	for (let n = 0; n < PLAN_ITEMS; n++) {
		const itemId = `item-${n}`;
		await facilitator(
			{ type: 'item.add', stepId: plan, source: { stepId: board, cardId: `card-${n * 5}` } },
			itemId
		);
		await facilitator(
			{
				type: 'item.update',
				stepId: plan,
				itemId,
				intensity: n % 5,
				status: ['plan', 'do', 'check', 'act'][n % 4],
				quarters: { q1: n % 3 === 0, q2: n % 2 === 0, q3: n % 3 !== 0, q4: n % 4 === 0 }
			},
			`update-${n}`
		);
	}
	return session;
}

/** One timed facilitator snapshot, in ms. */
async function snapshot(url, session) {
	const start = performance.now();
	await api(
		session.facilitator,
		url,
		'GET',
		`/api/sessions/${session.id}/snapshot`,
		session.facilitatorKey
	);
	return performance.now() - start;
}

/**
 * Makes `rooms` finished workshops, restarts the server on their store, and loads each.
 * @returns per room the first request's and a loaded request's ms, and the memory held
 */
export async function runRoomLoad({ rooms }) {
	const dataDir = mkdtempSync(join(tmpdir(), 'koersbord-bench-load-'));
	try {
		let sessions;
		const writer = await startServer({ dataDir });
		try {
			sessions = await pool(
				Array.from({ length: rooms }, (_, i) => i),
				2,
				(i) => finishWorkshop(writer.url, i)
			);
		} finally {
			await writer.stop();
			closeConnections();
		}
		const server = await startServer({ dataDir, inspect: true });
		try {
			// Each facilitator's connection is open before its timed request, as a console's is.
			await pool(sessions, 8, (s) => api(s.facilitator, server.url, 'GET', '/healthz'));
			const before = await server.memory();
			const times = [];
			for (const session of sessions) {
				const firstMs = await snapshot(server.url, session);
				const loaded = [];
				for (let i = 0; i < LOADED_REQUESTS; i++) loaded.push(await snapshot(server.url, session));
				const loadedMs = percentiles(loaded).p50;
				times.push({ firstMs, loadedMs, loadMs: firstMs - loadedMs });
			}
			const after = await server.memory();
			return {
				rooms,
				workshop: { phones: PHONES, votes: PHONES, cards: CARDS, planItems: PLAN_ITEMS },
				firstRequestMs: percentiles(times.map((t) => t.firstMs)),
				loadedRequestMs: percentiles(times.map((t) => t.loadedMs)),
				loadMs: percentiles(times.map((t) => t.loadMs)),
				memory: {
					before,
					after,
					rssBytesPerRoom: (after.rssBytes - before.rssBytes) / rooms,
					heapBytesPerRoom: (after.heapBytes - before.heapBytes) / rooms
				}
			};
		} finally {
			await server.stop();
			closeConnections();
		}
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}
