/**
 * Until when a session takes newcomers and is kept, as `GET /api/sessions/:id` and
 * `POST /api/sessions/:id/joining` answer it (docs/api.md); times in ms since the epoch.
 */
export interface SessionLifetime {
	/** Whether new participants may join (the facilitator can close it; joined ones stay). */
	joinsOpen: boolean;
	/** When the join code stops working if nobody uses the session until then. */
	joinCodeExpiresAt: number;
	/** When the session is erased if nobody uses it until then (`RETENTION_DAYS`). */
	erasesAt: number;
}
