import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * deploy/koersbord.service, checked by systemd's own tools; tests/e2e/deploy.e2e.ts starts it
 * under systemd in a container. What is checked here are the settings that look like hardening
 * one might add and that would break the board (each tried under systemd 252).
 */
const UNIT = 'deploy/koersbord.service';

function systemdAnalyze(...args: string[]): { status: number | null; out: string; err: string } {
	const run = spawnSync('systemd-analyze', args, { encoding: 'utf8' });
	if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
		throw new Error('systemd-analyze not found: install it with `apt-get install -y systemd`');
	}
	return { status: run.status, out: run.stdout, err: run.stderr };
}

/** `Key=value` settings of the unit, each key with every value it is given. */
function settings(): Map<string, string[]> {
	const found = new Map<string, string[]>();
	for (const line of readFileSync(UNIT, 'utf8').split('\n')) {
		const match = /^(\w+)=(.*)$/.exec(line.trim());
		if (match) found.set(match[1]!, [...(found.get(match[1]!) ?? []), match[2]!]);
	}
	return found;
}

describe('deploy/koersbord.service', () => {
	it('passes `systemd-analyze verify` without a warning', () => {
		const { status, out, err } = systemdAnalyze('verify', UNIT);
		expect(out + err).toBe('');
		expect(status).toBe(0);
	});

	it('is rated OK (2.0 or lower) by `systemd-analyze security`', () => {
		const { status, out } = systemdAnalyze('security', '--offline=yes', UNIT);
		expect(status).toBe(0);
		const exposure = /Overall exposure level for koersbord\.service: ([\d.]+)/.exec(out)?.[1];
		expect(Number(exposure)).toBeLessThanOrEqual(2);
	});

	it('runs as its own user, stops with SIGTERM, and waits for the graceful shutdown', () => {
		const unit = settings();
		expect(unit.get('User')).toEqual(['koersbord']);
		expect(unit.get('EnvironmentFile')).toEqual(['/etc/koersbord/env']);
		expect(unit.get('ExecStart')).toEqual(['/usr/bin/node build/start.js']);
		expect(unit.get('Restart')).toEqual(['on-failure']);
		expect(unit.get('KillSignal')).toEqual(['SIGTERM']);
		// The board takes up to 10 s for requests under way, then saves and checkpoints.
		expect(Number(/^(\d+)s$/.exec(unit.get('TimeoutStopSec')?.[0] ?? '')?.[1])).toBeGreaterThan(15);
	});

	it("keeps what Node itself needs: V8's JIT, netlink for the network addresses, open files", () => {
		const unit = settings();
		// V8 writes machine code and runs it: with MemoryDenyWriteExecute Node dies of SIGTRAP.
		expect(unit.get('MemoryDenyWriteExecute')).toBeUndefined();
		// os.networkInterfaces() (the startup's "for phones" lines) asks over a netlink socket.
		expect(unit.get('RestrictAddressFamilies')?.[0]?.split(' ')).toContain('AF_NETLINK');
		// Node raises its soft limit of open files to the hard one; the board sizes its
		// connection cap from it.
		expect(Number(unit.get('LimitNOFILE')?.[0])).toBeGreaterThanOrEqual(16_384);
	});
});
