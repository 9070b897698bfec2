import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cookieJar, fromOwnPages, readCookie } from './cookies.ts';

const request = (headers: IncomingMessage['headers']): IncomingMessage =>
	({ headers }) as IncomingMessage;

describe('the sign-in cookies', () => {
	it('are Secure with the __Host- prefix on an https origin, and HttpOnly, SameSite=Lax, Path=/ everywhere', () => {
		const https = cookieJar('https://koersbord.example.org');
		expect(https.signIn).toBe('__Host-koersbord-organizer');
		expect(https.set(https.signIn, 'abc', 43_200)).toBe(
			'__Host-koersbord-organizer=abc; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure'
		);
		const http = cookieJar('http://127.0.0.1:3000');
		expect(http.pending).toBe('koersbord-sign-in');
		expect(http.set(http.pending, '', 0)).toBe(
			'koersbord-sign-in=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax'
		);
	});

	it('are read by name, and a value that is not one of ours reads as none', () => {
		const req = request({ cookie: 'a=1; koersbord-organizer=Ab_9-x; b=2' });
		expect(readCookie(req, 'koersbord-organizer')).toBe('Ab_9-x');
		expect(readCookie(req, 'missing')).toBeUndefined();
		expect(
			readCookie(request({ cookie: 'koersbord-organizer="<x>"' }), 'koersbord-organizer')
		).toBe(undefined);
		expect(readCookie(request({}), 'koersbord-organizer')).toBeUndefined();
	});
});

describe('a request from the board’s own pages', () => {
	const origin = 'https://koersbord.example.org';

	it('has our Origin, or without one says Sec-Fetch-Site: same-origin', () => {
		expect(fromOwnPages(request({ origin }), origin)).toBe(true);
		expect(fromOwnPages(request({ 'sec-fetch-site': 'same-origin' }), origin)).toBe(true);
	});

	it('is not one from another site, a sibling subdomain, or a client that says nothing', () => {
		for (const headers of [
			{ origin: 'https://evil.example' },
			{ origin: 'https://other.koersbord.example.org' },
			{ origin: 'http://koersbord.example.org' },
			{ origin: 'null' },
			// An Origin decides even when Sec-Fetch-Site says otherwise.
			{ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
			{ 'sec-fetch-site': 'same-site' },
			{ 'sec-fetch-site': 'cross-site' },
			{}
		]) {
			expect(fromOwnPages(request(headers), origin), JSON.stringify(headers)).toBe(false);
		}
	});
});
