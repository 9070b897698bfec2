import { execFile, spawn } from 'node:child_process';
import {
	chmodSync,
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A Debian container booted with systemd-nspawn, systemd its PID 1: where this machine runs no
 * systemd, the one way to start deploy/koersbord.service for real, sandboxing included. The
 * container shares the host's network, so the board in it answers on the host's loopback.
 */

const run = promisify(execFile);

export interface Container {
	/** Runs a command inside the container (in all its namespaces); its stdout. */
	exec(...command: string[]): Promise<string>;
	/** The container's root directory, as the host sees it. */
	root: string;
	/** Shuts the container down and removes it. */
	remove(): Promise<void>;
}

export interface Service {
	/** The unit file to install as /etc/systemd/system/<name>, enabled at boot. */
	unit: string;
	/** The environment file's text, installed where the unit's EnvironmentFile= says. */
	environment: { path: string; text: string };
	/** The user the unit runs as, made as a system user. */
	user: string;
	/** A directory to install as `target` (the built board, as /opt/koersbord). */
	files: { source: string; target: string };
	/**
	 * Where ExecStart= expects Node (/usr/bin/node): the Node that runs this suite is put there, so
	 * the unit runs on the release CI tests (24), not on whatever the machine has in /usr/bin.
	 */
	binary: string;
}

/** Fails with what to install when the tools are missing: the test must not pass without them. */
async function requireTools(): Promise<void> {
	if (process.getuid?.() !== 0) throw new Error('systemd-nspawn and debootstrap need root');
	for (const [tool, pkg] of [
		['systemd-nspawn', 'systemd-container'],
		['debootstrap', 'debootstrap'],
		['nsenter', 'util-linux']
	]) {
		await run('sh', ['-c', `command -v ${tool}`]).catch(() => {
			throw new Error(`${tool} not found: install it with \`apt-get install -y ${pkg}\``);
		});
	}
}

/** This machine's Debian release and where its apt gets it from: the container is the same. */
function debianSource(): { mirror: string; suite: string } {
	const suite = /^VERSION_CODENAME=(\w+)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
	const lists = existsSync('/etc/apt/sources.list.d')
		? readdirSync('/etc/apt/sources.list.d').map((name) => `/etc/apt/sources.list.d/${name}`)
		: [];
	for (const file of ['/etc/apt/sources.list', ...lists].filter(existsSync)) {
		const text = readFileSync(file, 'utf8');
		// deb822 (Debian 12's own): a stanza whose Suites name the release itself.
		for (const stanza of text.split(/\n\s*\n/)) {
			const uri = /^URIs:\s*(\S+)/m.exec(stanza)?.[1];
			const suites = /^Suites:\s*(.+)$/m.exec(stanza)?.[1]?.split(/\s+/) ?? [];
			if (uri && suite && suites.includes(suite)) return { mirror: uri, suite };
		}
		const line = new RegExp(`^deb\\s+(?:\\[[^\\]]*\\]\\s+)?(\\S+)\\s+${suite}\\s`, 'm').exec(text);
		if (line?.[1] && suite) return { mirror: line[1], suite };
	}
	throw new Error(`no Debian source for ${suite} in /etc/apt`);
}

/**
 * Makes a minimal Debian root with systemd (debootstrap, from this machine's Debian source),
 * installs `service` in it, boots it, and resolves once its systemd runs.
 */
export async function bootWithService(service: Service): Promise<Container> {
	await requireTools();
	const { mirror, suite } = debianSource();
	const root = mkdtempSync(join(tmpdir(), 'koersbord-nspawn-'));
	// It becomes the container's /, which every user must be able to enter.
	chmodSync(root, 0o755);
	let mountedRun = false;
	let nspawn: ReturnType<typeof spawn> | undefined;

	const remove = async (): Promise<void> => {
		if (nspawn && nspawn.exitCode === null && nspawn.signalCode === null) {
			const gone = new Promise((resolve) => nspawn!.once('exit', resolve));
			// nspawn turns SIGTERM into a clean shutdown of the container (SIGRTMIN+3 to its init).
			nspawn.kill('SIGTERM');
			const late = setTimeout(() => nspawn!.kill('SIGKILL'), 30_000);
			await gone;
			clearTimeout(late);
		}
		if (mountedRun) await run('umount', ['/run/systemd/nspawn']);
		rmSync(root, { recursive: true, force: true });
	};

	try {
		await run(
			'debootstrap',
			['--variant=minbase', '--include=systemd,systemd-sysv,dbus,libstdc++6', suite, root, mirror],
			{ maxBuffer: 64 * 1024 * 1024 }
		);
		cpSync(process.execPath, join(root, service.binary));
		await run('chroot', [
			root,
			'useradd',
			'--system',
			'--home-dir',
			`/var/lib/${service.user}`,
			'--shell',
			'/usr/sbin/nologin',
			service.user
		]);
		cpSync(service.files.source, join(root, service.files.target), { recursive: true });
		const name = service.unit.split('/').at(-1)!;
		cpSync(service.unit, join(root, 'etc/systemd/system', name));
		symlinkSync(
			`/etc/systemd/system/${name}`,
			join(root, 'etc/systemd/system/multi-user.target.wants', name)
		);
		const envFile = join(root, service.environment.path);
		mkdirSync(join(envFile, '..'), { recursive: true });
		writeFileSync(envFile, service.environment.text);
		chmodSync(envFile, 0o600);

		// nspawn keeps per-container state under /run/systemd/nspawn and removes it only from a
		// tmpfs; where /run is not one (no systemd on this machine), it gets one of its own.
		mkdirSync('/run/systemd/nspawn', { recursive: true });
		const { stdout } = await run('findmnt', [
			'-n',
			'-o',
			'FSTYPE',
			'--target',
			'/run/systemd/nspawn'
		]);
		if (stdout.trim() !== 'tmpfs') {
			await run('mount', ['-t', 'tmpfs', 'tmpfs', '/run/systemd/nspawn']);
			mountedRun = true;
		}

		// No machined or host systemd to register with or run in: --register=no, --keep-unit.
		const child = spawn(
			'systemd-nspawn',
			[
				'-D',
				root,
				'--boot',
				'--console=pipe',
				'--register=no',
				'--keep-unit',
				`--machine=${root.split('/').at(-1)}`
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] }
		);
		nspawn = child;
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = new Promise<never>((_, reject) =>
			child.once('exit', (code) => reject(new Error(`systemd-nspawn exited (${code}): ${output}`)))
		);
		exited.catch(() => {});

		// The container's init is nspawn's child; its systemd answers once it is up (still
		// starting units, or done).
		const booted = async (): Promise<string> => {
			while (child.exitCode === null) {
				const { stdout: children } = await run('pgrep', ['-P', String(child.pid)]).catch(() => ({
					stdout: ''
				}));
				const init = children.trim().split('\n')[0];
				if (init) {
					const { stdout: state } = await run(
						'nsenter',
						['-t', init, '-a', 'systemctl', 'is-system-running'],
						{ timeout: 10_000 }
					).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
					if (/starting|running|degraded/.test(state)) return init;
				}
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			return '';
		};
		const init = await Promise.race([booted(), exited]);
		return {
			root,
			exec: async (...command) =>
				(await run('nsenter', ['-t', init, '-a', ...command], { timeout: 60_000 })).stdout,
			remove
		};
	} catch (error) {
		await remove();
		throw error;
	}
}
