import { describe, expect, it } from 'vitest';
import { isLocalOnlyHost, originFor } from './hosts.ts';

describe('hosts', () => {
	it.each([
		'localhost',
		'LOCALHOST',
		'board.localhost',
		'127.0.0.1',
		'127.1.2.3',
		'[::1]',
		'::1',
		'0:0:0:0:0:0:0:1',
		'::ffff:127.0.0.1',
		'0.0.0.0',
		'[::]',
		'::'
	])('%s reaches this machine only', (host) => expect(isLocalOnlyHost(host)).toBe(true));

	it.each(['192.168.1.20', '10.0.0.7', 'board.example.org', '[fe80::1]', '1270.0.0.1', '::10'])(
		'%s reaches it from elsewhere too',
		(host) => expect(isLocalOnlyHost(host)).toBe(false)
	);

	it('give origins, IPv6 in brackets', () => {
		expect(originFor('192.168.1.20', 3000)).toBe('http://192.168.1.20:3000');
		expect(originFor('fd00::7', 3000)).toBe('http://[fd00::7]:3000');
	});
});
