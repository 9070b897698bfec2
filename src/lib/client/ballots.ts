import type { Participant } from '$lib/model/types';
import { callApi } from './api';

/** A phone's ballots by step id: each kind's view knows the shape of its own (kinds/). */
export type MyBallots = Record<string, unknown>;

export interface Me {
	participant: Participant | undefined;
	ballots: MyBallots;
}

/**
 * This phone's own profile and ballots in the current round of each step: neither is in the
 * shared document, which holds nobody's name, perspective or vote.
 */
export async function fetchMe(sessionId: string, token: string): Promise<Me | undefined> {
	const result = await callApi<Me>('GET', `/api/sessions/${sessionId}/me`, { credential: token });
	return result.ok ? result.data : undefined;
}
