import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, parseTrustProxy } from './client-address.ts';

const request = (remoteAddress: string, forwarded?: string): IncomingMessage =>
	({
		socket: { remoteAddress },
		headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }
	}) as unknown as IncomingMessage;

describe('the client address', () => {
	it('is the socket address when no proxy is trusted, whatever the headers say', () => {
		expect(clientAddress(request('192.0.2.7', '198.51.100.1'))).toBe('192.0.2.7');
		expect(clientAddress(request('::ffff:192.0.2.7'))).toBe('192.0.2.7');
	});

	it('behind trusted proxies, is the right-most forwarded address that is not a proxy', () => {
		const trust = parseTrustProxy('127.0.0.1, 10.0.0.0/8');
		expect(clientAddress(request('127.0.0.1', '198.51.100.1'), trust)).toBe('198.51.100.1');
		// A client that writes its own header cannot choose its address: the proxies append.
		expect(clientAddress(request('127.0.0.1', '203.0.113.9, 198.51.100.1, 10.1.2.3'), trust)).toBe(
			'198.51.100.1'
		);
		expect(clientAddress(request('::ffff:127.0.0.1', '198.51.100.1'), trust)).toBe('198.51.100.1');
		// A request that did not come through a trusted proxy keeps its own address.
		expect(clientAddress(request('192.0.2.7', '198.51.100.1'), trust)).toBe('192.0.2.7');
		// Garbage in the header ends the walk; the proxy itself is then the client.
		expect(clientAddress(request('127.0.0.1', 'not-an-address'), trust)).toBe('127.0.0.1');
		expect(clientAddress(request('127.0.0.1'), trust)).toBe('127.0.0.1');
	});

	it('counts IPv6 clients by their /64, IPv4 clients by their address', () => {
		expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
		// A dual-stack socket shows IPv4 clients as mapped addresses: each is still its own.
		expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
		expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:db8:1:2::ffff')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:0db8:0001:0002:aaaa::1')).toBe('2001:db8:1:2::/64');
		expect(addressKey('::1')).toBe('0:0:0:0::/64');
		expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
	});

	it('refuses a TRUST_PROXY that is not a list of addresses and ranges', () => {
		expect(parseTrustProxy(undefined)).toBeUndefined();
		expect(parseTrustProxy(' ')).toBeUndefined();
		expect(() => parseTrustProxy('proxy.example.org')).toThrow(/not an IP address/);
		expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/prefix/);
		expect(parseTrustProxy('::1, 2001:db8::/32')).toBeDefined();
	});
});
