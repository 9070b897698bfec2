import type { ExportFormat } from './export/index.ts';
import type { Role } from '../src/lib/intents/types.ts';

/** A token bucket: `capacity` at once, then `perSecond` on average. */
export interface Rate {
	capacity: number;
	perSecond: number;
}

/**
 * Every limit the server enforces, in one place (docs/api.md lists them). Anyone can reach the
 * server and anyone can create a session, so every resource a client can make the server hold
 * (sockets, memory, CPU, disk) has a bound here. They are sized for the rooms the board is made
 * for (up to a thousand phones, possibly all behind one venue's NAT address) with room to spare.
 */
export interface Limits {
	/** Open sync sockets per credential: a phone needs one (two while it reconnects). */
	socketsPerCredential: Record<Role, number>;
	/** Open TCP connections (pages, API and sockets) per client address. */
	connectionsPerAddress: number;
	/** Open TCP connections over all clients; also capped below the process's file limit. */
	connections: number;
	/** Frames one sync socket may send. */
	framesPerSocket: Rate;
	/**
	 * How long a new sync socket may take to send its credential frame. Until then it holds no
	 * room, only a connection under its address's cap.
	 */
	socketAuthMs: number;
	/**
	 * Sync sockets from one client address that have not sent their credential frame yet. A
	 * socket waits one round trip for it, so a venue's thousand phones behind one address that
	 * reconnect at once are only slowed by this (each refused one retries after a backoff); a
	 * client that opens sockets and sends nothing holds this many, not its whole connection cap.
	 */
	pendingSocketsPerAddress: number;
	/** Sync sockets waiting for their credential frame over all clients. */
	pendingSockets: number;
	/** Largest Yjs update a facilitator's socket may send, in bytes. */
	updateBytes: number;
	/** Largest a session's document may grow, in bytes of its encoded state. */
	documentBytes: number;
	/** Intents (and other calls that change or export a session) per credential. */
	intentsPerCredential: Record<Role, Rate>;
	/** What an export (or a next session) costs from that bucket, besides an intent's 1. */
	exportCost: number;
	/**
	 * Exports over all sessions: a Word file takes the server's one thread for a tenth of a
	 * second or more, so sessions made only to export cannot crowd out live votes.
	 */
	exports: Rate;
	/**
	 * What each format takes from that bucket: a paged document holds the thread far longer
	 * (measured on the realistic session: Markdown or CSV a few ms, Word 0.4 s, PDF with its
	 * charts 1 s), so a flood of PDFs cannot keep the thread from the rooms' votes.
	 */
	exportWeight: Record<ExportFormat, number>;
	/**
	 * Reads of one session's results link: each builds the report, and the link may travel far
	 * beyond the room, so its readers share one bucket per session.
	 */
	resultsReads: Rate;
	participantsPerSession: number;
	stepsPerSession: number;
	cardsPerBoard: number;
	/** Cards one participant may post on one board (facilitators count only toward the board). */
	cardsPerParticipant: number;
	clustersPerBoard: number;
	/** Rounds of one consent step (each keeps a copy of the proposal). */
	roundsPerConsent: number;
	/** Sessions one client address may create. */
	sessionsPerAddress: Rate;
	/** Sessions created over all clients: bounds the disk an army of addresses can fill. */
	sessions: Rate;
	/** Joins of one session from one client address: bounds ballot stuffing by rejoining. */
	joinsPerAddressAndSession: Rate;
	/** Wrong join codes from one client address. */
	failedJoinsPerAddress: Rate;
	/** Wrong join codes over all clients: the ceiling that bounds guessing from many addresses. */
	failedJoins: Rate;
	/** Wrong organizer keys from one client address (an operator may choose a memorable key). */
	failedOrganizerKeysPerAddress: Rate;
	/** Wrong organizer keys over all clients. */
	failedOrganizerKeys: Rate;
	/**
	 * While the ceilings above are reached, an address that sent a wrong code within this long is
	 * refused outright; one with a clean record is still heard, so a room keeps joining.
	 */
	failedJoinMemoryMs: number;
	/** A session's join code works until it has been idle this long. */
	joinCodeIdleMs: number;
	/** Sessions loaded in memory at once. */
	liveRooms: number;
	/** Sign-ins one client address may start (each is remembered until it returns or expires). */
	signInsPerAddress: Rate;
	/** Sign-ins started and not yet back from the identity provider, over all clients. */
	pendingSignIns: number;
	/** Calls of one signed-in organizer to the organizer endpoints. */
	organizerCalls: Rate;
	/** Organizers (the creator and co-organizers) of one session. */
	organizersPerSession: number;
	/** Console keys one organizer holds for one session; a new one beyond it drops the oldest. */
	consoleKeysPerOrganizer: number;
}

const DAY = 24 * 60 * 60 * 1000;

export const DEFAULT_LIMITS: Limits = {
	socketsPerCredential: { participant: 2, screen: 4, facilitator: 8 },
	connectionsPerAddress: 2_500,
	connections: 15_000,
	framesPerSocket: { capacity: 300, perSecond: 60 },
	// The frame follows the handshake at once; a phone's slow network still gets seconds.
	socketAuthMs: 5_000,
	pendingSocketsPerAddress: 250,
	// A third of the connections: sockets that have said nothing cannot take the place of the
	// ones in rooms, and it takes twenty addresses at their own cap to reach it.
	pendingSockets: 5_000,
	updateBytes: 256 * 1024,
	documentBytes: 4 * 1024 * 1024,
	intentsPerCredential: {
		participant: { capacity: 30, perSecond: 5 },
		screen: { capacity: 30, perSecond: 5 },
		facilitator: { capacity: 300, perSecond: 50 }
	},
	exportCost: 20,
	exports: { capacity: 20, perSecond: 2 },
	// At most a PDF every 5 s or a Word file every 2.5 s over all sessions once the burst is
	// spent: a fifth of one core; a facilitator's PDF, Word, Markdown and CSV at once still fit.
	exportWeight: { pdf: 10, docx: 5, md: 1, csv: 1 },
	resultsReads: { capacity: 30, perSecond: 1 },
	participantsPerSession: 2_000,
	stepsPerSession: 60,
	cardsPerBoard: 400,
	cardsPerParticipant: 30,
	clustersPerBoard: 30,
	roundsPerConsent: 20,
	sessionsPerAddress: { capacity: 20, perSecond: 1 / 30 },
	sessions: { capacity: 2_000, perSecond: 1 },
	joinsPerAddressAndSession: { capacity: 40, perSecond: 1 },
	failedJoinsPerAddress: { capacity: 30, perSecond: 1 / 20 },
	failedJoins: { capacity: 600, perSecond: 0.2 },
	failedOrganizerKeysPerAddress: { capacity: 10, perSecond: 1 / 60 },
	failedOrganizerKeys: { capacity: 100, perSecond: 1 / 10 },
	failedJoinMemoryMs: 7 * DAY,
	joinCodeIdleMs: 7 * DAY,
	liveRooms: 500,
	signInsPerAddress: { capacity: 30, perSecond: 1 / 10 },
	pendingSignIns: 10_000,
	organizerCalls: { capacity: 60, perSecond: 2 },
	organizersPerSession: 20,
	consoleKeysPerOrganizer: 5
};
