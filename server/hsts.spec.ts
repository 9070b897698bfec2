import { describe, expect, it } from 'vitest';
import { api, startTestServer } from '../tests/helpers/test-server.ts';

/** One response of each kind the server writes: a check, a created session, an error, a 404. */
async function responses(server: { url: string }): Promise<Headers[]> {
	const created = await api(server, 'POST', '/api/sessions', { body: { title: 'HSTS' } });
	expect(created.status).toBe(201);
	const refused = await api(server, 'POST', '/api/join', { rawBody: '{' });
	expect(refused.status).toBe(400);
	const missing = await fetch(`${server.url}/nothing-here`);
	expect(missing.status).toBe(404);
	const health = await fetch(`${server.url}/healthz`);
	expect(health.status).toBe(200);
	return [created.headers, refused.headers, missing.headers, health.headers];
}

describe('Strict-Transport-Security', () => {
	it('is on every response when the public origin is https', async () => {
		const server = await startTestServer({ origin: 'https://board.example.org' });
		for (const headers of await responses(server)) {
			expect(headers.get('strict-transport-security')).toBe('max-age=31536000');
			expect(headers.get('x-content-type-options')).toBe('nosniff');
		}
	});

	it('is on no response when the origin is http or unset, as on a laptop in a room', async () => {
		for (const origin of ['http://192.168.1.20:3000', undefined]) {
			const server = await startTestServer({ origin });
			for (const headers of await responses(server)) {
				expect(headers.get('strict-transport-security')).toBeNull();
				expect(headers.get('x-content-type-options')).toBe('nosniff');
			}
		}
	});
});
