// One latency run: a server (ours or the reference), a row's rooms with their phones and a
// projector each, all of them simulated devices of one mode (light or full), and every phone
// voting once at a random moment in the window. A vote's latency runs from the moment its phone
// sends it (our intent's request, the reference's update) until every device of its room has it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lightDevice } from './device-light.mjs';
import {
	api,
	closeConnections,
	delay,
	facilitatorAddress,
	now,
	percentiles,
	phoneAddress,
	pool
} from './net.mjs';
import { startServer } from './servers.mjs';
import { startWorkers } from './workers.mjs';

const PERSPECTIVES = [
	'wethouder',
	'ambtenaar',
	'aanbieder',
	'gi',
	'onderwijs',
	'ervaringsdeskundige'
];
export const OPTIONS = ['ontmoetingsplaats', 'leernetwerk', 'facilitator', 'bestuurlijk-hart'];
/** Rounds of the warm-up, each an update every device receives and applies. */
const WARM_UP_ROUNDS = 30;

/**
 * A session with a live single-choice poll, open and on screen, and its phones joined. Session
 * `index` is created and run from a facilitator address of its own, and its phones join from
 * addresses of their own, numbered on from those of the sessions before it.
 */
export async function prepareSession(url, phones, index) {
	const facilitator = facilitatorAddress(index);
	const created = await api(facilitator, url, 'POST', '/api/sessions', undefined, {
		title: `Benchmark ${index + 1}`
	});
	const key = created.facilitatorKey;
	const intent = (body, id) =>
		api(facilitator, url, 'POST', `/api/sessions/${created.id}/intents`, key, { id, ...body });
	await intent({ type: 'step.add', kind: 'poll' }, 'poll');
	await intent({ type: 'step.update', stepId: 'poll', visibility: 'live' }, 'live');
	await intent({ type: 'poll.open', stepId: 'poll' }, 'open');
	await intent({ type: 'step.activate', stepId: 'poll' }, 'show');
	const joined = await pool(
		Array.from({ length: phones }, (_, i) => i),
		8,
		async (i) => {
			const address = phoneAddress(index * phones + i);
			const { token } = await api(address, url, 'POST', '/api/join', undefined, {
				code: created.joinCode,
				perspective: PERSPECTIVES[i % PERSPECTIVES.length]
			});
			return { token, address };
		}
	);
	return {
		id: created.id,
		joinCode: created.joinCode,
		facilitator,
		facilitatorKey: key,
		phones: joined,
		screen: {
			address: facilitator,
			credential: new URL(created.links.screen).hash.replace('#key=', '')
		}
	};
}

/** The reference's rooms: nothing to create, a room is made by its first socket. */
function referenceRooms(row) {
	return Array.from({ length: row.sessions }, (_, index) => ({
		id: `room-${index + 1}`,
		phones: Array.from({ length: row.phones }, (_, i) => ({
			address: phoneAddress(index * row.phones + i)
		})),
		screen: { address: facilitatorAddress(index) }
	}));
}

/**
 * Before measuring, every device receives some updates (the step's title, changed a few dozen
 * times), so the figures show a warmed-up server and devices, not a cold JIT.
 */
async function warmUp(kind, url, rooms, workers) {
	if (kind === 'reference') {
		await Promise.all(workers.map((w) => w.ask('warm', { rounds: WARM_UP_ROUNDS })));
	} else {
		for (let round = 0; round < WARM_UP_ROUNDS; round++) {
			await Promise.all(
				rooms.map((r) =>
					api(r.facilitator, url, 'POST', `/api/sessions/${r.id}/intents`, r.facilitatorKey, {
						id: `warm-${round}`,
						type: 'step.update',
						stepId: 'poll',
						title: `Positionering ${round}`
					})
				)
			);
			await delay(30);
		}
	}
	await delay(1000);
}

/**
 * When each vote was everywhere: per room and vote, the moment the last device had it, from
 * the reports of every thread that holds devices of that room.
 */
