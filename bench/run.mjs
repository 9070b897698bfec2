// The benchmark behind the targets in ../shared/PRODUCT.md and the load issue: real servers, real
// y-websocket clients, real votes. Run with `npm run bench` (it builds first); it prints a table
// and writes docs/performance.md and docs/performance.json.
//
// Options (environment): BENCH_SCENARIOS=100,1000,50x100 to run some scenarios only;
// BENCH_WINDOW_MS (default 10000): every phone votes once at a random moment in this window;
// BENCH_WORKERS (default 2): threads that hold the simulated devices.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { measurePhoneJavaScript } from './phone-js.mjs';

const root = new URL('..', import.meta.url).pathname;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const CLOCK_TICKS = 100; // Linux USER_HZ: /proc/<pid>/stat counts CPU time in these.
const PERSPECTIVES = [
	'wethouder',
	'ambtenaar',
	'aanbieder',
	'gi',
	'onderwijs',
	'ervaringsdeskundige'
];
const OPTIONS = ['ontmoetingsplaats', 'leernetwerk', 'facilitator', 'bestuurlijk-hart'];

const ALL_SCENARIOS = [
	{ name: '100', sessions: 1, phones: 100 },
	{ name: '200', sessions: 1, phones: 200 },
	{ name: '500', sessions: 1, phones: 500 },
	{ name: '1000', sessions: 1, phones: 1000, target: { p95: 100 } },
	{ name: '50x100', sessions: 50, phones: 100, target: { p95: 250 } }
];
const JS_TARGET_KB = 120;

const now = () => performance.timeOrigin + performance.now();

function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return sorted[Math.max(0, index)];
}

