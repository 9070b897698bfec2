/**
 * Where the browser keeps what lets it back into a session. Keys arrive in the URL fragment
 * (never sent to a server, never in a Referer), are moved to localStorage and stripped from the
 * address bar, so a screenshot or a shared screen does not show them.
 */

const participantName = (sessionId: string): string => `koersbord:participant:${sessionId}`;
const joinCodeName = (code: string): string => `koersbord:code:${code}`;
const organizerKeyName = 'koersbord:organizer';

function read(name: string): string | undefined {
	try {
		return localStorage.getItem(name) ?? undefined;
	} catch {
		return undefined;
	}
}

function write(name: string, value: string | undefined): void {
	try {
		if (value === undefined) localStorage.removeItem(name);
		else localStorage.setItem(name, value);
	} catch {
		// Private mode without storage: the key stays in memory for this page only.
	}
}

/** The `key` from a `#key=…` fragment, if the URL has one. */
export function keyFromHash(hash: string): string | undefined {
	return new URLSearchParams(hash.replace(/^#/, '')).get('key') ?? undefined;
}

/** The keys that come in a link: the console's, the projector's, and a results link's. */
export type KeyKind = 'facilitator' | 'screen' | 'results';

const keyName = (kind: KeyKind, sessionId: string): string => `koersbord:${kind}:${sessionId}`;

/** Remembers a key that came in a link; returns the key to use (new or remembered). */
export function rememberKey(
	kind: KeyKind,
	sessionId: string,
	fromLink: string | undefined
): string | undefined {
	const name = keyName(kind, sessionId);
	if (fromLink) write(name, fromLink);
	return fromLink ?? read(name);
}

export function forgetKey(kind: KeyKind, sessionId: string): void {
	write(keyName(kind, sessionId), undefined);
}

export interface ParticipantCredential {
	participantId: string;
	token: string;
}

export function saveParticipant(
	sessionId: string,
	credential: ParticipantCredential,
	joinCode?: string
): void {
	write(participantName(sessionId), JSON.stringify(credential));
	if (joinCode) write(joinCodeName(joinCode), sessionId);
}

export function loadParticipant(sessionId: string): ParticipantCredential | undefined {
	try {
		const value = JSON.parse(read(participantName(sessionId)) ?? 'null') as unknown;
		if (
			value &&
			typeof value === 'object' &&
			typeof (value as ParticipantCredential).participantId === 'string' &&
			typeof (value as ParticipantCredential).token === 'string'
		) {
			return value as ParticipantCredential;
		}
	} catch {
		// A damaged entry is as good as none.
	}
	return undefined;
}

export function forgetParticipant(sessionId: string): void {
	write(participantName(sessionId), undefined);
}

/** The session this phone already joined with `joinCode`, to rejoin rather than join twice. */
export function sessionForJoinCode(joinCode: string): string | undefined {
	const sessionId = read(joinCodeName(joinCode));
	return sessionId && loadParticipant(sessionId) ? sessionId : undefined;
}

/**
 * The organizer key of a server that asks for one before a session is created: kept once it
 * worked, so an organizer types it once per device.
 */
export function loadOrganizerKey(): string | undefined {
	return read(organizerKeyName);
}

export function saveOrganizerKey(key: string): void {
	write(organizerKeyName, key);
}
