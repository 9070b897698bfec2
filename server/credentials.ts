import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { joinCodeFromBytes } from '../src/lib/model/join-code.ts';

/**
 * Keys and tokens are long random strings, so a fast hash is enough to store them: there is
 * nothing to brute-force that is easier than guessing the key itself.
 */
export function hashSecret(secret: string): Buffer {
	return createHash('sha256').update(secret, 'utf8').digest();
}

/** Compares a presented secret with a stored hash in time independent of where they differ. */
export function secretMatches(presented: string, storedHash: Buffer): boolean {
	return hashMatches(hashSecret(presented), storedHash);
}

/** Compares two hashes in constant time: for a presented secret held against several hashes. */
export function hashMatches(hash: Buffer, storedHash: Buffer): boolean {
	return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}

const randomId = (bytes: number): string => randomBytes(bytes).toString('base64url');

/** Session ids: 96 random bits, URL-safe. */
export const newSessionId = (): string => randomId(12);

/**
 * Ids of the steps a template puts on a new agenda: 72 random bits, so they never meet an id a
 * facilitator's client picks, nor those of steps a series carries over.
 */
export const newStepId = (): string => randomId(9);

/** Participant ids: 72 random bits, unique within a session. */
export const newParticipantId = (): string => randomId(9);

/** Facilitator keys: 256 random bits. The prefix tells roles apart before any lookup. */
export const newFacilitatorKey = (): string => `fk_${randomId(32)}`;

/**
 * Results keys: 256 random bits. A results link (`/r/:id#key=rk_…`) opens the session's report
 * and nothing else; it is stored hashed like the others, so it can be shown only once.
 */
export const newResultsKey = (): string => `rk_${randomId(32)}`;

/**
 * The projector's key is derived from the facilitator key, so the console (which holds the
 * facilitator key) can always hand out the screen link again while the server stores only hashes.
 */
export function screenKeyFor(facilitatorKey: string, sessionId: string): string {
	const mac = createHmac('sha256', facilitatorKey).update(`koersbord/screen/${sessionId}`);
	return `sk_${mac.digest().subarray(0, 24).toString('base64url')}`;
}

/** Organizers' own ids (see store/organizers.ts): 72 random bits, never the provider's subject. */
export const newOrganizerId = (): string => randomId(9);

/** Ids of organizer-bound console keys, to drop the oldest: 72 random bits. */
export const newConsoleKeyId = (): string => randomId(9);

/**
 * The value of a signed-in organizer's cookie, and of the cookie that carries a sign-in to the
 * identity provider and back: 256 random bits, stored (or remembered) only as a hash.
 */
export const newCookieSecret = (): string => randomId(32);

/** Participant tokens name their participant, so checking one is a keyed lookup, not a search. */
export function newParticipantToken(participantId: string): string {
	return `pt.${participantId}.${randomId(32)}`;
}

export type ParsedCredential =
	| { kind: 'facilitator'; secret: string }
	| { kind: 'screen'; secret: string }
	| { kind: 'results'; secret: string }
	| { kind: 'participant'; participantId: string; secret: string };

/** Tells what kind of credential a string claims to be; undefined for anything malformed. */
export function parseCredential(value: string | null | undefined): ParsedCredential | undefined {
	if (!value || value.length > 200) return undefined;
	if (/^fk_[A-Za-z0-9_-]{43}$/.test(value)) return { kind: 'facilitator', secret: value };
	if (/^sk_[A-Za-z0-9_-]{32}$/.test(value)) return { kind: 'screen', secret: value };
	if (/^rk_[A-Za-z0-9_-]{43}$/.test(value)) return { kind: 'results', secret: value };
	const participant = /^pt\.([A-Za-z0-9_-]{12})\.[A-Za-z0-9_-]{43}$/.exec(value);
	if (participant?.[1]) {
		return { kind: 'participant', participantId: participant[1], secret: value };
	}
	return undefined;
}

/** A join code from the platform's CSPRNG; extra bytes cover the ones skipped against bias. */
export const newJoinCode = (): string => joinCodeFromBytes(randomBytes(16));
