import type { MySession, OrganizerView, WhoAmI } from '$lib/api/organizers';
import { callApi, type ApiResult } from './api';

/**
 * The signed-in organizer's calls. The sign-in cookie goes along by itself (same origin, and
 * HttpOnly: no script here ever sees it); the browser adds the Origin header the server checks.
 */

export async function whoAmI(): Promise<OrganizerView | undefined> {
	const result = await callApi<WhoAmI>('GET', '/api/organizer');
	return (result.ok && result.data.organizer) || undefined;
}

export const mySessions = (): Promise<ApiResult<{ sessions: MySession[] }>> =>
	callApi('GET', '/api/organizer/sessions');

/** A console key of the organizer's own for this session, for this device. */
export const fetchConsoleKey = (
	sessionId: string
): Promise<ApiResult<{ facilitatorKey: string }>> =>
	callApi('POST', `/api/organizer/sessions/${sessionId}/console-key`);

export const addCoOrganizer = (
	sessionId: string,
	email: string
): Promise<ApiResult<{ organizer: OrganizerView }>> =>
	callApi('POST', `/api/organizer/sessions/${sessionId}/organizers`, { body: { email } });

export const removeOrganizer = (sessionId: string, organizerId: string): Promise<ApiResult<null>> =>
	callApi('DELETE', `/api/organizer/sessions/${sessionId}/organizers/${organizerId}`);

export const eraseSession = (sessionId: string): Promise<ApiResult<null>> =>
	callApi('DELETE', `/api/organizer/sessions/${sessionId}`);

export const signOut = (): Promise<ApiResult<null>> => callApi('POST', '/auth/logout');

/** Where the sign-in button goes: the provider, and back to `returnTo` (a console, or here). */
export const signInHref = (returnTo?: string): string =>
	returnTo ? `/auth/login?return=${encodeURIComponent(returnTo)}` : '/auth/login';
