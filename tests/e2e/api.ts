import type { APIRequestContext } from '@playwright/test';
import { loopbackAddress, requestFrom } from '../helpers/loopback';
import { expect } from './fixtures';

export interface CreatedSession {
	id: string;
	joinCode: string;
	facilitatorKey: string;
	links: { facilitator: string; join: string; screen: string };
}

export const bearer = (credential: string): Record<string, string> => ({
	Authorization: `Bearer ${credential}`
});

/**
 * A session made through the API, with helpers that change it as the console and the phones
 * would: for tests that need a session in some state before the browsers come in.
 */
export async function sessionByApi(request: APIRequestContext, title: string) {
	const response = await request.post('/api/sessions', { data: { title } });
	expect(response.status()).toBe(201);
	const session = (await response.json()) as CreatedSession;
	let count = 0;
	/** Sends an intent that must be applied. */
	const send = async (
		credential: string,
		intent: Record<string, unknown>,
		id = `setup-${++count}`
	): Promise<void> => {
		const answer = await request.post(`/api/sessions/${session.id}/intents`, {
			headers: bearer(credential),
			data: { id, ...intent }
		});
		expect(answer.status(), JSON.stringify(intent)).toBe(200);
	};
	const facilitator = (intent: Record<string, unknown>, id?: string) =>
		send(session.facilitatorKey, intent, id);
	let phones = 0;
	/**
	 * Joins one phone and returns its token. Each phone joins from a loopback address of its own,
	 * as phones on their own networks do, so the server's per-address limits stay as they are.
	 */
	const join = async (profile: { perspective?: string; name?: string } = {}): Promise<string> => {
		const joined = await requestFrom<{ token: string }>(
			loopbackAddress(phones++),
			`${new URL(session.links.join).origin}/api/join`,
			{ method: 'POST', body: { code: session.joinCode, ...profile } }
		);
		expect(joined.status).toBe(201);
		return joined.body.token;
	};
	return { session, send, facilitator, join };
}