function trackVisibility(rooms, workers, hosts, phones) {
	const complete = new Map(rooms.map((r) => [r.id, new Map()]));
	const partial = new Map(rooms.map((r) => [r.id, new Map()]));
	let remaining = rooms.length * phones;
	let resolve;
	const allSeen = new Promise((r) => (resolve = r));
	if (remaining === 0) resolve();
	for (const w of workers) {
		w.listeners.add((message) => {
			if (message.type !== 'seen') return;
			const pending = partial.get(message.room);
			const entry = pending.get(message.vote) ?? { at: 0, threads: 0 };
			entry.at = Math.max(entry.at, message.at);
			entry.threads++;
			pending.set(message.vote, entry);
			if (entry.threads < hosts.get(message.room).size) return;
			pending.delete(message.vote);
			complete.get(message.room).set(message.vote, entry.at);
			if (--remaining === 0) resolve();
		});
	}
	return { complete, allSeen, remaining: () => remaining };
}

/** Our phones' votes, through the intents API from the main thread, each at its moment. */
function castVotes(url, rooms, started, windowMs) {
	const answered = new Map(rooms.map((r) => [r.id, []]));
	const votes = rooms.flatMap((room) =>
		room.phones.map((phone, i) => ({ room, phone, option: OPTIONS[i % OPTIONS.length] }))
	);
	// Every phone votes once, from its own address and with its own token, so each vote is the
	// first call in its credential's bucket and far within the per-participant rate.
	const done = Promise.all(
		votes.map(
			(vote, i) =>
				new Promise((resolve, reject) => {
					setTimeout(
						async () => {
							const sent = now();
							try {
								await api(
									vote.phone.address,
									url,
									'POST',
									`/api/sessions/${vote.room.id}/intents`,
									vote.phone.token,
									{ id: `vote-${i}`, type: 'vote.cast', stepId: 'poll', choice: vote.option }
								);
								answered.get(vote.room.id).push({ sent, answered: now() });
								resolve();
							} catch (error) {
								reject(error);
							}
						},
						started + Math.random() * windowMs - now()
					);
				})
		)
	);
	return { answered, done };
}

/** The reference's votes: each phone's thread sends it at its moment. */
async function referenceVotes(workers, perWorker, started, windowMs) {
	const answers = await Promise.all(
		workers.map((w, i) => {
			const votes = perWorker[i].flatMap((spec, slot) =>
				spec.role === 'phone'
					? [
							{
								slot,
								delay: Math.random() * windowMs,
								option: OPTIONS[spec.phone % OPTIONS.length]
							}
						]
					: []
			);
			return w.ask('vote', { start: started, votes });
		})
	);
	return answers.flatMap((a) => a.sent);
}

/**
 * What a phone downloads when it joins the room once the votes are in: a new phone (ours: joined
 * through the API) syncs as a light device; bytes of every frame until its sync step 2, and of
 * that step's document alone.
 */
async function firstSync(kind, server, room, address) {
	let credential;
	if (kind === 'ours') {
		({ token: credential } = await api(address, server.url, 'POST', '/api/join', undefined, {
			code: room.joinCode,
			perspective: PERSPECTIVES[0]
		}));
	}
	const base = server.url.replace('http', 'ws') + (kind === 'ours' ? '/sync' : '');
	let documentBytes = 0;
	const device = lightDevice({
		url: `${base}/${room.id}`,
		address,
		credential,
		presence: kind === 'ours' ? { online: true } : null,
		onUpdate: (payload, _at, initial) => {
			if (initial) documentBytes = payload.length;
		}
	});
	try {
		await device.synced;
		return { documentBytes, bytes: device.counts.bytes, frames: device.counts.frames };
	} finally {
		device.close();
	}
}

