import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free loopback port, so a restarted server comes back where the pages expect it. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

export interface BoardServer {
	url: string;
	dataDir: string;
	/** What the process wrote to stdout and stderr so far, over all its starts. */
	output(): string;
	/** Kills the process without warning (SIGKILL) and starts it again on the same port and data. */
	crashAndRestart(): Promise<void>;
	/** Kills the process without warning (SIGKILL); `start` brings it back. */
	crash(): Promise<void>;
	start(): Promise<void>;
	stop(): Promise<void>;
}

/**
 * Runs the built board (`node build/start.js`) as a real process with its own data directory;
 * `env` adds to its environment (ORGANIZER_KEY, TRUST_PROXY, …).
 */
export async function startBoard(env: Record<string, string> = {}): Promise<BoardServer> {
	const dataDir = mkdtempSync(join(tmpdir(), 'koersbord-e2e-'));
	const port = await freePort();
	let child: ChildProcess | undefined;
	let written = '';

	const launch = (): Promise<void> =>
		new Promise((resolve, reject) => {
			const process_ = spawn(process.execPath, ['build/start.js'], {
				env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
				stdio: ['ignore', 'pipe', 'pipe']
			});
			child = process_;
			let output = '';
			const onData = (chunk: Buffer): void => {
				written += chunk.toString();
				output += chunk.toString();
				if (output.includes('listening on')) resolve();
			};
			process_.stdout?.on('data', onData);
			process_.stderr?.on('data', (chunk: Buffer) => {
				written += chunk.toString();
				output += chunk.toString();
			});
			process_.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
		});

	const kill = (signal: NodeJS.Signals): Promise<void> =>
		new Promise((resolve) => {
			const current = child;
			child = undefined;
			if (!current || current.exitCode !== null) return resolve();
			current.once('exit', () => resolve());
			current.kill(signal);
		});

	await launch();
	return {
		url: `http://127.0.0.1:${port}`,
		dataDir,
		output: () => written,
		async crashAndRestart() {
			await kill('SIGKILL');
			await launch();
		},
		crash: () => kill('SIGKILL'),
		start: launch,
		async stop() {
			await kill('SIGTERM');
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
