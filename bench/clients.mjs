// A worker thread that holds simulated devices (phones and projectors), light or full, of our
// server or the reference. It reports, per room and vote, when the last of its devices in that
// room had the vote (see `mark`); bench/latency.mjs combines the reports of all workers.
//
// Votes are numbered 1 to the room's phones. On our server a device has vote v once its poll
// shows at least v voters (the tally says how many voted, never who). On the reference, vote
// n + 1 is phone n's own entry `votes[p<n>]`, which every device receives as it was written.
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { fullDevice } from './device-full.mjs';
import { lightDevice } from './device-light.mjs';
import { tallyReader, voteKey, votersInDoc, votesInEvent, votesInUpdate } from './frames.mjs';
import { delay, now } from './net.mjs';

// Every full device's provider adds an exit listener; thousands of devices are expected here.
process.setMaxListeners(0);

/** The phone page's presence; the server stamps it with the device's role. */
const PRESENCE = { online: true };
/** Updates recorded for the device cost at most (bench/device-cost.mjs). */
const RECORDING_LIMIT = 5_000;

/** How busy this thread was while the votes came in: near 1 means the devices fell behind. */
let utilization = performance.eventLoopUtilization();
let reconnects = 0;
/**
 * Sync sockets the server closed, by close code, from the first connection on (not reset with
 * the other counters: a socket refused while the devices connect matters as much). Our server
 * closes a socket to enforce a limit (1013 over a connection limit, 4409 replaced beyond the
 * sockets a credential may hold, 1008 too many frames); 1006 is one dropped without a close
 * frame, as a connection refused at the door is; `quiet` is one a full device gave up on itself,
 * after hearing nothing for 30 seconds (y-websocket reports no event for that).
 */
const closes = {};
/** Bytes and frames all devices had received at the last reset. */
let received = { bytes: 0, frames: 0 };
/** Per room: its phones, this worker's devices in it, and how many of them have each vote. */
const rooms = new Map();
/** Every device: what it is, its connection, and which votes it has. */
const held = [];
/** What the first phone of this worker received, when asked to record (see device-cost.mjs). */
let recording;

function roomOf(id, phones) {
	let room = rooms.get(id);
	if (!room) {
		room = { id, phones, devices: 0, seenBy: new Uint32Array(phones + 1) };
		rooms.set(id, room);
	}
	return room;
}

/** One more device of `room` has `vote`; the last of them tells the main thread. */
function mark(room, vote, at) {
	if (++room.seenBy[vote] === room.devices) {
		parentPort.postMessage({ type: 'seen', room: room.id, vote, at });
	}
}

/** Which votes one device has. */
function tracker(room, reference) {
	let count = 0;
	const has = reference ? new Uint8Array(room.phones + 1) : undefined;
	return {
		count: () => count,
		/** Our server: the device's poll shows `voters` voters. */
		upTo(voters, at) {
			const top = Math.min(voters, room.phones);
			for (let v = count + 1; v <= top; v++) mark(room, v, at);
			if (top > count) count = top;
		},
		/** The reference: the device has phone `phone`'s vote. */
		add(phone, at) {
			const vote = phone + 1;
			if (vote > room.phones || has[vote]) return;
			has[vote] = 1;
			count++;
			mark(room, vote, at);
		}
	};
}

/** Keeps what one device received: its sync step 2, then every update (the votes' from `votesFrom`). */
function recorder(payload, initial) {
	if (initial) recording.initial = Uint8Array.from(payload);
	else if (recording.updates.length < RECORDING_LIMIT) {
		recording.updates.push(Uint8Array.from(payload));
	}
}

/**
 * Opens one device. `spec`: `room`, `phones` (the room's), `role` (`phone` or `screen`),
 * `phone` (a phone's number in its room), `address`, `credential` (ours).
 */
