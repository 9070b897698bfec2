import type { ConsentBallot, DotBallot, PollBallot } from '$lib/model/types';
import { callApi } from './api';

export type MyBallots = Record<string, PollBallot | ConsentBallot | DotBallot>;

/** This phone's own ballots in the current round of each step (they are not in the shared doc). */
export async function fetchMyBallots(
	sessionId: string,
	token: string
): Promise<MyBallots | undefined> {
	const result = await callApi<{ ballots: MyBallots }>(
		'GET',
		`/api/sessions/${sessionId}/ballots`,
		{
			credential: token
		}
	);
	return result.ok ? result.data.ballots : undefined;
}