/**
 * Runs one row with one server and one device mode; never throws for a run that misses its
 * deadline (it reports how far it got), only for one that could not be set up.
 * - `kind`: `ours` or `reference`; `mode`: `light` or `full`
 * - `row`: `{ name, sessions, phones }`
 * - `measureMemory`: the server's memory before and after its phones connect (inspector on)
 * - `probe`: measure a late joiner's first sync once the votes are in
 * - `record`: one light phone records what it receives, for the device cost
 */
export async function runLatency({
	kind,
	mode,
	row,
	windowMs,
	deadlineMs,
	workerCount,
	measureMemory = false,
	probe = false,
	record = false
}) {
	const server = await startServer({ kind, inspect: measureMemory });
	const workers = startWorkers(workerCount);
	/** Set when the device threads did not answer in time: they are ended without waiting. */
	let swamped = false;
	try {
		const rooms =
			kind === 'ours'
				? await pool(
						Array.from({ length: row.sessions }, (_, i) => i),
						4,
						(i) => prepareSession(server.url, row.phones, i)
					)
				: referenceRooms(row);
		const memoryBefore = measureMemory ? await server.memory() : undefined;
		// Devices (every phone, one projector per room) dealt out over the threads. Each opens its
		// sync socket from its own address; the projector from its facilitator's.
		const devices = rooms.flatMap((r) => [
			...r.phones.map((p, i) => ({
				room: r.id,
				phones: row.phones,
				role: 'phone',
				phone: i,
				address: p.address,
				credential: p.token
			})),
			{ room: r.id, phones: row.phones, role: 'screen', ...r.screen }
		]);
		const perWorker = workers.map(() => []);
		devices.forEach((device, i) => perWorker[i % workers.length].push(device));
		const hosts = new Map(rooms.map((r) => [r.id, new Set()]));
		perWorker.forEach((list, w) => list.forEach((d) => hosts.get(d.room).add(w)));
		const url = server.url.replace('http', 'ws') + (kind === 'ours' ? '/sync' : '');
		await Promise.all(
			workers.map((w, i) =>
				w.ask('connect', {
					server: kind,
					mode,
					url,
					devices: perWorker[i],
					record: record && i === 0
				})
			)
		);
		await warmUp(kind, server.url, rooms, workers);
		const memoryAfter = measureMemory ? await server.memory() : undefined;
		await Promise.all(workers.map((w) => w.ask('reset')));

		const visibility = trackVisibility(rooms, workers, hosts, row.phones);
		const cpuBefore = server.cpuSeconds();
		// A moment ahead, so that every thread has its schedule before the first vote is due.
		const started = now() + 100;
		const ours = kind === 'ours' ? castVotes(server.url, rooms, started, windowMs) : undefined;
		const sending = ours ? ours.done : referenceVotes(workers, perWorker, started, windowMs);
		// The reference's send times, also when a run misses its deadline after its votes went out.
		let referenceSent = [];
		if (!ours) sending.then((list) => (referenceSent = list)).catch(() => {});
		let timer;
		const deadline = new Promise((resolve) => {
			timer = setTimeout(() => resolve('deadline'), started + windowMs + deadlineMs - now());
		});
		const outcome = await Promise.race([
			Promise.all([sending, visibility.allSeen]),
			deadline
		]).finally(() => clearTimeout(timer));
		const finished = outcome !== 'deadline';
		const elapsed = (now() - started) / 1000;
		const cpu = server.cpuSeconds() - cpuBefore;
		const statsTimeout = finished ? 0 : 5_000;
		const stats = await Promise.all(workers.map((w) => w.ask('stats', {}, statsTimeout))).catch(
			() => undefined
		);
		swamped = !stats;

		// Our votes are counted before they are answered, so when the k-th answer of a room came,
		// at least k votes were in: that vote is everywhere once every device shows k voters.
		const sent = ours
			? [...ours.answered].flatMap(([room, answers]) =>
					answers
						.sort((a, b) => a.answered - b.answered)
						.map((a, rank) => ({ room, vote: rank + 1, sent: a.sent, answered: a.answered }))
				)
			: referenceSent;
		const latencies = [];
		for (const vote of sent) {
			const visible = visibility.complete.get(vote.room).get(vote.vote);
			if (visible !== undefined) latencies.push(Math.max(0, visible - vote.sent));
		}
		if (process.env.BENCH_DUMP) dump(kind, mode, row, sent, visibility, started);

		const result = {
			server: kind,
			mode,
			row: row.name,
			sessions: row.sessions,
			phonesPerSession: row.phones,
			devices: devices.length,
			votes: rooms.length * row.phones,
			finished,
			votesEverywhere: rooms.length * row.phones - visibility.remaining(),
			latencyMs: percentiles(latencies),
			intentAnswerMs: ours ? percentiles(sent.map((v) => v.answered - v.sent)) : undefined,
			serverCpuSeconds: cpu,
			serverCpuPercentOfOneCore: (cpu / elapsed) * 100,
			serverPeakRssMiB: server.peakRssMiB(),
			elapsedSeconds: elapsed
		};
		if (stats) {
			result.bytesToDevices = stats.reduce((sum, s) => sum + s.bytesReceived, 0);
			result.framesToDevices = stats.reduce((sum, s) => sum + s.framesReceived, 0);
			result.reconnects = stats.reduce((sum, s) => sum + s.reconnects, 0);
			result.socketCloses = stats.reduce((all, s) => {
				for (const [code, n] of Object.entries(s.closes)) all[code] = (all[code] ?? 0) + n;
				return all;
			}, {});
			result.deviceThreadsBusy = stats.map((s) => Number(s.busy.toFixed(2)));
		}
		if (!finished) {
			result.notFinished = await behind(workers, devices.length, elapsed, result, swamped);
		}
		if (memoryBefore && memoryAfter) {
			result.memory = {
				phones: result.votes,
				before: memoryBefore,
				after: memoryAfter,
				rssBytesPerPhone: (memoryAfter.rssBytes - memoryBefore.rssBytes) / result.votes,
				heapBytesPerPhone: (memoryAfter.heapBytes - memoryBefore.heapBytes) / result.votes
			};
		}
		if (probe && finished) {
			result.firstSync = await firstSync(
				kind,
				server,
				rooms[0],
				phoneAddress(rooms.length * row.phones)
			);
		}
		return { result, recording: stats?.[0]?.recording };
	} finally {
		await Promise.all(workers.map((w) => w.stop(swamped ? 0 : 10_000)));
		await server.stop();
		closeConnections();
	}
}

