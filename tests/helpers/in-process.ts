import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { HttpError } from '../../server/errors.ts';
import { applyIntent } from '../../server/intents/index.ts';
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import type { Actor } from '../../server/peer.ts';
import type { Room } from '../../server/room.ts';
import { AT_ONCE, type PublishPacing } from '../../server/publisher.ts';
import { Rooms } from '../../server/rooms.ts';
import { Sessions } from '../../server/sessions.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';
import { parseIntent } from '../../src/lib/intents/parse.ts';
import { CloseCode } from '../../src/lib/sync/close-codes.ts';

export const FACILITATOR: Actor = { role: 'facilitator', key: 'facilitator' };

export const participantActor = (participantId: string): Actor => ({
	role: 'participant',
	key: `p:${participantId}`,
	participantId
});

/** What an intent came back with, as the API would answer it. */
export interface Answer {
	status: number;
	code?: string;
}

export interface InProcessSession {
	/** Where the SQLite file and its write-ahead log are (`:memory:` for none). */
	dataDir: string;
	store: Store;
	rooms: Rooms;
	sessions: Sessions;
	/** The session's live room (loaded again if it was unloaded). */
	room(): Room;
	sessionId: string;
	/** Joins a participant; returns their id and the actor their token stands for. */
	join(profile?: { name?: string; perspective?: string }): { participantId: string; actor: Actor };
	/** Parses and applies an intent as the API does (a fresh id unless given). */
	send(actor: Actor, body: Record<string, unknown>, id?: string): Answer;
	facilitator(body: Record<string, unknown>, id?: string): Answer;
	/** Runs every publication that waits (a deferred one, or one the pacing held back), now. */
	flush(): void;
}

let intents = 0;

/**
 * The server's core without HTTP: a store (SQLite in a fresh temporary directory unless
 * `dataDir` is given, `:memory:` for none), rooms, sessions and the intent handlers, with one
 * session made from the default template, its agenda empty. Closed, and its directory removed, when the test ends.
 */
export function inProcessSession(
	options: { dataDir?: string; pacing?: PublishPacing } = {}
): InProcessSession {
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'koersbord-core-'));
	const store = openSqliteStore(dataDir);
	const rooms = new Rooms(store, {
		compactAfter: 500,
		idleMs: 60_000,
		// Every change published at once unless a test asks otherwise: what a test sees must not
		// depend on how fast this machine broadcasts.
		pacing: options.pacing ?? AT_ONCE
	});
	const sessions = new Sessions(store, rooms);
	onTestFinished(() => {
		rooms.closeAll(CloseCode.serverRestart, 'test over');
		store.close();
		if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
	});
	// An empty agenda: each test adds the steps it is about.
	const { id: sessionId } = sessions.create({
		title: 'Leersessie 1',
		template: 'born',
		locale: 'nl',
		agenda: 'empty'
	});
	const room = (): Room => rooms.get(sessionId);
	const send = (actor: Actor, body: Record<string, unknown>, id = `core-${++intents}`): Answer => {
		const parsed = parseIntent({ id, ...body });
		if (!parsed.ok) return { status: 400, code: parsed.code };
		try {
			applyIntent(store, room(), actor, parsed.intent, Date.now(), DEFAULT_LIMITS);
			return { status: 200 };
		} catch (error) {
			if (error instanceof HttpError) return { status: error.status, code: error.code };
			throw error;
		}
	};
	return {
		dataDir,
		store,
		rooms,
		sessions,
		room,
		sessionId,
		join(profile = {}) {
			const { participantId } = sessions.join(
				sessionId,
				profile,
				DEFAULT_LIMITS.participantsPerSession
			);
			return { participantId, actor: participantActor(participantId) };
		},
		send,
		facilitator: (body, id) => send(FACILITATOR, body, id),
		flush: () => room().publisher.flushAll()
	};
}
