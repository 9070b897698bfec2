import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
	cpSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	realpathSync,
	rmSync,
	symlinkSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import {
	contextFiles,
	envOf,
	execForm,
	instructionsOf,
	parseContainerfile,
	type Stage
} from '../helpers/containerfile';
import { zipNames } from '../helpers/docx';
import { bootWithService } from './nspawn';
import { freePort } from './server';

/**
 * The files in deploy/, run as they say. The Containerfile outside a container (no base image
 * can be pulled here): its build and runtime-dependency commands, its image's layout, command,
 * health check and stop signal. The systemd unit under systemd, with that layout and the example
 * environment file, in a Debian container booted with systemd-nspawn (this machine does not run
 * systemd as PID 1).
 */
test.describe.configure({ mode: 'serial' });

const run = promisify(execFile);
const containerfile = parseContainerfile(readFileSync('deploy/Containerfile', 'utf8'));
const image = containerfile.stages.at(-1)!;
const stage = (name: string): Stage => containerfile.stages.find((s) => s.name === name)!;

let work = '';
/** The image's /app: what its COPY instructions put there. */
let app = '';

/**
 * Builds what the image holds, stage by stage. The build stage's `npm ci --ignore-scripts` is
 * stood in for by this checkout's node_modules (installed from the same lockfile); every other
 * command is the Containerfile's own.
 */
test.beforeAll(async () => {
	test.setTimeout(600_000);
	work = mkdtempSync(join(tmpdir(), 'koersbord-image-'));
	const dirs: Record<string, string> = {};

	// build: the context, as .dockerignore lets it through, then the commands after `COPY . .`.
	dirs.build = join(work, 'build-stage');
	for (const file of contextFiles('.', readFileSync('.dockerignore', 'utf8'))) {
		mkdirSync(dirname(join(dirs.build, file)), { recursive: true });
		cpSync(file, join(dirs.build, file));
	}
	symlinkSync(realpathSync('node_modules'), join(dirs.build, 'node_modules'));
	const build = stage('build').instructions;
	const afterSources = build.findIndex((i) => i.keyword === 'COPY' && i.args === '. .');
	expect(afterSources).toBeGreaterThan(0);
	for (const command of build.slice(afterSources).filter((i) => i.keyword === 'RUN')) {
		await run('sh', ['-c', command.args], { cwd: dirs.build, maxBuffer: 64 * 1024 * 1024 });
	}
	rmSync(join(dirs.build, 'node_modules'));

	// runtime-deps: the lockfile, and its install command, verbatim.
	dirs['runtime-deps'] = join(work, 'runtime-deps-stage');
	mkdirSync(dirs['runtime-deps']);
	cpSync('package.json', join(dirs['runtime-deps'], 'package.json'));
	cpSync('package-lock.json', join(dirs['runtime-deps'], 'package-lock.json'));
	for (const command of instructionsOf(stage('runtime-deps'), 'RUN')) {
		await run('sh', ['-c', command], {
			cwd: dirs['runtime-deps'],
			maxBuffer: 64 * 1024 * 1024
		});
	}

	// The image: its COPY instructions, from the context or from a stage's /app.
	app = join(work, 'app');
	mkdirSync(app);
	for (const copy of instructionsOf(image, 'COPY')) {
		const from = /^--from=(\S+) /.exec(copy)?.[1];
		const [source = '', target = ''] = copy.replace(/^--from=\S+ /, '').split(' ');
		const origin = from ? join(dirs[from]!, source.replace(/^\/app\//, '')) : source;
		cpSync(origin, join(app, target === './' ? source : target), { recursive: true });
	}
});

test.afterAll(() => {
	if (work) rmSync(work, { recursive: true, force: true });
});

interface Started {
	child: ChildProcess;
	url: string;
	exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `command` in `cwd` with `env` (and PATH: nothing else of the test's environment leaks
 * in), and waits until it says it listens.
 */
async function start(
	command: string[],
	cwd: string,
	env: Record<string, string>
): Promise<Started> {
	const child = spawn(command[0]!, command.slice(1), {
		cwd,
		env: { PATH: process.env.PATH, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal }))
	);
	await new Promise<void>((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('listening on')) resolve();
		});
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		void exit.then(({ code }) => reject(new Error(`exited (${code}) before listening: ${output}`)));
	});
	return { child, url: `http://127.0.0.1:${env.PORT}`, exit };
}

