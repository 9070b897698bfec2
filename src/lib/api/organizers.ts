/**
 * The organizer sign-in's wire shapes, shared by the server and the start page (see the
 * "Organizer sign-in" endpoints in docs/api.md).
 */

/** The query parameter of the start page that says why a sign-in came back without signing in. */
export const SIGN_IN_PROBLEM_PARAM = 'signin';

/**
 * Why: `cancelled` at the provider, `expired` (the sign-in took too long, the server restarted,
 * or the browser came back without the cookie it left with), `failed` (the provider's answer did
 * not hold: a wrong state, a refused code, an ID token that did not validate) or `unavailable`
 * (the provider could not be reached).
 */
export const SIGN_IN_PROBLEMS = ['cancelled', 'expired', 'failed', 'unavailable'] as const;
export type SignInProblem = (typeof SIGN_IN_PROBLEMS)[number];

/** A signed-in organizer, as they and their co-organizers see them. */
export interface OrganizerView {
	id: string;
	name: string;
	email: string;
}

/** `GET /api/organizer`. */
export interface WhoAmI {
	organizer: OrganizerView | null;
}

/** One organizer of a session. */
export interface SessionOrganizer extends OrganizerView {
	role: 'creator' | 'co-organizer';
	/** Whether this is the organizer asking. */
	you: boolean;
}

/** One entry of `GET /api/organizer/sessions`. */
export interface MySession {
	id: string;
	title: string;
	createdAt: number;
	lastActiveAt: number;
	participants: number;
	/** The console's path, `/f/<id>`: it fetches a console key of its own for a signed-in organizer. */
	console: string;
	organizers: SessionOrganizer[];
}
