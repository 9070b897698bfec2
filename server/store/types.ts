import type { OrganizerStore } from './organizers.ts';

/** A session's row: what the server needs before it has loaded the session's document. */
export interface SessionRecord {
	id: string;
	joinCode: string;
	facilitatorKeyHash: Buffer;
	screenKeyHash: Buffer;
	createdAt: number;
	/** When the session was last in use (its room loaded or connected); its join code expires. */
	lastActiveAt: number;
	/** The session's read-only results link, when one is active (see Sessions.createResultsLink). */
	resultsKey?: ResultsKeyRecord;
	/** Since when the facilitator has closed the session to new participants; open without. */
	joinsClosedAt?: number;
}

/** A results link as stored: the hash of its key, never the key, and when it was made. */
export interface ResultsKeyRecord {
	hash: Buffer;
	createdAt: number;
}

export interface ParticipantRecord {
	sessionId: string;
	id: string;
	tokenHash: Buffer;
	createdAt: number;
}

/** A participant's answer to one round of a step; kept server-side, never in the shared doc. */
export interface BallotRecord {
	stepId: string;
	round: number;
	participantId: string;
	/** JSON of the ballot. */
	data: string;
	/** The voter's perspective when the ballot was cast (or re-stamped while its round was open). */
	perspective: string;
}

/**
 * A session has two documents, each with its own log: the shared one every device syncs, and
 * the facilitators' own (see src/lib/model/private-doc.ts).
 */
export type DocChannel = 'shared' | 'private';

/**
 * Everything the server persists. Synchronous on purpose: an intent is acknowledged only after
 * its update is on disk, and a synchronous store makes that ordering impossible to get wrong.
 */
export interface Store {
	/** Runs `fn` in one transaction (nested calls join the outer one). */
	transaction<T>(fn: () => T): T;

	/** Creates a session; its `lastActiveAt` is its creation time. */
	createSession(record: Omit<SessionRecord, 'lastActiveAt'>): void;
	/** Marks a session as in use at `at` (never moves the mark back). */
	touchSession(id: string, at: number): void;
	getSession(id: string): SessionRecord | undefined;
	findSessionByJoinCode(joinCode: string): SessionRecord | undefined;
	/** Sets the session's results link, replacing any earlier one; undefined removes it. */
	setResultsKey(sessionId: string, key: ResultsKeyRecord | undefined): void;
	/** Closes the session to new participants from `at`, or opens it again (undefined). */
	setJoinsClosed(sessionId: string, at: number | undefined): void;
	/** Ids of the sessions last in use before `before`, the longest unused first. */
	idleSessions(before: number): string[];
	/** Ids of every stored session. */
	sessionIds(): string[];
	/** Removes the session and everything that belongs to it; false when there was none. */
	deleteSession(id: string): boolean;

	addParticipant(record: ParticipantRecord): void;
	getParticipant(sessionId: string, id: string): ParticipantRecord | undefined;
	countParticipants(sessionId: string): number;

	/** A document's Yjs updates in the order they were appended (the shared one by default). */
	loadUpdates(sessionId: string, channel?: DocChannel): Uint8Array[];
	/** Appends one update; returns how many updates that document's log now holds. */
	appendUpdate(sessionId: string, update: Uint8Array, channel?: DocChannel): number;
	/** Replaces a document's whole log with one update holding the same state. */
	compact(sessionId: string, state: Uint8Array, channel?: DocChannel): void;
	/**
	 * Moves everything committed out of the write-ahead log into the database file and empties
	 * the log, so that overwritten and deleted rows (erased texts) leave no copy behind. It waits
	 * `waitMs` (none by default) for readers that hold part of the log, such as a backup; if they
	 * still do, it returns false and the store tries again, without waiting, until it succeeds.
	 * Deleting a session checkpoints this way by itself.
	 */
	checkpoint(options?: { waitMs?: number }): boolean;

	/** Stores (or replaces) a participant's ballot for a step's round. */
	putBallot(sessionId: string, ballot: BallotRecord, at: number): void;
	/** Removes every ballot of a step (a reset or a removed step). */
	deleteBallots(sessionId: string, stepId: string): void;
	/** Removes every ballot of one participant (their erasure). */
	deleteParticipantBallots(sessionId: string, participantId: string): void;
	loadBallots(sessionId: string): BallotRecord[];

	/** Records an applied intent; false when this actor already sent an intent with this id. */
	recordIntent(
		sessionId: string,
		actor: string,
		intentId: string,
		at: number,
		type?: string
	): boolean;
	/** How many intents of `type` an actor has had applied in a session. */
	countIntents(sessionId: string, actor: string, type: string): number;
	hasIntent(sessionId: string, actor: string, intentId: string): boolean;
	/** Ids of an actor's applied intents of one type (a participant's posted cards). */
	listIntents(sessionId: string, actor: string, type: string): string[];
	/** Forgets an actor: their intents and, for a participant, their record (token included). */
	deleteActor(sessionId: string, actor: string, participantId?: string): void;

	/** Organizers who sign in, the sessions they own and their console keys (organizers.ts). */
	readonly organizers: OrganizerStore;

	close(): void;
}
