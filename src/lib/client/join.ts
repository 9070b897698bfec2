import { lookAlikesIn, normalizeJoinCode } from '$lib/model/join-code';
import { callApi } from './api';
import { saveParticipant, sessionForJoinCode } from './credentials';

export type JoinOutcome =
	| { ok: true; sessionId: string }
	/** The code has characters no code uses (`chars`, see LOOK_ALIKES). */
	| { ok: false; reason: 'look_alike'; chars: string[] }
	| {
			ok: false;
			reason:
				| 'code_format'
				| 'unknown_code'
				| 'code_expired'
				| 'joins_closed'
				| 'too_many_attempts'
				| 'session_full'
				| 'network'
				| 'other';
	  };

/** The session this browser already joined with the code typed, if it did: nothing to ask. */
export function joinedBefore(input: string): string | undefined {
	const code = normalizeJoinCode(input);
	return code ? sessionForJoinCode(code) : undefined;
}

/** How often a phone waits its turn when many join from one address (a venue's NAT). */
const MAX_TURNS = 20;

/**
 * Joins the session behind a code, or rejoins it when this browser already did (so a phone that
 * scans the QR code twice keeps its votes instead of becoming a second participant). When a
 * whole room joins at once from one address, the server lets phones in at a steady pace; this
 * waits for its turn (`onWait` says so) instead of failing.
 */
export async function joinWithCode(
	input: string,
	{ onWait }: { onWait?: () => void } = {}
): Promise<JoinOutcome> {
	const code = normalizeJoinCode(input);
	if (!code) {
		const chars = lookAlikesIn(input);
		return chars.length > 0
			? { ok: false, reason: 'look_alike', chars }
			: { ok: false, reason: 'code_format' };
	}
	const known = sessionForJoinCode(code);
	if (known) return { ok: true, sessionId: known };
	type Joined = { sessionId: string; participantId: string; token: string };
	let result = await callApi<Joined>('POST', '/api/join', { body: { code } });
	for (let turn = 0; turn < MAX_TURNS && !result.ok && result.code === 'too_many_joins'; turn++) {
		onWait?.();
		// A little spread, so the phones that waited together do not all come back together.
		const wait = (result.retryAfterMs ?? 1000) * (1 + Math.random());
		await new Promise((resolve) => setTimeout(resolve, wait));
		result = await callApi<Joined>('POST', '/api/join', { body: { code } });
	}
	if (result.ok) {
		const { sessionId, participantId, token } = result.data;
		saveParticipant(sessionId, { participantId, token }, code);
		return { ok: true, sessionId };
	}
	if (result.status === 0) return { ok: false, reason: 'network' };
	if (result.code === 'unknown_code') return { ok: false, reason: 'unknown_code' };
	if (result.code === 'code_expired') return { ok: false, reason: 'code_expired' };
	if (result.code === 'joins_closed') return { ok: false, reason: 'joins_closed' };
	if (result.code === 'too_many_attempts') return { ok: false, reason: 'too_many_attempts' };
	if (result.code === 'session_full') return { ok: false, reason: 'session_full' };
	return { ok: false, reason: 'other' };
}
