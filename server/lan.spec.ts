import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lanOrigins, startupLines, type Interfaces } from './lan.ts';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
	({
		address,
		family,
		internal,
		netmask: family === 'IPv4' ? '255.255.255.0' : 'ffff:ffff:ffff:ffff::',
		mac: '00:00:00:00:00:00',
		cidr: null,
		...(family === 'IPv6' ? { scopeid: 0 } : {})
	}) as NetworkInterfaceInfo;

/** A laptop on Wi-Fi and a wired network, with its loopback and an IPv6 link-local address. */
const LAPTOP: Interfaces = {
	lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
	wlan0: [nic('192.168.1.20', 'IPv4'), nic('fe80::1', 'IPv6')],
	eth0: [nic('10.0.0.7', 'IPv4')]
};

describe('network addresses', () => {
	it("are each interface's IPv4 address, loopback left out, for a server on every interface", () => {
		const expected = ['http://192.168.1.20:3000', 'http://10.0.0.7:3000'];
		expect(lanOrigins(LAPTOP, '0.0.0.0', 3000)).toEqual(expected);
		expect(lanOrigins(LAPTOP, '::', 3000)).toEqual(expected);
		expect(lanOrigins(LAPTOP, undefined, 3000)).toEqual(expected);
	});

	it('are the one address a server listens on, and none when that is a loopback', () => {
		expect(lanOrigins(LAPTOP, '10.0.0.7', 3000)).toEqual(['http://10.0.0.7:3000']);
		expect(lanOrigins(LAPTOP, '127.0.0.1', 3000)).toEqual([]);
		expect(lanOrigins(LAPTOP, 'localhost', 3000)).toEqual([]);
	});

	it('are none on a machine without a network', () => {
		expect(lanOrigins({ lo: LAPTOP.lo }, '0.0.0.0', 3000)).toEqual([]);
	});
});

describe('the lines printed at start', () => {
	it('give this computer and every address for phones, never 0.0.0.0', () => {
		const lines = startupLines({
			host: '0.0.0.0',
			port: 3000,
			dataDir: './data',
			lan: lanOrigins(LAPTOP, '0.0.0.0', 3000)
		});
		expect(lines).toEqual([
			'Koersbord listening on http://localhost:3000 (data in ./data)',
			'  for phones:     http://192.168.1.20:3000',
			'  for phones:     http://10.0.0.7:3000'
		]);
		expect(lines.join('\n')).not.toContain('0.0.0.0');
	});

	it('say when phones cannot reach the board, and why', () => {
		const offline = startupLines({ host: '0.0.0.0', port: 3000, dataDir: './data', lan: [] });
		expect(offline.at(-1)).toContain('no network address');
		const loopback = startupLines({ host: '127.0.0.1', port: 3000, dataDir: './data', lan: [] });
		expect(loopback[0]).toBe('Koersbord listening on http://127.0.0.1:3000 (data in ./data)');
		expect(loopback.at(-1)).toContain('HOST=0.0.0.0');
	});

	it('give ORIGIN when it is set', () => {
		const lines = startupLines({
			host: '0.0.0.0',
			port: 3000,
			dataDir: './data',
			origin: 'https://board.example.org',
			lan: []
		});
		expect(lines).toContain('  public address: https://board.example.org (ORIGIN)');
	});
});
