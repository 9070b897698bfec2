import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const entry = new URL('./server-main.ts', import.meta.url).pathname;

export interface ServerProcess {
	url: string;
	dataDir: string;
	/** Sends the process a signal. */
	signal(signal: NodeJS.Signals): void;
	/** Resolves once the process has written a line matching `pattern` to stderr (its log). */
	logged(pattern: RegExp): Promise<string>;
	/** Resolves with the exit code when the process ends. */
	exited: Promise<number | null>;
}

/**
 * Runs the server (tests/helpers/server-main.ts) as a process of its own, through Vite's module
 * runner so that it runs the TypeScript sources as the tests do, with its own data directory
 * and `env` added to its environment. Killed, and its directory removed, when the test ends.
 */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
	const dataDir = mkdtempSync(join(tmpdir(), 'koersbord-process-'));
	const child = spawn(
		process.execPath,
		[
			'--input-type=module',
			'--eval',
			`import { runnerImport } from 'vite';
			await runnerImport(${JSON.stringify(entry)}, { configFile: false, logLevel: 'error' });`
		],
		{
			cwd: root,
			env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	// After 'exit', what the process wrote may still be on its way; 'close' comes after it.
	const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
	onTestFinished(async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		await exited;
		rmSync(dataDir, { recursive: true, force: true });
	});
	let stderr = '';
	const waiting = new Set<() => void>();
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
		for (const check of waiting) check();
	});
	const logged = (pattern: RegExp): Promise<string> =>
		new Promise((resolve, reject) => {
			const check = (): void => {
				const line = stderr.split('\n').find((candidate) => pattern.test(candidate));
				if (line === undefined) return;
				waiting.delete(check);
				resolve(line);
			};
			waiting.add(check);
			check();
			void closed.then(() => {
				if (waiting.delete(check))
					reject(new Error(`exited without logging ${pattern}: ${stderr}`));
			});
		});
	const url = await new Promise<string>((resolve, reject) => {
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const match = /listening on (\S+)/.exec(stdout);
			if (match?.[1]) resolve(match[1]);
		});
		void exited.then((code) => reject(new Error(`server exited (${code}): ${stderr}`)));
	});
	return { url, dataDir, signal: (signal) => child.kill(signal), logged, exited };
}
