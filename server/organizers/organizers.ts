import type { MySession, OrganizerView } from '../../src/lib/api/organizers.ts';
import { CloseCode } from '../../src/lib/sync/close-codes.ts';
import {
	hashSecret,
	newConsoleKeyId,
	newCookieSecret,
	newFacilitatorKey,
	newOrganizerId,
	screenKeyFor
} from '../credentials.ts';
import { HttpError, sessionNotFound } from '../errors.ts';
import type { Rooms } from '../rooms.ts';
import type { OrganizerRecord, OrganizerStore } from '../store/organizers.ts';

/** Who the identity provider says signed in, from its validated ID token (and userinfo). */
export interface Identity {
	issuer: string;
	subject: string;
	name: string;
	email: string;
}

export interface OrganizersOptions {
	/** How long a sign-in lasts. */
	signInMs: number;
	organizersPerSession: number;
	consoleKeysPerOrganizer: number;
	now: () => number;
}

/** Sign-ins a browser may hold per organizer at once; older ones are dropped. */
const SIGN_INS_KEPT = 20;

const view = (organizer: OrganizerRecord): OrganizerView => ({
	id: organizer.id,
	name: organizer.name,
	email: organizer.email
});

/**
 * Signed-in organizers and the sessions they own. A session made by a signed-in organizer has
 * owners: its creator and the co-organizers they (or another owner) add. Any owner may list it,
 * open its console from any device, add or remove owners and erase it.
 */
export class Organizers {
	readonly #store: OrganizerStore;
	readonly #rooms: Rooms;
	readonly #options: OrganizersOptions;

	constructor(store: OrganizerStore, rooms: Rooms, options: OrganizersOptions) {
		this.#store = store;
		this.#rooms = rooms;
		this.#options = options;
	}

