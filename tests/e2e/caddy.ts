import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestParts, type RawResponse, type RequestOptions } from '../helpers/loopback';

/** The example an operator copies (relative to the repository, where the e2e tests run). */
const EXAMPLE = 'deploy/Caddyfile';
const EXAMPLE_HOST = 'koersbord.example.org';
const EXAMPLE_UPSTREAM = '127.0.0.1:3000';
const EXAMPLE_ACCESS_LOG = '/var/log/caddy/koersbord-access.log';

export interface Caddy {
	/** https://localhost:<port>, where Caddy serves the board. */
	origin: string;
	/** The root certificate of Caddy's internal authority, which signed the site's certificate. */
	rootCertificate(): string;
	/** The access log as written (one JSON object a line, as the example configures it). */
	accessLog(): string;
	/** What Caddy itself wrote to stdout and stderr. */
	output(): string;
	/** Stops Caddy, which writes the log lines of the sockets still open. */
	stop(): Promise<void>;
	/** Stops Caddy and removes its files. */
	remove(): Promise<void>;
}

/** Replaces the one occurrence of `from`; a changed example fails here rather than go untested. */
function replaceOnce(text: string, from: string, to: string): string {
	const parts = text.split(from);
	if (parts.length !== 2) {
		throw new Error(
			`deploy/Caddyfile should contain "${from}" once, not ${parts.length - 1} times`
		);
	}
	return parts.join(to);
}

/**
 * The Caddyfile the test runs: deploy/Caddyfile for localhost instead of the example host, in
 * front of `upstream`, logging into `dir`, after global options that keep Caddy inside the test:
 * certificates from its own internal authority (what `tls internal` does for one site) and never
 * installed into the system's trust store, storage in `dir`, no admin endpoint, no listener on
 * port 80 (the example's redirect from http is Caddy's own business, not the board's).
 */
function testCaddyfile(options: { port: number; upstream: string; dir: string }): string {
	let site = readFileSync(EXAMPLE, 'utf8');
	site = replaceOnce(site, `${EXAMPLE_HOST} {`, `localhost:${options.port} {`);
	site = replaceOnce(
		site,
		`reverse_proxy ${EXAMPLE_UPSTREAM}`,
		`reverse_proxy ${options.upstream}`
	);
	site = replaceOnce(site, EXAMPLE_ACCESS_LOG, join(options.dir, 'access.log'));
	const global = [
		'{',
		'\tadmin off',
		'\tdefault_bind 127.0.0.1',
		`\tstorage file_system ${join(options.dir, 'data')}`,
		'\tlocal_certs',
		'\tskip_install_trust',
		'\tauto_https disable_redirects',
		`\thttps_port ${options.port}`,
		'}',
		''
	].join('\n');
	return global + site;
}

/**
 * Starts Debian's Caddy with deploy/Caddyfile on `port` (see `freePort`; the board's ORIGIN needs
 * it first) in front of the board at `upstream` (http://127.0.0.1:<port>), and waits until it
 * serves the board over https.
 * @throws Error saying how to install Caddy when it is missing: the test must not pass without it
 */
export async function startCaddy(port: number, upstream: string): Promise<Caddy> {
	const dir = mkdtempSync(join(tmpdir(), 'koersbord-caddy-'));
	const origin = `https://localhost:${port}`;
	const config = join(dir, 'Caddyfile');
	writeFileSync(config, testCaddyfile({ port, upstream: new URL(upstream).host, dir }));
	const rootFile = join(dir, 'data/pki/authorities/local/root.crt');

	let written = '';
	const child = spawn('caddy', ['run', '--config', config, '--adapter', 'caddyfile'], {
		// Caddy keeps its autosaved configuration and anything else it writes under these.
		env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout.on('data', (chunk: Buffer) => (written += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (written += chunk.toString()));
	const exited = new Promise<never>((_, reject) => {
		child.once('error', (error: NodeJS.ErrnoException) =>
			reject(
				error.code === 'ENOENT'
					? new Error('caddy not found: install it with `apt-get install -y caddy`')
					: error
			)
		);
		child.once('exit', (code) => reject(new Error(`caddy exited (${code}): ${written}`)));
	});
	exited.catch(() => {});

	const stop = async (): Promise<void> => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const gone = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await gone;
	};
	const remove = async (): Promise<void> => {
		await stop();
		rmSync(dir, { recursive: true, force: true });
	};

	let waiting = true;
	try {
		// Ready once the site's certificate exists and the board answers through Caddy.
		const ready = async (): Promise<void> => {
			while (waiting) {
				if (existsSync(rootFile)) {
					const ca = readFileSync(rootFile, 'utf8');
					const answer = await sendOverTls('127.0.0.1', `${origin}/healthz`, ca).catch(
						() => undefined
					);
					if (answer?.status === 200) return;
				}
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		};
		await Promise.race([ready(), exited, timeout(20_000, `caddy did not serve ${origin}`)]);
	} catch (error) {
		await remove();
		throw error;
	} finally {
		waiting = false;
	}

	return {
		origin,
		rootCertificate: () => readFileSync(rootFile, 'utf8'),
		accessLog: () => readFileSync(join(dir, 'access.log'), 'utf8'),
		output: () => written,
		stop,
		remove
	};
}

function timeout(ms: number, message: string): Promise<never> {
	return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}

/**
 * An https request to `url` from the local address `from`, trusting only `ca` (Caddy's internal
 * authority): the https counterpart of loopback.ts's `sendFrom`, for simulated clients of their
 * own address behind the proxy.
 */
export function sendOverTls(
	from: string,
	url: string,
	ca: string,
	options: RequestOptions = {}
): Promise<RawResponse> {
	const { payload, headers } = requestParts(options);
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{
				method: options.method ?? 'GET',
				headers,
				localAddress: from,
				family: 4,
				ca,
				agent: false
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						text: Buffer.concat(chunks).toString('utf8'),
						headers: res.headers
					})
				);
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end(payload);
	});
}
