import type { Intent } from '$lib/intents/types';
import { callApi, type ApiResult } from './api';
import { randomId } from './random-id';

type Body<I> = I extends unknown ? Omit<I, 'id'> : never;

const RETRY_DELAYS_MS = [300, 1000, 2000, 4000, 8000];

export interface SendOptions {
	/** Choose the id up front when it names what the intent creates (step.add). */
	id?: string;
	/** Called before each retry, so the page can say it is still trying. */
	onRetry?: () => void;
}

/**
 * Sends an intent, retrying with the same id while the network or the server fails, or while the
 * server asks to slow down (429, after the time it names). The server applies an id once, so a
 * retry after a lost response never counts twice.
 */
export async function sendIntent(
	sessionId: string,
	credential: string,
	intent: Body<Intent>,
	{ id = randomId(), onRetry }: SendOptions = {}
): Promise<ApiResult<{ ok: true; duplicate?: boolean }>> {
	const body = { id, ...intent };
	const path = `/api/sessions/${encodeURIComponent(sessionId)}/intents`;
	for (let attempt = 0; ; attempt++) {
		const result = await callApi<{ ok: true; duplicate?: boolean }>('POST', path, {
			body,
			credential
		});
		if (result.ok) return result;
		// 408: a server too busy to read the request in time; nothing was applied.
		const retryable =
			result.status === 0 || result.status === 408 || result.status === 429 || result.status >= 500;
		const delay = RETRY_DELAYS_MS[attempt];
		if (!retryable || delay === undefined) return result;
		onRetry?.();
		await new Promise((resolve) => setTimeout(resolve, Math.max(delay, result.retryAfterMs ?? 0)));
	}
}
