import { normalizeJoinCode } from '$lib/model/join-code';
import { callApi } from './api';
import { saveParticipant, sessionForJoinCode } from './credentials';

export type JoinOutcome =
	| { ok: true; sessionId: string }
	| {
			ok: false;
			reason: 'code_format' | 'unknown_code' | 'too_many_attempts' | 'network' | 'other';
	  };

/**
 * Joins the session behind a code, or rejoins it when this browser already did (so a phone that
 * scans the QR code twice keeps its votes instead of becoming a second participant).
 */
export async function joinWithCode(input: string): Promise<JoinOutcome> {
	const code = normalizeJoinCode(input);
	if (!code) return { ok: false, reason: 'code_format' };
	const known = sessionForJoinCode(code);
	if (known) return { ok: true, sessionId: known };
	const result = await callApi<{ sessionId: string; participantId: string; token: string }>(
		'POST',
		'/api/join',
		{ body: { code } }
	);
	if (result.ok) {
		const { sessionId, participantId, token } = result.data;
		saveParticipant(sessionId, { participantId, token }, code);
		return { ok: true, sessionId };
	}
	if (result.status === 0) return { ok: false, reason: 'network' };
	if (result.code === 'unknown_code') return { ok: false, reason: 'unknown_code' };
	if (result.code === 'too_many_attempts') return { ok: false, reason: 'too_many_attempts' };
	return { ok: false, reason: 'other' };
}
