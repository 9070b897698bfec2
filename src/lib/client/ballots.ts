import type { ConsentBallot, DotBallot, Participant, PollBallot } from '$lib/model/types';
import { callApi } from './api';

export type MyBallots = Record<string, PollBallot | ConsentBallot | DotBallot>;

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
