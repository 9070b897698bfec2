import type { IncomingMessage } from 'node:http';

/**
 * The organizer sign-in's two cookies: the sign-in itself, and the short-lived one that carries
 * a sign-in to the identity provider and back. Both HttpOnly (no script reads them), SameSite=Lax
 * (sent when the provider sends the browser back, not with another site's requests that change
 * anything) and Path=/; on https also Secure with the `__Host-` prefix, which the browser holds
 * to exactly that: no other host or path can set or shadow them.
 */
export interface CookieJar {
	readonly signIn: string;
	readonly pending: string;
	/** A Set-Cookie value: `value` for `maxAgeS` seconds, or removed with `maxAgeS` 0. */
	set(name: string, value: string, maxAgeS: number): string;
}

export function cookieJar(origin: string): CookieJar {
	const secure = origin.startsWith('https:');
	const prefix = secure ? '__Host-' : '';
	return {
		signIn: `${prefix}koersbord-organizer`,
		pending: `${prefix}koersbord-sign-in`,
		set: (name, value, maxAgeS) =>
			[
				`${name}=${value}`,
				'Path=/',
				`Max-Age=${Math.max(0, Math.floor(maxAgeS))}`,
				'HttpOnly',
				'SameSite=Lax',
				...(secure ? ['Secure'] : [])
			].join('; ')
	};
}

/** A cookie of the request by name; values of ours are base64url, so they need no decoding. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
	const header = req.headers.cookie;
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const at = part.indexOf('=');
		if (at > 0 && part.slice(0, at).trim() === name) {
			const value = part.slice(at + 1).trim();
			return /^[A-Za-z0-9_-]{1,100}$/.test(value) ? value : undefined;
		}
	}
	return undefined;
}

/**
 * Whether a request comes from the board's own pages: a cookie goes along with requests other
 * sites make the browser send, so whatever a cookie authorizes to change needs this too. The
 * browser's `Origin` header must be the board's origin; a request without one (some browsers
 * leave it off same-origin requests) must say `Sec-Fetch-Site: same-origin`. Neither can be set
 * by a page of another site.
 */
export function fromOwnPages(req: IncomingMessage, origin: string): boolean {
	const sender = req.headers.origin;
	if (sender !== undefined) return sender === origin;
	return req.headers['sec-fetch-site'] === 'same-origin';
}
