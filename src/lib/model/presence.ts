/**
 * Ids of the participants among awareness states. The server stamps every participant's state
 * with `{ role: 'participant', participant: <id> }`, so these can be trusted.
 */
export function presentParticipantIds(states: Iterable<Record<string, unknown>>): Set<string> {
	const ids = new Set<string>();
	for (const state of states as Iterable<Record<string, unknown> | null>) {
		// A client may send any JSON as its state; only the server's stamp counts.
		if (state?.role === 'participant' && typeof state.participant === 'string') {
			ids.add(state.participant);
		}
	}
	return ids;
}
