import type { Handle } from '@sveltejs/kit';
import { paraglideMiddleware } from '$lib/paraglide/server';

/**
 * Pages carry keys in their URL fragment; no page may leak its URL or be framed by another site.
 * The projector's page alone may be framed by the board itself: the console shows it, small, as
 * the preview of what the room sees. It has nothing to click that changes anything.
 */
const SECURITY_HEADERS: Record<string, string> = {
	'Referrer-Policy': 'no-referrer',
	'X-Content-Type-Options': 'nosniff',
	'X-Frame-Options': 'DENY',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=()'
};

export const handle: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, async ({ request, locale }) => {
		event.request = request;
		const response = await resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
			response.headers.set(name, value);
		}
		if (event.route.id === '/s/[id]') {
			response.headers.set('X-Frame-Options', 'SAMEORIGIN');
			const csp = response.headers.get('Content-Security-Policy');
			if (csp) {
				response.headers.set(
					'Content-Security-Policy',
					csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
				);
			}
		}
		return response;
	});