function open(server, mode, url, spec, record) {
	const room = roomOf(spec.room, spec.phones);
	room.devices++;
	const reference = server === 'reference';
	const seen = tracker(room, reference);
	const onClose = (code) => (closes[code] = (closes[code] ?? 0) + 1);
	const common = {
		address: spec.address,
		credential: spec.credential,
		presence: reference ? null : PRESENCE,
		onClose
	};
	let device;
	if (mode === 'light') {
		const voters = reference ? undefined : tallyReader();
		device = lightDevice({
			...common,
			url: `${url}/${spec.room}`,
			echoPresence: spec.role === 'screen',
			onUpdate(payload, at, initial) {
				if (record) recorder(payload, initial);
				if (reference) for (const phone of votesInUpdate(payload)) seen.add(phone, at);
				else seen.upTo(voters(payload), at);
			}
		});
	} else {
		device = fullDevice({
			...common,
			serverUrl: url,
			room: spec.room,
			onReconnect: () => reconnects++,
			observe(doc) {
				if (reference) {
					doc.getMap('votes').observe((event) => {
						const at = now();
						for (const phone of votesInEvent(event)) seen.add(phone, at);
					});
				} else doc.on('update', () => seen.upTo(votersInDoc(doc), now()));
			}
		});
	}
	held.push({ spec, device, seen });
	return device.synced;
}

const totals = () =>
	held.reduce(
		(sum, { device }) => ({
			bytes: sum.bytes + device.counts.bytes,
			frames: sum.frames + device.counts.frames
		}),
		{ bytes: 0, frames: 0 }
	);

/** A reference phone votes: its entry, written at once into its own doc and sent. */
function vote(slot, option) {
	const { spec, device, seen } = held[slot];
	const sent = now();
	device.write('votes', voteKey(spec.phone), option);
	seen.add(spec.phone, sent);
	return { room: spec.room, vote: spec.phone + 1, sent };
}

const handlers = {
	async connect({ server, mode, url, devices, record }) {
		if (record) recording = { initial: undefined, updates: [], votesFrom: 0 };
		const firstPhone = devices.findIndex((d) => d.role === 'phone');
		// A few at a time: a room's phones do not all connect in the same millisecond either.
		const queue = [...devices.entries()];
		const connectOne = async () => {
			for (let next = queue.shift(); next; next = queue.shift()) {
				const [i, spec] = next;
				await open(server, mode, url, spec, record && i === firstPhone);
			}
		};
		await Promise.all(Array.from({ length: 32 }, connectOne));
		return {};
	},
	/** The reference's warm-up: each projector here rewrites the room's title `rounds` times. */
	async warm({ rounds }) {
		const screens = held.filter((d) => d.spec.role === 'screen');
		for (let round = 0; round < rounds; round++) {
			for (const { device } of screens) device.write('meta', 'title', `Positionering ${round}`);
			await delay(30);
		}
		return {};
	},
	reset() {
		utilization = performance.eventLoopUtilization();
		received = totals();
		reconnects = 0;
		if (recording) recording.votesFrom = recording.updates.length;
		return {};
	},
	/** The reference's votes: each at `start` + its `delay`, from the device in `slot`. */
	async vote({ start, votes }) {
		const sent = await Promise.all(
			votes.map(
				({ slot, delay: wait, option }) =>
					new Promise((resolve) =>
						setTimeout(() => resolve(vote(slot, option)), Math.max(0, start + wait - now()))
					)
			)
		);
		return { sent };
	},
	stats() {
		const busy = performance.eventLoopUtilization(utilization).utilization;
		const current = totals();
		return {
			bytesReceived: current.bytes - received.bytes,
			framesReceived: current.frames - received.frames,
			reconnects,
			closes,
			busy,
			recording
		};
	},
	/** The devices that do not have every vote of their room yet. */
	behind() {
		const behind = held
			.filter(({ spec, seen }) => seen.count() < spec.phones)
			.map(({ spec, device, seen }) => ({
				room: spec.room,
				role: spec.role,
				address: spec.address,
				has: seen.count(),
				connected: device.connected()
			}));
		return { behind, closes };
	},
	close() {
		for (const { device } of held) device.close();
		return {};
	}
};

parentPort.on('message', async ({ id, type, ...message }) => {
	try {
		parentPort.postMessage({ id, type: 'answer', ...(await handlers[type](message)) });
	} catch (error) {
		parentPort.postMessage({ id, type: 'answer', error: String(error?.stack ?? error) });
	}
});
