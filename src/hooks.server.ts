import type { Handle, HandleServerError } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { createLogger, isLogLevel } from '../server/log.ts';

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

/**
 * A page that failed, as a line of the server's JSON log (server/log.ts) instead of SvelteKit's
 * default, a stack trace on stderr. The line names the route (`/f/[id]`), not the path, which
 * names a session; a missing page is worth a debug line only, as scanners ask for many.
 */
export const handleError: HandleServerError = ({ error, status, event }) => {
	const level = env.LOG_LEVEL?.trim().toLowerCase();
	const logger = createLogger({ level: isLogLevel(level) ? level : 'info' });
	const fields = { status, method: event.request.method, route: event.route.id };
	if (status === 404) logger.debug('page not found', fields);
	else logger.error('page failed', { ...fields, error });
};
