// The two servers the benchmark runs, each in a process of its own: ours (the built server) and
// the reference, and what the benchmark reads of them: CPU time and memory from /proc, and the
// JavaScript heap through the inspector.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

const root = new URL('..', import.meta.url).pathname;
const CLOCK_TICKS = 100; // Linux USER_HZ: /proc/<pid>/stat counts CPU time in these.
/** How long a server may take to stop after SIGTERM before it is killed. */
const STOP_GRACE_MS = 15_000;

/**
 * Starts a server on a free loopback port and resolves once it listens.
 * - `kind`: `ours` (build/start.js, with a data directory) or `reference` (reference-server.mjs)
 * - `dataDir`: ours only: a directory to use and keep (a restart on the same store); by default
 *   a fresh one, removed when the server stops
 * - `inspect`: opens the inspector on a free port, for `heapBytes` (off by default: a run that
 *   measures latency runs the server as it runs in production)
 */
export async function startServer({ kind = 'ours', dataDir, inspect = false } = {}) {
	const ownDir = kind === 'ours' && !dataDir;
	const dir = ownDir ? mkdtempSync(join(tmpdir(), 'koersbord-bench-')) : dataDir;
	// BENCH_PROFILE_SERVER=<dir> writes a CPU profile of each server run there.
	const profile = process.env.BENCH_PROFILE_SERVER
		? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_SERVER]
		: [];
	const script =
		kind === 'ours' ? join(root, 'build/start.js') : join(root, 'bench/reference-server.mjs');
	const env =
		kind === 'ours'
			? { LOG_LEVEL: 'warn', ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir }
			: referenceEnvironment();
	const child = spawn(
		process.execPath,
		[...(inspect ? ['--inspect=127.0.0.1:0'] : []), ...profile, script],
		// The server's log goes to the terminal: its warnings and errors, not its start and stop.
		{ env, stdio: ['ignore', 'pipe', 'pipe'] }
	);
	let inspector;
	const inspectorReady = new Promise((resolve) => {
		createInterface({ input: child.stderr }).on('line', (line) => {
			const match = /^Debugger listening on (ws:\/\/\S+)/.exec(line);
			if (match) {
				inspector = match[1];
				resolve();
			} else if (
				!/^(Debugger attached|Debugger ending|For help, see|Waiting for the debugger)/.test(line)
			) {
				process.stderr.write(`${line}\n`);
			}
		});
	});
	const url = await new Promise((resolve, reject) => {
		let output = '';
		child.stdout.on('data', (chunk) => {
			output += chunk;
			const match = /listening on (http:\/\/\S+)/.exec(output);
			if (match) resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
	});
	if (inspect) await inspectorReady;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	return {
		kind,
		url,
		pid: child.pid,
		dataDir: dir,
		/** CPU seconds the process has used so far (user + system). */
		cpuSeconds: () => cpuSeconds(child.pid),
		/** Peak resident memory so far, in MiB. */
		peakRssMiB: () => statusKiB(child.pid, 'VmHWM') / 1024,
		/**
		 * Resident memory and JavaScript heap in use, in bytes, after a full garbage collection
		 * (asked of the process through its inspector), so that garbage not yet collected does not
		 * count as memory held.
		 */
		async memory() {
			const heap = await heapAfterCollection(inspector);
			return { rssBytes: statusKiB(child.pid, 'VmRSS') * 1024, heapBytes: heap };
		},
		async stop() {
			child.kill('SIGTERM');
			// A server swamped by a run that did not finish may not get to its shutdown soon.
			const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
			await exited;
			clearTimeout(timer);
			if (ownDir) rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * The reference runs as its package's own server runs it: without persistence, callbacks or
 * any other option of its environment, whatever the benchmark's own environment holds.
 */
function referenceEnvironment() {
	const env = { ...process.env };
	for (const name of ['YPERSISTENCE', 'CALLBACK_URL', 'CALLBACK_OBJECTS', 'GC']) delete env[name];
	return env;
}

function cpuSeconds(pid) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	// After the command name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
	return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** A `VmRSS`-like line of /proc/<pid>/status, in KiB. */
function statusKiB(pid, field) {
	const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
		readFileSync(`/proc/${pid}/status`, 'utf8')
	);
	return match ? Number(match[1]) : NaN;
}

/** The heap in use after two full collections, through the Chrome DevTools Protocol. */
async function heapAfterCollection(inspectorUrl) {
	if (!inspectorUrl) throw new Error('the server was started without its inspector');
	const socket = new WebSocket(inspectorUrl);
	await new Promise((resolve, reject) => {
		socket.once('open', resolve);
		socket.once('error', reject);
	});
	let id = 0;
	const call = (method) =>
		new Promise((resolve, reject) => {
			const mine = ++id;
			const onMessage = (data) => {
				const message = JSON.parse(data);
				if (message.id !== mine) return;
				socket.off('message', onMessage);
				if (message.error) reject(new Error(`${method}: ${message.error.message}`));
				else resolve(message.result);
			};
			socket.on('message', onMessage);
			socket.send(JSON.stringify({ id: mine, method }));
		});
	try {
		await call('HeapProfiler.collectGarbage');
		await call('HeapProfiler.collectGarbage');
		const { usedSize } = await call('Runtime.getHeapUsage');
		return usedSize;
	} finally {
		socket.close();
	}
}