	/**
	 * Records a sign-in: the organizer (added, or their name and address refreshed) and a new
	 * cookie value, returned this once; only its hash is stored.
	 */
	signIn(identity: Identity): { token: string; organizer: OrganizerView; expiresAt: number } {
		const now = this.#options.now();
		const organizer = this.#store.upsertOrganizer({
			id: newOrganizerId(),
			issuer: identity.issuer,
			subject: identity.subject,
			name: identity.name,
			email: identity.email.toLowerCase(),
			lastSignedInAt: now
		});
		const token = newCookieSecret();
		const expiresAt = now + this.#options.signInMs;
		this.#store.addSignIn({
			tokenHash: hashSecret(token),
			organizerId: organizer.id,
			createdAt: now,
			expiresAt
		});
		this.#store.pruneSignIns(organizer.id, now, SIGN_INS_KEPT);
		return { token, organizer: view(organizer), expiresAt };
	}

	/**
	 * The organizer a cookie value stands for, or undefined. Looked up by the value's SHA-256:
	 * the value has 256 random bits, so how long the lookup takes says nothing about a value
	 * anyone could guess.
	 */
	signedIn(token: string | undefined): OrganizerRecord | undefined {
		if (!token || token.length > 100) return undefined;
		const signIn = this.#store.getSignIn(hashSecret(token), this.#options.now());
		return signIn && this.#store.getOrganizer(signIn.organizerId);
	}

	signOut(token: string | undefined): void {
		if (token && token.length <= 100) this.#store.deleteSignIn(hashSecret(token));
	}

	/**
	 * Forgets organizers who have not signed in since `before` and organize no session (every
	 * session of theirs was erased): for the retention sweep, so a name and an address are not
	 * kept longer than the sessions they were kept for.
	 */
	forgetIdle(before: number): number {
		return this.#store.deleteIdleOrganizers(before);
	}

	/** Makes `organizerId` the creator of a session just made. */
	created(sessionId: string, title: string, organizerId: string): void {
		this.#store.addOwnedSession(sessionId, title);
		this.#store.addOwner(sessionId, organizerId, 'creator', this.#options.now());
	}

	/** A session of a series belongs to the organizers of the one before it. */
	follows(sessionId: string, title: string, previousId: string): void {
		const owners = this.#store.owners(previousId);
		if (owners.length === 0) return;
		this.#store.addOwnedSession(sessionId, title);
		const now = this.#options.now();
		for (const owner of owners)
			this.#store.addOwner(sessionId, owner.organizer.id, owner.role, now);
	}

	/** The sessions an organizer owns, most recently active first. */
	sessionsOf(organizerId: string): MySession[] {
		return this.#store.ownedSessions(organizerId).map((session) => ({
			id: session.sessionId,
			title: session.title,
			createdAt: session.createdAt,
			lastActiveAt: session.lastActiveAt,
			participants: session.participants,
			console: `/f/${session.sessionId}`,
			organizers: this.#store.owners(session.sessionId).map((owner) => ({
				...view(owner.organizer),
				role: owner.role,
				you: owner.organizer.id === organizerId
			}))
		}));
	}

	/**
	 * Refuses, as if the session did not exist, an organizer who does not own it: whether a
	 * session exists is not theirs to learn.
	 */
	requireOwner(sessionId: string, organizerId: string): void {
		if (!this.#store.isOwner(sessionId, organizerId)) throw sessionNotFound();
	}

	/**
	 * A console key of the organizer's own for a session they own, returned this once: the
	 * server keeps its hash and that of the projector key derived from it. Keys are stored
	 * hashed, so the session's own key cannot be handed out; each device gets a key instead, a
	 * few per organizer, the oldest dropped beyond that.
	 */
	consoleKey(sessionId: string, organizerId: string): string {
		this.requireOwner(sessionId, organizerId);
		const key = newFacilitatorKey();
		this.#store.addConsoleKey({
			id: newConsoleKeyId(),
			sessionId,
			organizerId,
			keyHash: hashSecret(key),
			screenKeyHash: hashSecret(screenKeyFor(key, sessionId)),
			createdAt: this.#options.now()
		});
		const own = this.#store
			.consoleKeys(sessionId)
			.filter((consoleKey) => consoleKey.organizerId === organizerId);
		for (const old of own.slice(
			0,
			Math.max(0, own.length - this.#options.consoleKeysPerOrganizer)
		)) {
			this.#store.deleteConsoleKey(old.id);
		}
		return key;
	}

	/**
	 * Adds a co-organizer to a session, found by the e-mail address they signed in with before
	 * (someone who never signed in is not known here). Adding an owner again changes nothing.
	 */
	addCoOrganizer(sessionId: string, organizerId: string, email: string): OrganizerView {
		this.requireOwner(sessionId, organizerId);
		const found = this.#store.findOrganizersByEmail(email.trim());
		// Two accounts with one address (a guest account, an address moved to someone else): the
		// address does not say who is meant, and a session is not handed to a guess.
		if (found.length > 1) {
			throw new HttpError(
				'organizer_ambiguous',
				'More than one person signed in with this e-mail address; it does not say who is meant.'
			);
		}
		const other = found[0];
		if (!other) {
			throw new HttpError(
				'organizer_not_found',
				'Nobody with this e-mail address has signed in to this board yet; ask them to sign in once first.'
			);
		}
		if (this.#store.isOwner(sessionId, other.id)) return view(other);
		if (this.#store.owners(sessionId).length >= this.#options.organizersPerSession) {
			throw new HttpError(
				'too_many_organizers',
				`A session has at most ${this.#options.organizersPerSession} organizers.`
			);
		}
		this.#store.addOwner(sessionId, other.id, 'co-organizer', this.#options.now());
		return view(other);
	}

	/**
	 * Removes an organizer from a session (an organizer may remove themselves): their console
	 * keys stop working and their open consoles and projectors are closed. The last organizer
	 * stays: a session nobody owns could only be erased by whoever kept its link.
	 */
	removeOrganizer(sessionId: string, organizerId: string, removedId: string): void {
		this.requireOwner(sessionId, organizerId);
		const owners = this.#store.owners(sessionId);
		if (!owners.some((owner) => owner.organizer.id === removedId)) {
			throw new HttpError('organizer_not_found', 'This organizer is not one of this session.');
		}
		if (owners.length === 1) {
			throw new HttpError(
				'last_organizer',
				'A session keeps at least one organizer; erase it instead, or add another organizer first.'
			);
		}
		this.#store.removeOwner(sessionId, removedId);
		this.#rooms.closePeersWhere(
			sessionId,
			(actor) => actor.organizerId === removedId,
			CloseCode.unauthorized,
			'no longer an organizer'
		);
	}
}
