// The benchmark behind the targets in ../shared/PRODUCT.md and the load issues: our server and
// the reference y-websocket server side by side, real sockets, real votes, simulated devices in
// two modes. Run with `npm run bench` (it builds first; `node bench/run.mjs` after a build skips
// that); it prints each result as it comes and writes docs/performance.md and .json at the end.
//
// Options (environment):
// - BENCH_SCENARIOS=100,1000,50x100: some rows only (100, 200, 500, 1000, 50x100)
// - BENCH_MODES=light,full: the device modes (both by default)
// - BENCH_SERVERS=ours,reference: the servers (both by default)
// - BENCH_PARTS=latency,throughput,load,js: the parts (all by default): latency (with each
//   server's memory per phone and first sync at 100 and 1,000 phones, and the device cost),
//   intent throughput, the load of a finished workshop's room, the phone's JavaScript
// - BENCH_SKIP_JS=1: the same as leaving `js` out of BENCH_PARTS
//   With any of the five above, nothing is written: the files hold only complete runs.
// - BENCH_WINDOW_MS (default 10000): every phone votes once at a random moment in this window
// - BENCH_DEADLINE_MS (default 60000): how long after the window a run may take before it is
//   reported as not finished
// - BENCH_WORKERS (default 2): threads that hold the simulated devices
// - BENCH_REPEAT (default 1): runs of each row, server and mode; the one with the median p95 is
//   reported (a machine shared with other work makes single runs noisy)
// - BENCH_RATES (default 1000,2000,3000,4000): offered vote.cast rates per second
// - BENCH_RATE_MS (default 3000): how long each rate is offered
// - BENCH_LOAD_ROOMS (default 10): finished workshops loaded from the store
// - BENCH_PROFILE_SERVER=<dir>: a CPU profile of every server process (ours and the reference),
//   written there; `node bench/profile-summary.mjs <file>` says where its time went
// - BENCH_DUMP=<dir>: per latency run, each vote's moment and latency, a file per run
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { measureDeviceCost } from './device-cost.mjs';
import { runLatency } from './latency.mjs';
import { measurePhoneJavaScript } from './phone-js.mjs';
import { markdown, missedRows, summary } from './report.mjs';
import { runRoomLoad } from './room-load.mjs';
import { startServer } from './servers.mjs';
import { runThroughput } from './throughput.mjs';
import { summarizeVotes } from './vote-profile.mjs';

const root = new URL('..', import.meta.url).pathname;
const list = (name) => process.env[name]?.split(',').map((item) => item.trim());

/**
 * The rows, with their own latency targets for light devices (p95, ms); every row also has
 * ≤ 1.5 × the reference's p95 where the reference holds (see report.mjs).
 */
const ALL_ROWS = [
	{ name: '100', sessions: 1, phones: 100, targetP95: 15 },
	{ name: '200', sessions: 1, phones: 200 },
	{ name: '500', sessions: 1, phones: 500 },
	{ name: '1000', sessions: 1, phones: 1000, targetP95: 60 },
	{ name: '50x100', sessions: 50, phones: 100, targetP95: 150 }
];
/** Rows whose light runs also measure the memory per phone and a late joiner's first sync. */
const MEMORY_ROWS = ['100', '1000'];

const options = {
	windowMs: Number(process.env.BENCH_WINDOW_MS ?? 10_000),
	deadlineMs: Number(process.env.BENCH_DEADLINE_MS ?? 60_000),
	workers: Number(process.env.BENCH_WORKERS ?? 2),
	rates: (list('BENCH_RATES') ?? ['1000', '2000', '3000', '4000']).map(Number),
	rateMs: Number(process.env.BENCH_RATE_MS ?? 3000),
	loadRooms: Number(process.env.BENCH_LOAD_ROOMS ?? 10),
	repeat: Number(process.env.BENCH_REPEAT ?? 1)
};
const rows = ALL_ROWS.filter(
	(r) => !list('BENCH_SCENARIOS') || list('BENCH_SCENARIOS').includes(r.name)
);
const modes = list('BENCH_MODES') ?? ['light', 'full'];
const servers = list('BENCH_SERVERS') ?? ['ours', 'reference'];
const parts = (list('BENCH_PARTS') ?? ['latency', 'throughput', 'load', 'js']).filter(
	(part) => part !== 'js' || !process.env.BENCH_SKIP_JS
);
const complete = ![
	'BENCH_SCENARIOS',
	'BENCH_MODES',
	'BENCH_SERVERS',
	'BENCH_PARTS',
	'BENCH_SKIP_JS'
].some((name) => process.env[name]);

/**
 * Of a row's repeated runs, the one with the median p95 (one that did not finish counts as the
 * slowest), with every run's p95 beside it.
 */
function medianRun(list) {
	const p95 = (run) => (run.finished ? run.latencyMs.p95 : Infinity);
	const sorted = [...list].sort((a, b) => p95(a) - p95(b));
	const chosen = sorted[Math.floor((sorted.length - 1) / 2)];
	if (list.length === 1) return chosen;
	return { ...chosen, repeatsP95: list.map((run) => (run.finished ? run.latencyMs.p95 : null)) };
}