/**
 * Says how far a run that missed its deadline got: the devices behind, if their threads answer
 * (not asked when they did not answer for their counters: they are still working through what
 * the server sent them).
 */
async function behind(workers, devices, elapsed, result, swamped) {
	const after = `after ${elapsed.toFixed(0)} s`;
	try {
		if (swamped) throw new Error('the device threads are swamped');
		const answers = await Promise.all(workers.map((w) => w.ask('behind', {}, 10_000)));
		const list = answers.flatMap((a) => a.behind);
		return {
			devicesBehind: list.length,
			examples: list.slice(0, 5),
			text: `did not finish: ${list.length} of ${devices} devices behind ${after}`
		};
	} catch {
		const missing = result.votes - result.votesEverywhere;
		return {
			text: `did not finish: ${missing} of ${result.votes} votes not on every device ${after} (the device threads did not answer)`
		};
	}
}

/** BENCH_DUMP=<dir>: each vote's moment in the window and its latency, a file per run. */
function dump(kind, mode, row, sent, visibility, started) {
	const lines = sent.map((vote) => {
		const visible = visibility.complete.get(vote.room).get(vote.vote);
		return `${Math.round(vote.sent - started)} ${visible === undefined ? '-' : Math.round(visible - vote.sent)}`;
	});
	writeFileSync(
		join(process.env.BENCH_DUMP, `${kind}-${mode}-${row.name}.txt`),
		`${lines.join('\n')}\n`
	);
}
