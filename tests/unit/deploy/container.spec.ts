import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	contextFiles,
	envOf,
	execForm,
	instructionsOf,
	parseContainerfile
} from '../../helpers/containerfile.ts';

/**
 * What deploy/Containerfile relies on, checked without building it (no registry to pull the
 * base image from here). tests/e2e/deploy.e2e.ts runs its commands and starts what they make.
 */
const file = parseContainerfile(readFileSync('deploy/Containerfile', 'utf8'));
const image = file.stages.at(-1)!;
const stage = (name: string) => file.stages.find((s) => s.name === name)!;
const ignore = readFileSync('.dockerignore', 'utf8');

describe('deploy/Containerfile', () => {
	it('starts every stage from Node 24, pinned to one release', () => {
		const names = new Set(file.stages.map((s) => s.name));
		const bases = file.stages.map((s) => s.from).filter((from) => !names.has(from));
		expect(bases.length).toBeGreaterThan(0);
		for (const base of bases) {
			expect(base).toMatch(/^docker\.io\/library\/node:24\.\d+\.\d+-bookworm-slim$/);
		}
	});

	it('runs the built server as an unprivileged user, with its data in a volume', () => {
		const env = envOf(image);
		expect(instructionsOf(image, 'USER')).toEqual(['node']);
		expect(instructionsOf(image, 'VOLUME')).toEqual([env.DATA_DIR]);
		expect(instructionsOf(image, 'EXPOSE')).toEqual([env.PORT]);
		expect(env.HOST).toBe('0.0.0.0');
		expect(instructionsOf(image, 'STOPSIGNAL')).toEqual(['SIGTERM']);
		expect(execForm(instructionsOf(image, 'CMD')[0]!)).toEqual(['node', 'build/start.js']);
		// The image has Node and no curl: the health check is Node, without a shell.
		const [check] = instructionsOf(image, 'HEALTHCHECK');
		expect(execForm(check!).slice(0, 2)).toEqual(['node', '-e']);
		expect(check).toContain('/healthz');
	});

	it('installs the runtime dependencies without scripts, and rebuilds any that has one', () => {
		const [install] = instructionsOf(stage('runtime-deps'), 'RUN');
		expect(install).toContain('npm ci --omit=dev --ignore-scripts');
		const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
			packages: Record<string, { hasInstallScript?: boolean; dev?: boolean }>;
		};
		const scripted = Object.entries(lock.packages)
			.filter(([, entry]) => entry.hasInstallScript && !entry.dev)
			.map(([path]) => path.replace(/^.*node_modules\//, ''));
		// better-sqlite3 13 ships prebuilt Node-API binaries and runs nothing at install: today the
		// list is empty, and a dependency that starts running an install script fails this test.
		for (const name of scripted) expect(install).toContain(`npm rebuild ${name}`);
	});

	it('sends the build what it reads and nothing of the host: no dependencies, output, data or secrets', () => {
		expect(readFileSync('.containerignore', 'utf8')).toBe(ignore);
		const context = contextFiles('.', ignore);
		const tracked = execFileSync('git', ['ls-files', 'src', 'server', 'static', 'messages'], {
			encoding: 'utf8'
		})
			.split('\n')
			.filter((path) => path !== '' && !path.endsWith('.spec.ts'));
		expect(tracked.length).toBeGreaterThan(100);
		for (const path of [
			...tracked,
			'package.json',
			'package-lock.json',
			'project.inlang/settings.json',
			'svelte.config.js',
			'tsconfig.json',
			'vite.config.ts',
			'vite.server.config.ts'
		]) {
			expect(context, path).toContain(path);
		}
		for (const path of context) {
			expect(path).not.toMatch(
				/^(node_modules|build|data|\.svelte-kit|\.git|test-results|src\/lib\/paraglide)(\/|$)|\.env$|\.sqlite/
			);
		}
		// What the stages copy from the context is in it.
		for (const s of file.stages) {
			for (const copy of instructionsOf(s, 'COPY').filter((args) => !args.startsWith('--'))) {
				const sources = copy.split(' ').slice(0, -1);
				for (const source of sources.filter((source) => source !== '.')) {
					expect(context, source).toContain(source);
				}
			}
		}
	});
});
