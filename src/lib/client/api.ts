import type { ApiError, ErrorCode } from '$lib/api/error-codes';

/**
 * The code of a failed call: one the server answers with, or one of ours for a call that never
 * got such an answer (no network, or a body that is not the API's, say from a proxy).
 */
export type ApiErrorCode = ErrorCode | 'network_error' | 'http_error';

/** What a call to our JSON API came back with; `status` 0 means the network failed. */
export type ApiResult<T> =
	| { ok: true; status: number; data: T }
	| {
			ok: false;
			status: number;
			code: ApiErrorCode;
			message: string;
			/** From `Retry-After` on a 429 or 503: how long the server asks us to wait. */
			retryAfterMs?: number;
	  };

/** Calls the JSON API. Never throws: network failures come back as `network_error`. */
export async function callApi<T>(
	method: 'GET' | 'POST' | 'DELETE',
	path: string,
	options: { body?: unknown; credential?: string } = {}
): Promise<ApiResult<T>> {
	const headers: Record<string, string> = {};
	if (options.body !== undefined) headers['Content-Type'] = 'application/json';
	if (options.credential) headers.Authorization = `Bearer ${options.credential}`;
	let response: Response;
	try {
		response = await fetch(path, {
			method,
			headers,
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
			cache: 'no-store'
		});
	} catch {
		return { ok: false, status: 0, code: 'network_error', message: 'network error' };
	}
	const data: unknown = response.status === 204 ? null : await response.json().catch(() => null);
	if (response.ok) return { ok: true, status: response.status, data: data as T };
	// Taken as the server's word: a code this build does not know only fails to match any.
	const error = (data as { error?: Partial<ApiError['error']> } | null)?.error;
	const retryAfter = Number(response.headers.get('Retry-After'));
	return {
		ok: false,
		status: response.status,
		code: error?.code ?? 'http_error',
		message: error?.message ?? response.statusText,
		retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined
	};
}
