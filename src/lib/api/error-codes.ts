/**
 * Every code the API answers an error with, and its HTTP status. The server looks the status up
 * here, so a code always comes with the same status; the browser compares codes against this
 * list, so a typo is a type error. `error-codes.spec.ts` holds it equal to the Errors table
 * of docs/api.md, which is what clients are promised.
 */
export const errorStatus = {
	// The request itself is malformed: its body, its fields, or its intent's shape.
	invalid_json: 400,
	invalid_request: 400,
	invalid_intent: 400,
	unknown_intent: 400,

	// No credential that opens this, or a server that creates sessions only with a key.
	unauthorized: 401,
	organizer_key_required: 401,
	results_link_invalid: 401,
	sign_in_required: 401,

	// A credential that is valid, but whose role may not do this.
	forbidden: 403,
	cross_site_request: 403,

	// Something named in the path or the intent does not exist.
	not_found: 404,
	session_not_found: 404,
	unknown_code: 404,
	step_not_found: 404,
	card_not_found: 404,
	cluster_not_found: 404,
	item_not_found: 404,
	participant_not_found: 404,
	answer_not_found: 404,
	organizer_not_found: 404,

	method_not_allowed: 405,

	// Something that was there and is no longer (a join code whose session went unused).
	code_expired: 410,

	// The session's state does not allow this now (a poll closed, the room moved on).
	poll_closed: 409,
	poll_not_open: 409,
	round_not_started: 409,
	poll_open: 409,
	poll_has_votes: 409,
	round_closed: 409,
	round_not_open: 409,
	consent_started: 409,
	step_exists: 409,
	posting_locked: 409,
	card_exists: 409,
	cluster_exists: 409,
	dots_open: 409,
	dots_not_open: 409,
	dots_closed: 409,
	dots_placed: 409,
	plan_exists: 409,
	item_exists: 409,
	votes_cast: 409,
	ranking_not_open: 409,
	ranking_closed: 409,
	ranking_open: 409,
	ranking_has_answers: 409,
	ranking_needs_items: 409,
	scale_open: 409,
	scale_not_open: 409,
	scale_closed: 409,
	scale_answered: 409,
	moved_on: 409,
	last_step: 409,
	question_open: 409,
	question_not_open: 409,
	question_closed: 409,
	question_not_moderated: 409,
	joins_closed: 409,

	// A cap of the session is reached (see server/limits.ts); also a state conflict.
	plan_full: 409,
	session_full: 409,
	agenda_full: 409,
	board_full: 409,
	too_many_cards: 409,
	too_many_clusters: 409,
	too_many_rounds: 409,
	document_full: 409,
	answer_limit: 409,
	question_full: 409,
	too_many_organizers: 409,
	organizer_ambiguous: 409,
	last_organizer: 409,

	payload_too_large: 413,

	// Well-formed, but not possible on this session, step or poll.
	unknown_template: 422,
	unknown_perspective: 422,
	unknown_option_set: 422,
	unknown_option: 422,
	duplicate_option: 422,
	wrong_ballot: 422,
	over_budget: 422,
	no_points: 422,
	reason_required: 422,
	not_a_poll: 422,
	not_a_consent_round: 422,
	not_a_dilemma_step: 422,
	bad_position: 422,
	bad_stack: 422,
	unsorted_stays: 422,
	card_not_votable: 422,
	no_dots_left: 422,
	card_dot_limit: 422,
	no_dot_here: 422,
	not_a_ranking: 422,
	wrong_ranking: 422,
	duplicate_item: 422,
	not_a_plan: 422,
	invalid_source: 422,
	unknown_region: 422,
	participant_required: 422,
	not_a_question: 422,
	not_a_scale: 422,
	unknown_statement: 422,
	duplicate_statement: 422,
	unknown_point: 422,

	// Too fast: always with `Retry-After`.
	too_many_requests: 429,
	too_many_attempts: 429,
	too_many_joins: 429,
	too_many_sessions: 429,

	// The server failed (never with a stack trace), or cannot serve the session for now.
	internal: 500,
	session_unavailable: 503
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorStatus = (typeof errorStatus)[ErrorCode];

/** The error body every endpoint answers with. */
export interface ApiError {
	error: { code: ErrorCode; message: string };
}

/** The codes answered with one status: `ErrorCodeFor<409>` is every conflict. */
export type ErrorCodeFor<S extends ErrorStatus> = {
	[C in ErrorCode]: (typeof errorStatus)[C] extends S ? C : never;
}[ErrorCode];
