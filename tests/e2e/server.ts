import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/loopback';

export { freePort };

export interface BoardServer {
	url: string;
	dataDir: string;
	/** What the process wrote to stdout and stderr so far, over all its starts. */
	output(): string;
	/** Kills the process without warning (SIGKILL) and starts it again on the same port and data. */
	crashAndRestart(): Promise<void>;
	/** Kills the process without warning (SIGKILL); `start` brings it back. */
	crash(): Promise<void>;
	/**
	 * Stops the process as a service manager does (SIGTERM) and resolves with its exit code once
	 * it has ended; `start` brings it back on the same port and data.
	 */
	terminate(): Promise<number | null>;
	start(): Promise<void>;
	stop(): Promise<void>;
	/** Everything the process wrote to stderr (its JSON log) since the first start. */
	stderr(): string;
}

/**
 * Runs the built board (`node build/start.js`) as a real process with its own data directory;
 * `env` adds to its environment (ORGANIZER_KEY, TRUST_PROXY, …). `port` is a free one unless
 * given (a board whose ORIGIN must be known first: see freePort).
 */
export async function startBoard(
	env: Record<string, string> = {},
	port?: number
): Promise<BoardServer> {
	const dataDir = mkdtempSync(join(tmpdir(), 'koersbord-e2e-'));
	port ??= await freePort();
	let child: ChildProcess | undefined;
	let stderr = '';
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
				output += chunk.toString();
				stderr += chunk.toString();
				written += chunk.toString();
			});
			process_.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
		});

	const kill = (signal: NodeJS.Signals): Promise<number | null> =>
		new Promise((resolve) => {
			const current = child;
			child = undefined;
			if (!current || current.exitCode !== null) return resolve(current?.exitCode ?? null);
			current.once('exit', (code) => resolve(code));
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
		async crash() {
			await kill('SIGKILL');
		},
		terminate: () => kill('SIGTERM'),
		start: launch,
		async stop() {
			await kill('SIGTERM');
			rmSync(dataDir, { recursive: true, force: true });
		},
		stderr: () => stderr
	};
}