const machine = {
	date: new Date().toISOString(),
	cpus: cpus().length,
	cpuModel: cpus()[0]?.model ?? 'unknown',
	memoryGiB: Math.round(totalmem() / 2 ** 30),
	node: process.version
};
const began = Date.now();
const results = { machine, options, latency: [], deviceCost: {} };

if (parts.includes('latency')) {
	/** Per server, the recording of the light run with the most phones in one room. */
	const recordings = {};
	for (const row of rows) {
		for (const mode of modes) {
			const runs = new Map(servers.map((kind) => [kind, []]));
			// Ours and the reference one after the other, so both meet the machine as it is at
			// that moment (other work on it drifts over minutes).
			for (let repeat = 0; repeat < options.repeat; repeat++) {
				for (const kind of servers) {
					const light = mode === 'light';
					const measured = light && MEMORY_ROWS.includes(row.name);
					process.stdout.write(`${row.name} phones, ${kind}, ${mode} devices … `);
					try {
						const { result, recording } = await runLatency({
							kind,
							mode,
							row,
							windowMs: options.windowMs,
							deadlineMs: options.deadlineMs,
							workerCount: options.workers,
							measureMemory: measured,
							probe: measured,
							record: light && row.sessions === 1
						});
						runs.get(kind).push(result);
						if (recording && row.phones > (recordings[kind]?.phones ?? 0)) {
							recordings[kind] = { phones: row.phones, recording };
						}
						console.log(summary(result));
					} catch (error) {
						runs.get(kind).push({ server: kind, mode, row: row.name, error: String(error) });
						console.log(`failed: ${error.stack ?? error}`);
					}
				}
			}
			for (const list of runs.values()) results.latency.push(medianRun(list));
		}
	}
	for (const [kind, { recording }] of Object.entries(recordings)) {
		results.deviceCost[kind] = measureDeviceCost(kind, recording);
		const cost = results.deviceCost[kind];
		if (cost) {
			console.log(
				`${kind}: a full device applies an update in ${cost.applyMicros.toFixed(1)} µs, a light one reads it in ${cost.lightReadMicros.toFixed(1)} µs`
			);
		}
	}
}
if (parts.includes('latency') && servers.includes('ours') && modes.includes('light')) {
	// A row ours missed a bound in is run again, both servers profiled, to show why.
	results.profiles = [];
	for (const row of missedRows(results, rows)) {
		const entry = { row };
		for (const kind of servers) {
			const dir = mkdtempSync(join(tmpdir(), 'koersbord-profile-'));
			process.env.BENCH_PROFILE_SERVER = dir;
			process.stdout.write(`${row.name} phones, ${kind}, light devices, profiled … `);
			try {
				const { result } = await runLatency({
					kind,
					mode: 'light',
					row,
					windowMs: options.windowMs,
					deadlineMs: options.deadlineMs,
					workerCount: options.workers
				});
				const [file] = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
				const votes = row.sessions * row.phones;
				entry[kind] = {
					result,
					summary: file ? summarizeVotes(join(dir, file), kind, votes, options.windowMs) : undefined
				};
				console.log(summary(result));
			} catch (error) {
				console.log(`failed: ${error.stack ?? error}`);
			} finally {
				delete process.env.BENCH_PROFILE_SERVER;
				rmSync(dir, { recursive: true, force: true });
			}
		}
		results.profiles.push(entry);
	}
}
if (parts.includes('throughput')) {
	console.log('intent throughput …');
	results.throughput = await runThroughput({ rates: options.rates, durationMs: options.rateMs });
	for (const row of results.throughput.rows) {
		console.log(
			`  offered ${row.offeredPerSecond}/s: answered ${row.answeredPerSecond.toFixed(0)}/s, p95 ${row.answerMs.p95.toFixed(1)} ms, ${row.serverCpuMsPerIntent.toFixed(2)} ms CPU per intent, ${row.refused} refused`
		);
	}
}
if (parts.includes('load')) {
	console.log(`loading ${options.loadRooms} finished workshops …`);
	results.roomLoad = await runRoomLoad({ rooms: options.loadRooms });
	console.log(
		`  first request p50 ${results.roomLoad.firstRequestMs.p50.toFixed(1)} ms, loaded ${results.roomLoad.loadedRequestMs.p50.toFixed(1)} ms`
	);
}
if (parts.includes('js')) {
	const server = await startServer();
	try {
		results.phoneJs = await measurePhoneJavaScript(server.url);
	} finally {
		await server.stop();
	}
	console.log(`phone JavaScript: ${results.phoneJs.compressedKB.toFixed(1)} KB compressed`);
}
results.benchSeconds = (Date.now() - began) / 1000;
const report = markdown(results, rows);
console.log(`\n${report}`);
console.log(`the benchmark took ${(results.benchSeconds / 60).toFixed(1)} minutes`);
if (complete) {
	writeFileSync(join(root, 'docs/performance.md'), report);
	writeFileSync(join(root, 'docs/performance.json'), `${JSON.stringify(results, null, '\t')}\n`);
	console.log('written to docs/performance.md and docs/performance.json');
}
