// What one simulated device costs the machine per update, measured on its own: the updates one
// light phone received in a latency run (its sync step 2, then everything after), applied to a
// warmed-up Y.Doc as a full device applies them, and read as a light device reads them. With the
// number of deliveries of a run, it tells how much of the machine the simulated devices took.
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { tallyReader, votersInDoc, votesInEvent, votesInUpdate } from './frames.mjs';

/** Passes over the recorded updates before timing (JIT), then timed passes (median taken). */
const WARM_PASSES = 5;
const TIMED_PASSES = 15;

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Microseconds per update: a fresh doc per pass gets the device's initial state and the updates
 * before the votes untimed (the warm-up), then the votes' updates timed, with what a full
 * device watches (our poll's voters, the reference's votes map) observed as in clients.mjs.
 */
function applyCost(kind, recording) {
	const { initial, updates, votesFrom } = recording;
	const timed = updates.slice(votesFrom);
	const pass = () => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, initial);
		for (const update of updates.slice(0, votesFrom)) Y.applyUpdate(doc, update);
		let seen = 0;
		if (kind === 'reference') {
			doc.getMap('votes').observe((event) => (seen += votesInEvent(event).length));
		} else doc.on('update', () => (seen = Math.max(seen, votersInDoc(doc))));
		const start = performance.now();
		for (const update of timed) Y.applyUpdate(doc, update);
		const micros = ((performance.now() - start) * 1000) / timed.length;
		doc.destroy();
		return micros;
	};
	for (let i = 0; i < WARM_PASSES; i++) pass();
	return median(Array.from({ length: TIMED_PASSES }, pass));
}

/** Microseconds per update for a light device's read of the same updates (no doc). */
function decodeCost(kind, recording) {
	const { initial, updates, votesFrom } = recording;
	const timed = updates.slice(votesFrom);
	const pass = () => {
		let read;
		if (kind === 'reference') read = votesInUpdate;
		else {
			read = tallyReader();
			read(initial);
			for (const update of updates.slice(0, votesFrom)) read(update);
		}
		const start = performance.now();
		for (const update of timed) read(update);
		return ((performance.now() - start) * 1000) / timed.length;
	};
	for (let i = 0; i < WARM_PASSES; i++) pass();
	return median(Array.from({ length: TIMED_PASSES }, pass));
}

/**
 * The cost per update of a full and a light device, from one recording of `kind`'s server;
 * undefined without a recording (no light run of that server).
 */
export function measureDeviceCost(kind, recording) {
	if (!recording?.initial || recording.updates.length <= recording.votesFrom) return undefined;
	const timed = recording.updates.slice(recording.votesFrom);
	return {
		updates: timed.length,
		meanUpdateBytes: timed.reduce((sum, u) => sum + u.length, 0) / timed.length,
		documentBytes: recording.initial.length,
		applyMicros: applyCost(kind, recording),
		lightReadMicros: decodeCost(kind, recording)
	};
}