/** `Key=value` settings of a systemd unit, the last value of each key. */
function unitSettings(path: string): Record<string, string> {
	const settings: Record<string, string> = {};
	for (const line of readFileSync(path, 'utf8').split('\n')) {
		const match = /^(\w+)=(.*)$/.exec(line.trim());
		if (match) settings[match[1]!] = match[2]!;
	}
	return settings;
}

test('the image runs with production dependencies only: pages, API, every export, its health check and its stop signal', async () => {
	const dataDir = join(work, 'image-data');
	mkdirSync(dataDir);
	// Run as `podman run -e PORT=… -e DATA_DIR=…` would. HOST: the image listens on every
	// interface of its own network namespace; here that would be the host's.
	const env = {
		...envOf(image),
		PORT: String(await freePort()),
		DATA_DIR: dataDir,
		HOST: '127.0.0.1'
	};
	const healthCheck = execForm(instructionsOf(image, 'HEALTHCHECK')[0]!);
	const checkHealth = () =>
		run(healthCheck[0]!, healthCheck.slice(1), {
			cwd: app,
			env: { PATH: process.env.PATH, ...env }
		});
	const board = await start(execForm(instructionsOf(image, 'CMD')[0]!), app, env);
	try {
		await expect(checkHealth()).resolves.toBeDefined();
		const page = await fetch(`${board.url}/`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('<html');
		const created = await fetch(`${board.url}/api/sessions`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ title: 'In de container' })
		});
		expect(created.status).toBe(201);
		const session = (await created.json()) as {
			id: string;
			joinCode: string;
			facilitatorKey: string;
		};
		// A closed poll with votes of one perspective, so the documents have a chart to draw.
		const send = async (credential: string, intent: Record<string, unknown>): Promise<void> => {
			const answer = await fetch(`${board.url}/api/sessions/${session.id}/intents`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${credential}` },
				body: JSON.stringify(intent)
			});
			expect(answer.status, JSON.stringify(intent)).toBe(200);
		};
		await send(session.facilitatorKey, { id: 'poll', type: 'step.add', kind: 'poll' });
		await send(session.facilitatorKey, { id: 'open', type: 'poll.open', stepId: 'poll' });
		for (const n of [1, 2, 3]) {
			const joined = await fetch(`${board.url}/api/join`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ code: session.joinCode, perspective: 'wethouder' })
			});
			const { token } = (await joined.json()) as { token: string };
			await send(token, {
				id: `vote-${n}`,
				type: 'vote.cast',
				stepId: 'poll',
				choice: 'leernetwerk'
			});
		}
		await send(session.facilitatorKey, { id: 'close', type: 'poll.close', stepId: 'poll' });
		// Word (docx, with the chart as a PNG drawn by resvg), PDF (pdfmake and the DejaVu fonts),
		// Markdown and CSV.
		const exports: Record<string, Buffer> = {};
		for (const format of ['docx', 'pdf', 'md', 'csv']) {
			const exported = await fetch(
				`${board.url}/api/sessions/${session.id}/export?format=${format}`,
				{ headers: { Authorization: `Bearer ${session.facilitatorKey}` } }
			);
			expect(exported.status, format).toBe(200);
			exports[format] = Buffer.from(await exported.arrayBuffer());
		}
		expect(zipNames(exports.docx!).some((name) => /^word\/media\/.+\.png$/.test(name))).toBe(true);
		expect(exports.pdf!.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(exports.md!.toString('utf8')).toContain('Leernetwerk');

		board.child.kill(instructionsOf(image, 'STOPSIGNAL')[0] as NodeJS.Signals);
		expect(await board.exit).toEqual({ code: 0, signal: null });
		await expect(checkHealth()).rejects.toThrow();
	} finally {
		board.child.kill('SIGKILL');
	}
});

test('the systemd unit under systemd itself, in a Debian container: sandboxed, it serves, comes back after a crash, and stops cleanly', async () => {
	test.setTimeout(15 * 60_000);
	const unit = unitSettings('deploy/koersbord.service');
	const port = await freePort();
	const container = await bootWithService({
		unit: 'deploy/koersbord.service',
		environment: {
			path: unit.EnvironmentFile!,
			text: readFileSync('deploy/koersbord.env', 'utf8').replace(/^PORT=.*$/m, `PORT=${port}`)
		},
		user: unit.User!,
		files: { source: app, target: unit.WorkingDirectory! },
		binary: unit.ExecStart!.split(' ')[0]!
	});
	try {
		const show = async (...properties: string[]): Promise<Record<string, string>> => {
			const out = await container.exec(
				'systemctl',
				'show',
				'koersbord',
				`-p${properties.join(',')}`
			);
			return Object.fromEntries(
				out
					.trim()
					.split('\n')
					.map((line) => line.split(/=(.*)/s).slice(0, 2))
			);
		};
		const board = `http://127.0.0.1:${port}`;
		const health = () =>
			fetch(`${board}/healthz`).then(
				(r) => r.status,
				() => 0
			);

		// Enabled, it started at boot, as its own user, with the sandbox in force; the example's
		// https ORIGIN makes every response carry HSTS.
		await expect.poll(health, { timeout: 60_000 }).toBe(200);
		const answer = await fetch(`${board}/healthz`);
		expect(answer.headers.get('strict-transport-security')).toBe('max-age=31536000');
		const { MainPID } = await show('MainPID');
		const status = await container.exec('cat', `/proc/${MainPID}/status`);
		expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
		expect(status).toMatch(/^Seccomp:\s+2$/m);
		expect(status).toMatch(/^CapEff:\s+0+$/m);
		const uid = (await container.exec('id', '-u', unit.User!)).trim();
		expect(status).toMatch(new RegExp(`^Uid:\\s+${uid}\\s`, 'm'));

		// Its data goes to the state directory, readable by its user only.
		const created = await fetch(`${board}/api/sessions`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ title: 'Onder systemd' })
		});
		expect(created.status).toBe(201);
		const session = (await created.json()) as {
			id: string;
			facilitatorKey: string;
			links: { join: string };
		};
		expect(session.links.join).toMatch(/^https:\/\/koersbord\.example\.org\/j\//);
		expect(
			await container.exec(
				'stat',
				'-c',
				'%a %U',
				'/var/lib/koersbord',
				'/var/lib/koersbord/koersbord.sqlite'
			)
		).toBe(`700 ${unit.User}\n600 ${unit.User}\n`);

		// A crash (SIGKILL) is restarted; the session is still there.
		await container.exec('systemctl', 'kill', '-s', 'SIGKILL', 'koersbord');
		await expect
			.poll(async () => (await show('NRestarts')).NRestarts, { timeout: 30_000 })
			.toBe('1');
		await expect.poll(health, { timeout: 30_000 }).toBe(200);
		const kept = await fetch(`${board}/api/sessions/${session.id}`, {
			headers: { Authorization: `Bearer ${session.facilitatorKey}` }
		});
		expect(kept.status).toBe(200);

		// A stop is SIGTERM, and the board exits cleanly well within TimeoutStopSec.
		const stopping = Date.now();
		await container.exec('systemctl', 'stop', 'koersbord');
		expect(Date.now() - stopping).toBeLessThan(Number.parseInt(unit.TimeoutStopSec!, 10) * 1000);
		expect(await show('ActiveState', 'Result', 'ExecMainCode', 'ExecMainStatus')).toEqual({
			ActiveState: 'inactive',
			Result: 'success',
			// CLD_EXITED with status 0: it exited by itself, not by a signal.
			ExecMainCode: '1',
			ExecMainStatus: '0'
		});
	} finally {
		await container.remove();
	}
});
