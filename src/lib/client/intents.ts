import type { Intent } from '$lib/intents/types';
import { callApi, type ApiResult } from './api';
import { randomId } from './random-id';

type Body<I> = I extends unknown ? Omit<I, 'id'> : never;

const RETRY_DELAYS_MS = [300, 1000, 2000, 4000, 8000];

/**
 * Sends an intent, retrying with the same id while the network or the server fails. The server
 * applies an id once, so a retry after a lost response never counts twice.
 */
export async function sendIntent(
	sessionId: string,
	credential: string,
	intent: Body<Intent>
): Promise<ApiResult<{ ok: true; duplicate?: boolean }>> {
	const body = { id: randomId(), ...intent };
	const path = `/api/sessions/${encodeURIComponent(sessionId)}/intents`;
	for (let attempt = 0; ; attempt++) {
		const result = await callApi<{ ok: true; duplicate?: boolean }>('POST', path, {
			body,
			credential
		});
		const retryable = !result.ok && (result.status === 0 || result.status >= 500);
		const delay = RETRY_DELAYS_MS[attempt];
		if (!retryable || delay === undefined) return result;
		await new Promise((resolve) => setTimeout(resolve, delay));
	}
}