/** Starts the built server on a free loopback port with a fresh data directory. */
async function startServer() {
	const dataDir = mkdtempSync(join(tmpdir(), 'koersbord-bench-'));
	// BENCH_PROFILE_SERVER=<dir> writes a CPU profile of each server run there.
	const profile = process.env.BENCH_PROFILE_SERVER
		? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_SERVER]
		: [];
	const child = spawn(process.execPath, [...profile, join(root, 'build/start.js')], {
		// The server's log goes to the terminal: its warnings and errors, not its start and stop.
		env: {
			LOG_LEVEL: 'warn',
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DATA_DIR: dataDir
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const url = await new Promise((resolve, reject) => {
		let output = '';
		child.stdout.on('data', (chunk) => {
			output += chunk;
			const match = /listening on (http:\/\/\S+)/.exec(output);
			if (match) resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
	});
	return {
		url,
		pid: child.pid,
		async stop() {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** CPU seconds the process has used so far (user + system). */
function cpuSeconds(pid) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	// After the command name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
	return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The process's peak resident memory in MiB. */
function peakRssMiB(pid) {
	const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) / 1024 : NaN;
}

/**
 * The loopback address of simulated device `index` (0, 1, …) in the range that starts at
 * 127.`first`.0.1: 254 to a /24, as tests/helpers/loopback.ts deals them out (this file is plain
 * JavaScript and cannot import it). The server limits joins, session creations and connections
 * per client address, and all of 127.0.0.0/8 reaches this machine, so every simulated phone and
 * facilitator gets an address of its own and meets those limits as real devices on their own
 * networks would, instead of the limits being switched off for the benchmark.
 */
function loopbackAddress(index, first) {
	const block = Math.floor(index / 254);
	return `127.${first + Math.floor(block / 256)}.${block % 256}.${(index % 254) + 1}`;
}
// Phones from 127.1.0.1 on; a facilitator's laptop (which also runs the projector) from
// 127.128.0.1 on, far above the 5,000 phones of the largest scenario (127.1.0.1–127.1.19.174).
const phoneAddress = (index) => loopbackAddress(index, 1);
const facilitatorAddress = (index) => loopbackAddress(index, 128);

// Devices reuse connections, as browsers do. The agent keeps connections apart by local
// address, so each phone reuses only its own, as it would on its own network; a facilitator's
// calls share at most a few.
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/**
 * A JSON call from the local address `from`. A reused connection the server has just closed (its
 * keep-alive timeout) is retried, as a phone retries: intents carry their id, so a retry never
 * counts twice. Anything else, a 429 of the server's limits included, fails the run: a refused
 * call would be a vote or a phone missing from the figures.
 */
async function api(from, url, method, path, credential, body, attempts = 3) {
	try {
		return await request(from, url, method, path, credential, body);
	} catch (error) {
		if (attempts <= 1 || !['ECONNRESET', 'EPIPE'].includes(error.code)) throw error;
		return api(from, url, method, path, credential, body, attempts - 1);
	}
}

function request(from, url, method, path, credential, body) {
	const payload = body === undefined ? undefined : JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const request = http.request(
			url + path,
			{
				method,
				agent,
				localAddress: from,
				headers: {
					'Content-Type': 'application/json',
					...(payload ? { 'Content-Length': Buffer.byteLength(payload) } : {}),
					...(credential ? { Authorization: `Bearer ${credential}` } : {})
				}
			},
			(response) => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk) => (text += chunk));
				response.on('end', () => {
					if (response.statusCode >= 400) {
						const retry = response.headers['retry-after'];
						reject(
							new Error(
								`${method} ${path} from ${from}: ${response.statusCode} ${text}` +
									(retry ? ` (Retry-After ${retry} s)` : '')
							)
						);
					} else resolve(text ? JSON.parse(text) : null);
				});
			}
		);
		request.on('error', reject);
		request.end(payload);
	});
}

/** Runs `task` over `items` with at most `limit` at once. */
async function pool(items, limit, task) {
	const queue = [...items.entries()];
	const results = [];
	const worker = async () => {
		for (let next = queue.shift(); next; next = queue.shift()) {
			results[next[0]] = await task(next[1]);
		}
	};
	await Promise.all(Array.from({ length: limit }, worker));
	return results;
}

/**
 * A session with a live single-choice poll, open, and its phones joined. Session `index` is
 * created and run from a facilitator address of its own, and its phones join from addresses of
 * their own, numbered on from those of the sessions before it.
 */
async function prepareSession(url, phones, index) {
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
	const screenKey = new URL(created.links.screen).hash.replace('#key=', '');
	return { id: created.id, facilitator, facilitatorKey: key, phones: joined, screenKey };
}

/**
 * Before measuring, every device receives and applies some updates (the step's title, changed
 * a few dozen times), so the figures show a warmed-up server and devices, not a cold JIT.
 */
async function warmUp(url, sessions) {
	for (let round = 0; round < 30; round++) {
		await Promise.all(
			sessions.map((s) =>
				api(s.facilitator, url, 'POST', `/api/sessions/${s.id}/intents`, s.facilitatorKey, {
					id: `warm-${round}`,
					type: 'step.update',
					stepId: 'poll',
					title: `Positionering ${round}`
				})
			)
		);
		await new Promise((resolve) => setTimeout(resolve, 30));
	}
	await new Promise((resolve) => setTimeout(resolve, 1000));
}

function startWorkers(count) {
	return Array.from({ length: count }, () => {
		// A large young generation: hundreds of docs per thread churn through short-lived
		// buffers, and a small nursery spends a fifth of the thread in garbage collection.
		const worker = new Worker(new URL('./clients.mjs', import.meta.url), {
			resourceLimits: { maxYoungGenerationSizeMb: 256 }
		});
		const waiting = new Map();
		const listeners = new Set();
		worker.on('message', (message) => {
			for (const listener of listeners) listener(message);
			const resolve = waiting.get(message.type);
			if (resolve) {
				waiting.delete(message.type);
				resolve(message);
			}
		});
		return {
			worker,
			listeners,
			ask(message, reply) {
				const answer = new Promise((resolve) => waiting.set(reply, resolve));
				worker.postMessage(message);
				return answer;
			}
		};
	});
}

async function runScenario(scenario) {
	const server = await startServer();
	const workers = startWorkers(WORKERS);
	try {
		const sessions = [];
		for (let i = 0; i < scenario.sessions; i++) {
			sessions.push(await prepareSession(server.url, scenario.phones, i));
		}
		// Devices (every phone, one projector per session) dealt out over the workers. Each opens
		// its sync socket from the address it joined from; the projector from its facilitator's.
		const devices = sessions.flatMap((s) => [
			...s.phones.map((p) => ({ sessionId: s.id, credential: p.token, address: p.address })),
			{ sessionId: s.id, credential: s.screenKey, address: s.facilitator }
		]);
		const perWorker = workers.map(() => []);
		devices.forEach((device, i) => perWorker[i % workers.length].push(device));
		const hosts = new Map(sessions.map((s) => [s.id, new Set()]));
		perWorker.forEach((list, w) => list.forEach((d) => hosts.get(d.sessionId).add(w)));
		const syncUrl = server.url.replace('http', 'ws') + '/sync';
		await Promise.all(
			workers.map((w, i) =>
				w.ask({ type: 'connect', url: syncUrl, devices: perWorker[i] }, 'connected')
			)
		);
		await warmUp(server.url, sessions);
		await Promise.all(workers.map((w) => w.ask({ type: 'reset' }, 'reset')));

		// When every device of a session has seen each voter count: the latest worker's report.
		const seen = new Map(sessions.map((s) => [s.id, new Map()]));
		const allSeen = new Promise((resolve) => {
			let remaining = sessions.length;
			workers.forEach((w, index) =>
				w.listeners.add((message) => {
					if (message.type !== 'seen') return;
					const bySession = seen.get(message.sessionId);
					const entry = bySession.get(message.voters) ?? { at: 0, workers: new Set() };
					entry.at = Math.max(entry.at, message.at);
					entry.workers.add(index);
					bySession.set(message.voters, entry);
					if (
						message.voters === scenario.phones &&
						entry.workers.size === hosts.get(message.sessionId).size
					) {
						remaining--;
						if (remaining === 0) resolve();
					}
				})
			);
		});

		const cpuBefore = cpuSeconds(server.pid);
		const started = now();
		const responses = new Map(sessions.map((s) => [s.id, []]));
		const roundTrips = [];
		// Every phone votes once, from its own address and with its own token, so each vote is
		// the first call in its credential's bucket and far within the per-participant rate.
		const votes = sessions.flatMap((s) =>
			s.phones.map((phone, i) => ({ session: s, phone, option: OPTIONS[i % OPTIONS.length] }))
		);
		await Promise.all(
			votes.map(
				(vote, i) =>
					new Promise((resolve, reject) => {
						setTimeout(async () => {
							const sent = now();
							try {
								await api(
									vote.phone.address,
									server.url,
									'POST',
									`/api/sessions/${vote.session.id}/intents`,
									vote.phone.token,
									{ id: `vote-${i}`, type: 'vote.cast', stepId: 'poll', choice: vote.option }
								);
								const answered = now();
								roundTrips.push(answered - sent);
								responses.get(vote.session.id).push(answered);
								resolve();
							} catch (error) {
								reject(error);
							}
						}, Math.random() * WINDOW_MS);
					})
			)
		);
		let timer;
		const timeout = new Promise((_, reject) => {
			timer = setTimeout(async () => {
				// Name the devices behind, so a timeout says whether sockets were lost or slow.
				const answers = await Promise.all(
					workers.map((w) => w.ask({ type: 'behind', voters: scenario.phones }, 'behind'))
				);
				const behind = answers.flatMap((a) => a.behind);
				reject(
					new Error(
						`not every device saw every vote within 60 s: ${behind.length} behind, ` +
							`${JSON.stringify(behind.slice(0, 10))}; sockets closed by the server: ` +
							JSON.stringify(answers.map((a) => a.closes))
					)
				);
			}, 60_000);
		});
		// Cleared once settled: a pending timer would keep the process alive for a minute more.
		await Promise.race([allSeen, timeout]).finally(() => clearTimeout(timer));
		const elapsed = (now() - started) / 1000;
		const cpu = cpuSeconds(server.pid) - cpuBefore;
		const stats = await Promise.all(workers.map((w) => w.ask({ type: 'stats' }, 'stats')));

		// A vote is visible once every device shows at least as many voters as there were
		// answered votes when its answer came (the server counts a vote before it answers).
		const latencies = [];
		for (const [sessionId, answered] of responses) {
			answered.forEach((at, rank) => {
				const visible = seen.get(sessionId).get(rank + 1).at;
				latencies.push(Math.max(0, visible - at));
			});
		}
		if (process.env.BENCH_DUMP) {
			const rows = [];
			for (const [sessionId, answered] of responses) {
				answered.forEach((at, rank) =>
					rows.push([
						Math.round(at - started),
						Math.round(seen.get(sessionId).get(rank + 1).at - at)
					])
				);
			}
			writeFileSync(process.env.BENCH_DUMP, rows.map((r) => r.join(' ')).join('\n'));
		}
		latencies.sort((a, b) => a - b);
		roundTrips.sort((a, b) => a - b);
		const result = {
			scenario: scenario.name,
			sessions: scenario.sessions,
			phonesPerSession: scenario.phones,
			devices: devices.length,
			votes: votes.length,
			latencyMs: {
				p50: percentile(latencies, 50),
				p95: percentile(latencies, 95),
				p99: percentile(latencies, 99),
				max: latencies.at(-1)
			},
			intentRoundTripMs: { p50: percentile(roundTrips, 50), p95: percentile(roundTrips, 95) },
			serverCpuSeconds: cpu,
			serverCpuPercentOfOneCore: (cpu / elapsed) * 100,
			serverPeakRssMiB: peakRssMiB(server.pid),
			bytesToDevices: stats.reduce((sum, s) => sum + s.bytesReceived, 0),
			reconnects: stats.reduce((sum, s) => sum + s.reconnects, 0),
			socketCloses: stats.reduce((all, s) => {
				for (const [code, count] of Object.entries(s.closes)) all[code] = (all[code] ?? 0) + count;
				return all;
			}, {}),
			deviceThreadsBusy: stats.map((s) => Number(s.busy.toFixed(2))),
			elapsedSeconds: elapsed,
			target: scenario.target
		};
		result.met = scenario.target ? result.latencyMs.p95 <= scenario.target.p95 : undefined;
		return result;
	} finally {
		await Promise.all(workers.map((w) => w.ask({ type: 'close' }, 'closed')));
		await Promise.all(workers.map((w) => w.worker.terminate()));
		await server.stop();
		agent.destroy();
	}
}

const ms = (value) => (Number.isFinite(value) ? value.toFixed(1) : '–');

function markdown(results, phoneJs, machine) {
	const lines = [
		'# Performance',
		'',
		'Measured by `npm run bench` (`bench/run.mjs`); this file is written by it. Do not edit by hand.',
		'',
		`- Date: ${machine.date}`,
		`- Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}`,
		`- Votes: every phone votes once at a random moment within ${WINDOW_MS / 1000} s, through the intents API.`,
		'- Latency: from an intent’s response until every connected device (all phones and the projector of',
		'  that session, each a real y-websocket client with its own Y.Doc) shows it in the poll’s tally.',
		`- The simulated devices run in ${WORKERS} worker threads on the same machine as the server, so they`,
		'  compete with it for the same cores: the figures are on the pessimistic side.',
		'',
		'- Device threads busy: how much of their time the threads holding the simulated devices were',
		'  working while the votes came in. Near 1 they fall behind, and their lag is in the latency;',
		'  see "Publishing counts" in docs/architecture.md for what the profiles showed.',
		'',
		'| scenario | devices | p50 ms | p95 ms | p99 ms | target p95 | met | intent answer p95 ms | server CPU s (% of a core) | peak RSS MiB | bytes to devices | reconnects | device threads busy |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'
	];
	for (const r of results) {
		const name =
			r.sessions === 1
				? `${r.phonesPerSession} phones, 1 session`
				: `${r.sessions} sessions × ${r.phonesPerSession} phones`;
		lines.push(
			`| ${name} | ${r.devices} | ${ms(r.latencyMs.p50)} | ${ms(r.latencyMs.p95)} | ${ms(r.latencyMs.p99)} | ${r.target ? `≤ ${r.target.p95}` : ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} | ${ms(r.intentRoundTripMs.p95)} | ${r.serverCpuSeconds.toFixed(1)} (${r.serverCpuPercentOfOneCore.toFixed(0)}%) | ${r.serverPeakRssMiB.toFixed(0)} | ${(r.bytesToDevices / 1e6).toFixed(1)} MB | ${r.reconnects} | ${r.deviceThreadsBusy.join(', ')} |`
		);
	}
	if (phoneJs) {
		lines.push(
			'',
			'## JavaScript on the phone before it can vote',
			'',
			'Measured in Chromium: every script the phone loads from opening the join link to the moment the',
			'vote button can be pressed, as transferred (compressed).',
			'',
			'| scripts | compressed KB | uncompressed KB | target | met |',
			'| --- | --- | --- | --- | --- |',
			`| ${phoneJs.scripts} | ${phoneJs.compressedKB.toFixed(1)} | ${phoneJs.uncompressedKB.toFixed(1)} | ≤ ${JS_TARGET_KB} KB | ${phoneJs.compressedKB <= JS_TARGET_KB ? 'yes' : '**no**'} |`
		);
	}
	return `${lines.join('\n')}\n`;
}

const wanted = process.env.BENCH_SCENARIOS?.split(',');
const scenarios = ALL_SCENARIOS.filter((s) => !wanted || wanted.includes(s.name));
const machine = {
	date: new Date().toISOString(),
	cpus: cpus().length,
	cpuModel: cpus()[0]?.model ?? 'unknown',
	memoryGiB: Math.round(totalmem() / 2 ** 30),
	node: process.version
};
const results = [];
for (const scenario of scenarios) {
	console.log(`scenario ${scenario.name} …`);
	const result = await runScenario(scenario);
	console.log(
		`  round trip p50 ${ms(result.intentRoundTripMs.p50)} ms p95 ${ms(result.intentRoundTripMs.p95)} ms; p50 ${ms(result.latencyMs.p50)} ms, p95 ${ms(result.latencyMs.p95)} ms, p99 ${ms(result.latencyMs.p99)} ms, server CPU ${result.serverCpuSeconds.toFixed(1)} s, device threads busy ${result.deviceThreadsBusy.join(', ')}, peak RSS ${result.serverPeakRssMiB.toFixed(0)} MiB`
	);
	// Sockets the server closed or refused (any limit met), since the devices first connected.
	const closed = Object.entries(result.socketCloses);
	console.log(
		`  sync sockets closed by the server: ${closed.length ? closed.map(([code, n]) => `${n} × ${code}`).join(', ') : 'none'}; reconnects while voting: ${result.reconnects}`
	);
	results.push(result);
}
let phoneJs;
if (!process.env.BENCH_SKIP_JS) {
	const server = await startServer();
	try {
		phoneJs = await measurePhoneJavaScript(server.url);
	} finally {
		await server.stop();
	}
	console.log(`phone JavaScript: ${phoneJs.compressedKB.toFixed(1)} KB compressed`);
}
const report = markdown(results, phoneJs, machine);
console.log(`\n${report}`);
if (!wanted) {
	writeFileSync(join(root, 'docs/performance.md'), report);
	writeFileSync(
		join(root, 'docs/performance.json'),
		`${JSON.stringify({ machine, windowMs: WINDOW_MS, workers: WORKERS, results, phoneJs }, null, '\t')}\n`
	);
	console.log('written to docs/performance.md and docs/performance.json');
}
