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

/** A phone that takes part through the API, from a loopback address of its own. */
export interface ApiPhone {
	token: string;
	/** Sends an intent from the phone's address; it must be applied. */
	send: (intent: Record<string, unknown>) => Promise<void>;
}

/**
 * Joins phones to the session with join code `code` on the board at `origin`, each from a
 * loopback address of its own, as phones on their own networks do, so the server's per-address
 * limits stay as they are. Cheap extra voters: the anonymity rule shows counts only once enough
 * people voted. `first` is the index of the first address.
 */
export function phonesByApi(
	origin: string,
	code: string,
	first = 0
): (profile?: { perspective?: string; name?: string }) => Promise<ApiPhone> {
	let next = first;
	return async (profile = {}) => {
		const address = loopbackAddress(next++);
		const joined = await requestFrom<{ sessionId: string; token: string }>(
			address,
			`${origin}/api/join`,
			{ method: 'POST', body: { code, ...profile } }
		);
		expect(joined.status).toBe(201);
		const { sessionId, token } = joined.body;
		let count = 0;
		return {
			token,
			async send(intent) {
				const answer = await requestFrom(address, `${origin}/api/sessions/${sessionId}/intents`, {
					method: 'POST',
					credential: token,
					body: { id: `api-${++count}`, ...intent }
				});
				expect(answer.status, JSON.stringify(intent)).toBe(200);
			}
		};
	};
}

/**
 * A session made through the API, with helpers that change it as the console and the phones
 * would: for tests that need a session in some state before the browsers come in. Its agenda
 * starts empty: each test adds the steps it is about. Its content is Dutch unless `locale` says.
 */
export async function sessionByApi(
	request: APIRequestContext,
	title: string,
	options: { locale?: 'nl' | 'en' } = {}
) {
	const response = await request.post('/api/sessions', {
		data: { title, agenda: 'empty', ...options }
	});
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
	const phone = phonesByApi(new URL(session.links.join).origin, session.joinCode);
	/** Joins one phone (from an address of its own) and returns its token. */
	const join = async (profile: { perspective?: string; name?: string } = {}): Promise<string> =>
		(await phone(profile)).token;
	return { session, send, facilitator, join };
}
