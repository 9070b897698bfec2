import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readHiddenCard } from '../src/lib/model/private-doc.ts';
import { readParticipants, readParticipation } from '../src/lib/model/session-doc.ts';
import { readStep } from '../src/lib/model/steps.ts';
import { countConsent, countPoll, releaseConsent, releasePoll } from '../src/lib/model/tally.ts';
import type { ConsentStep, DilemmaStep, PollBallot, PollStep } from '../src/lib/model/types.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { inProcessSession, type InProcessSession } from '../tests/helpers/in-process.ts';
import {
	api,
	createSession,
	joinSession,
	sessionClient,
	startTestServer,
	type Joined
} from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';
import { ERASE_WITHIN_MS } from './room.ts';
import { facilitatorSnapshot } from './snapshot.ts';
import { DATABASE_FILE } from './store/sqlite.ts';

afterEach(() => vi.useRealTimers());

/** How often `text` (as UTF-8) is in the database file and in its write-ahead log. */
function onDisk(dataDir: string, text: string): { database: number; log: number } {
	const count = (file: string): number => {
		if (!existsSync(file)) return 0;
		const bytes = readFileSync(file);
		const needle = Buffer.from(text, 'utf8');
		let n = 0;
		for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) n++;
		return n;
	};
	const database = join(dataDir, DATABASE_FILE);
	return { database: count(database), log: count(`${database}-wal`) };
}

/** How many of a session's stored updates of one document hold `text`. */
function storedIn(core: InProcessSession, channel: 'shared' | 'private', text: string): number {
	const needle = Buffer.from(text, 'utf8');
	return core.store
		.loadUpdates(core.sessionId, channel)
		.filter((update) => Buffer.from(update).includes(needle)).length;
}

/** A session on a real SQLite file with a board `d` and one card `c1` by a named participant. */
function boardWithCard(text: string) {
	const core = inProcessSession();
	const anna = core.join({ name: 'Anna Verbeek', perspective: 'wethouder' });
	expect(core.facilitator({ type: 'step.add', kind: 'dilemmas' }, 'd').status).toBe(200);
	expect(
		core.send(
			anna.actor,
			{ type: 'dilemma.post', stepId: 'd', text, poleA: 'Sturen', showName: true },
			'c1'
		).status
	).toBe(200);
	const card = () => (readStep(core.room().doc, 'd') as DilemmaStep).cards[0]!;
	return { core, anna, card };
}

describe('after a hide or an edit plus compaction', () => {
	it('the hidden card’s words are gone from the database and its log, but for the facilitators’ own copy', () => {
		const secret = 'Wethouder X liegt over de wachtlijst';
		const { core, card } = boardWithCard(secret);
		// Stored as soon as it was posted (in the log, not yet in the database file).
		expect(onDisk(core.dataDir, secret).log).toBeGreaterThan(0);

		expect(core.facilitator({ type: 'dilemma.hide', stepId: 'd', cardId: 'c1' }).status).toBe(200);
		core.room().eraseNow();

		expect(card()).toMatchObject({ hidden: true, text: '', poleA: '', author: '' });
		expect(storedIn(core, 'shared', secret)).toBe(0);
		// The one copy left is the facilitators' document, which a restore needs.
		expect(storedIn(core, 'private', secret)).toBe(1);
		expect(onDisk(core.dataDir, secret)).toEqual({ database: 1, log: 0 });
		const board = facilitatorSnapshot(core.room()).steps.find((s) => s.id === 'd') as DilemmaStep;
		expect(board.cards[0]).toMatchObject({
			hidden: true,
			text: secret,
			poleA: 'Sturen',
			author: 'Anna Verbeek'
		});

		expect(core.facilitator({ type: 'dilemma.restore', stepId: 'd', cardId: 'c1' }).status).toBe(
			200
		);
		expect(card()).toMatchObject({ hidden: false, text: secret, author: 'Anna Verbeek' });
		expect(readHiddenCard(core.room().privateDoc, 'c1')).toBeUndefined();
	});

	it('the words an edit replaced are gone from the database and its log', () => {
		const secret = 'Scheldwoord over de regio Noord';
		const { core, card } = boardWithCard(secret);
		expect(
			core.facilitator({ type: 'dilemma.edit', stepId: 'd', cardId: 'c1', text: 'Netjes verwoord' })
				.status
		).toBe(200);
		core.room().eraseNow();
		expect(card().text).toBe('Netjes verwoord');
		expect(onDisk(core.dataDir, secret)).toEqual({ database: 0, log: 0 });
		expect(onDisk(core.dataDir, 'Netjes verwoord').database).toBeGreaterThan(0);
	});

	it('the words an edit of a hidden card replaced are gone, from the facilitators’ copy too', () => {
		const secret = 'Scheldwoord over de regio Zuid';
		const { core } = boardWithCard(secret);
		core.facilitator({ type: 'dilemma.hide', stepId: 'd', cardId: 'c1' });
		core.facilitator({ type: 'dilemma.edit', stepId: 'd', cardId: 'c1', text: 'Netjes verwoord' });
		core.room().eraseNow();
		expect(onDisk(core.dataDir, secret)).toEqual({ database: 0, log: 0 });
		expect(readHiddenCard(core.room().privateDoc, 'c1')?.text).toBe('Netjes verwoord');
	});

	it('the words of a hidden card on a removed board are gone, from the facilitators’ copy too', () => {
		const secret = 'Verborgen kaart op een bord dat weg moet';
		const { core } = boardWithCard(secret);
		core.facilitator({ type: 'dilemma.hide', stepId: 'd', cardId: 'c1' });
		expect(core.facilitator({ type: 'step.remove', stepId: 'd' }).status).toBe(200);
		expect(core.room().erasurePending).toBe(true);
		core.room().eraseNow();
		expect(readHiddenCard(core.room().privateDoc, 'c1')).toBeUndefined();
		expect(onDisk(core.dataDir, secret)).toEqual({ database: 0, log: 0 });
	});

	it('within half a minute by itself: a rewritten consent reason leaves no copy behind', () => {
		vi.useFakeTimers();
		const core = inProcessSession();
		const people = ['wethouder', 'aanbieder', 'gi'].map((perspective) =>
			core.join({ perspective })
		);
		core.facilitator({ type: 'step.add', kind: 'consent' }, 'c');
		core.facilitator({ type: 'consent.open', stepId: 'c' });
		const old = 'Mijn eerste bezwaar, met namen';
		const respond = (i: number, answer: string, reason: string) =>
			core.send(people[i]!.actor, { type: 'consent.respond', stepId: 'c', answer, reason });
		respond(0, 'objection', old);
		respond(1, 'concern', 'Let op de kosten');
		respond(2, 'consent', '');
		core.flush();
		const reasons = () => (readStep(core.room().doc, 'c') as ConsentStep).rounds[0]!.reasons;
		// Three answered: the reason was published to the room.
		expect(reasons().map((r) => r.text)).toContain(old);

		respond(0, 'objection', 'Een nieuw bezwaar');
		core.facilitator({ type: 'consent.close', stepId: 'c' });
		expect(reasons().map((r) => r.text)).toEqual(['Let op de kosten', 'Een nieuw bezwaar']);
		vi.advanceTimersByTime(ERASE_WITHIN_MS - 1);
		// Not yet: the store still holds the old words somewhere.
		const before = onDisk(core.dataDir, old);
		expect(before.database + before.log).toBeGreaterThan(0);
		vi.advanceTimersByTime(1);
		expect(onDisk(core.dataDir, old)).toEqual({ database: 0, log: 0 });
		expect(onDisk(core.dataDir, 'Een nieuw bezwaar').database).toBeGreaterThan(0);
	});
});

describe('erasing one participant', () => {
	const NAME = 'Anna Verbeek';
	const OBJECTION = 'Mijn bezwaar: de wethouder van Noord';
	const CARD = 'Sturen of loslaten, vraagt Anna';
	const HIDDEN_CARD = 'Een kaart van Anna die verborgen is';

	/**
	 * Anna (an alderman) and three providers have voted in a poll, answered a consent round (Anna
	 * with an objection) and placed dots; Anna posted two cards under her name, one now hidden.
	 */
	async function sessionWithAnswers() {
		const server = await startTestServer();
		const session = await createSession(server);
		const { send, facilitator, snapshot } = sessionClient(server, session);
		const anna = await joinSession(server, session.joinCode, {
			name: NAME,
			perspective: 'wethouder'
		});
		const others: Joined[] = [];
		for (let i = 0; i < 3; i++) {
			others.push(await joinSession(server, session.joinCode, { perspective: 'aanbieder' }));
		}
		const ok = async (answer: Promise<{ status: number }>) =>
			expect((await answer).status).toBe(200);
		const everyone = [anna, ...others];

		await ok(facilitator({ type: 'step.add', kind: 'dilemmas' }, 'd'));
		await ok(
			send(anna.token, { type: 'dilemma.post', stepId: 'd', text: CARD, showName: true }, 'c1')
		);
		await ok(
			send(
				anna.token,
				{ type: 'dilemma.post', stepId: 'd', text: HIDDEN_CARD, showName: true },
				'c2'
			)
		);
		await ok(send(others[0]!.token, { type: 'dilemma.post', stepId: 'd', text: 'Van Bo' }, 'c3'));
		await ok(facilitator({ type: 'dilemma.hide', stepId: 'd', cardId: 'c2' }));

		await ok(facilitator({ type: 'step.add', kind: 'poll' }, 'poll'));
		await ok(facilitator({ type: 'step.update', stepId: 'poll', visibility: 'live' }));
		await ok(facilitator({ type: 'poll.open', stepId: 'poll' }));
		const choices = ['bestuurlijk-hart', 'leernetwerk', 'leernetwerk', 'facilitator'];
		for (const [i, person] of everyone.entries()) {
			await ok(send(person.token, { type: 'vote.cast', stepId: 'poll', choice: choices[i] }));
		}
		await ok(facilitator({ type: 'poll.close', stepId: 'poll' }));

		await ok(facilitator({ type: 'step.add', kind: 'consent' }, 'c'));
		await ok(facilitator({ type: 'consent.open', stepId: 'c' }));
		const answers = [
			['objection', OBJECTION],
			['consent', ''],
			['concern', 'Let op de kosten'],
			['consent', '']
		] as const;
		for (const [i, person] of everyone.entries()) {
			const [answer, reason] = answers[i]!;
			await ok(send(person.token, { type: 'consent.respond', stepId: 'c', answer, reason }));
		}
		await ok(facilitator({ type: 'consent.close', stepId: 'c' }));

		await ok(facilitator({ type: 'dots.open', stepId: 'd', visibility: 'live' }));
		const dots = [['c1', 'c3'], ['c3'], ['c1'], ['c3']];
		for (const [i, person] of everyone.entries()) {
			for (const cardId of dots[i]!) {
				await ok(send(person.token, { type: 'dots.place', stepId: 'd', cardId }));
			}
		}
		await ok(facilitator({ type: 'dots.close', stepId: 'd' }));

		const before = await snapshot();
		expect((before.steps.find((s) => s.id === 'poll') as PollStep).tally.voters).toBe(4);
		expect((before.steps.find((s) => s.id === 'd') as DilemmaStep).dotTally.voters).toBe(4);
		return { server, session, anna, others, send, facilitator, snapshot, before };
	}

	it.each([
		['she erases herself', 'remove'],
		['she erases herself', 'keep'],
		['the facilitator erases her', 'remove'],
		['the facilitator erases her', 'keep']
	] as const)(
		'removes her data and counts everything again without her: %s, cards %s',
		async (who, cards) => {
			const { server, session, anna, others, send, facilitator, snapshot, before } =
				await sessionWithAnswers();
			const annaPhone = connectSync(server, session.id, anna.token);
			const boPhone = connectSync(server, session.id, others[0]!.token);
			const own = connectSync(server, session.id, session.facilitatorKey, { channel: 'private' });
			await Promise.all([annaPhone.synced, boPhone.synced, own.synced]);

			const erased =
				who === 'she erases herself'
					? await send(anna.token, { type: 'participant.erase', cards })
					: await facilitator({
							type: 'participant.erase',
							participantId: anna.participantId,
							cards
						});
			expect(erased.status).toBe(200);

			// Her phone's connection and token stop working.
			expect(await annaPhone.refused).toBe(CloseCode.unauthorized);
			const path = `/api/sessions/${session.id}`;
			expect(
				(
					await api(server, 'POST', `${path}/intents`, {
						credential: anna.token,
						body: { id: 'after', type: 'participant.update', name: 'Terug' }
					})
				).status
			).toBe(401);
			expect((await api(server, 'GET', `${path}/me`, { credential: anna.token })).status).toBe(401);
			expect((await api(server, 'GET', `${path}/ballots`, { credential: anna.token })).status).toBe(
				401
			);

			// What is released next (right after the answer: never in the update that carries the
			// change in who joined) is a count of the others' ballots, as if she never voted.
			const after = await vi.waitFor(async () => {
				const read = await snapshot();
				expect((read.steps.find((s) => s.id === 'poll') as PollStep).tally.voters).toBe(3);
				return read;
			});
			const poll = after.steps.find((s) => s.id === 'poll') as PollStep;
			const remaining = (choices: string[]) =>
				choices.map((choice) => ({
					perspective: 'aanbieder',
					ballot: { choice } as PollBallot
				}));
			expect(poll.tally).toEqual({
				voters: 3,
				...releasePoll(
					countPoll(
						'single',
						poll.options,
						remaining(['leernetwerk', 'leernetwerk', 'facilitator'])
					),
					3,
					true
				)
			});
			const round = (after.steps.find((s) => s.id === 'c') as ConsentStep).rounds[0]!;
			const answered = [
				{ perspective: 'aanbieder', ballot: { answer: 'consent' as const, reason: '' } },
				{
					perspective: 'aanbieder',
					ballot: { answer: 'concern' as const, reason: 'Let op de kosten' }
				},
				{ perspective: 'aanbieder', ballot: { answer: 'consent' as const, reason: '' } }
			];
			expect(round.tally).toEqual({
				voters: 3,
				...releaseConsent(countConsent(answered), 3, true)
			});
			expect(round.reasons).toEqual([{ answer: 'concern', text: 'Let op de kosten' }]);
			const board = after.steps.find((s) => s.id === 'd') as DilemmaStep;
			expect(board.dotTally).toEqual({ voters: 3, byCard: { c1: 1, c3: 2 } });
			expect(after.participants.map((p) => p.id)).not.toContain(anna.participantId);
			expect(after.counts).toMatchObject({
				total: 3,
				byPerspective: { wethouder: 0, aanbieder: 3 }
			});

			// Her cards are gone, or stay with nothing that points at her.
			if (cards === 'remove') {
				expect(board.cards.map((c) => c.id)).toEqual(['c3']);
			} else {
				expect(board.cards.map((c) => [c.id, c.author])).toEqual([
					['c1', ''],
					['c2', ''],
					['c3', '']
				]);
				expect(board.cards.find((c) => c.id === 'c2')).toMatchObject({
					hidden: true,
					text: HIDDEN_CARD
				});
			}
			const boardBefore = before.steps.find((s) => s.id === 'd') as DilemmaStep;
			expect(boardBefore.cards.find((c) => c.id === 'c1')?.author).toBe(NAME);

			// The facilitators' document has no record of her; the room's documents nothing of her.
			await vi.waitFor(() => expect(readParticipation(boPhone.doc).total).toBe(3));
			await vi.waitFor(() => expect(readParticipants(own.doc)).toHaveLength(3));
			expect(readParticipants(own.doc).map((p) => p.id)).not.toContain(anna.participantId);
			for (const doc of [boPhone.doc, own.doc]) {
				const json = JSON.stringify(doc.toJSON());
				for (const text of [NAME, OBJECTION, anna.participantId]) expect(json).not.toContain(text);
			}

			// Nothing of her stays in the store: no ballot, no intent, no participant, no words.
			await server.close();
			const db = new Database(join(server.dataDir, DATABASE_FILE), { readonly: true });
			const count = (sql: string, ...params: string[]): number =>
				(db.prepare(sql).get(...params) as { n: number }).n;
			const id = anna.participantId;
			expect(count('SELECT count(*) AS n FROM ballots WHERE participant_id = ?', id)).toBe(0);
			expect(count('SELECT count(*) AS n FROM intents WHERE actor = ?', `p:${id}`)).toBe(0);
			expect(count('SELECT count(*) AS n FROM participants WHERE id = ?', id)).toBe(0);
			expect(count("SELECT count(*) AS n FROM intents WHERE type = 'participant.erase'")).toBe(
				who === 'she erases herself' ? 0 : 1
			);
			expect(count('SELECT count(*) AS n FROM ballots')).toBe(3 + 3 + 3);
			db.close();
			const gone = [NAME, OBJECTION, ...(cards === 'remove' ? [CARD, HIDDEN_CARD] : [])];
			for (const text of gone) {
				expect(onDisk(server.dataDir, text), text).toEqual({ database: 0, log: 0 });
			}
		}
	);

	it('refuses a participant that is not there, and a facilitator who names nobody', async () => {
		const core = inProcessSession({ dataDir: ':memory:' });
		expect(
			core.facilitator({ type: 'participant.erase', participantId: 'nobody', cards: 'keep' })
		).toEqual({
			status: 404,
			code: 'participant_not_found'
		});
		expect(core.facilitator({ type: 'participant.erase', cards: 'keep' })).toEqual({
			status: 422,
			code: 'participant_required'
		});
		// A participant can only erase themselves, whatever id they name.
		const anna = core.join({ name: 'Anna' });
		const bo = core.join({ name: 'Bo' });
		expect(
			core.send(anna.actor, {
				type: 'participant.erase',
				participantId: bo.participantId,
				cards: 'keep'
			}).status
		).toBe(200);
		expect(readParticipants(core.room().privateDoc).map((p) => p.name)).toEqual(['Bo']);
		expect(core.store.getParticipant(core.sessionId, bo.participantId)).toBeDefined();
	});
});

describe('erasing a participant while a round is open', () => {
	it('does not release a lone new vote (erasing a second identity is a change like a vote)', async () => {
		const core = inProcessSession();
		const voters = [0, 1, 2].map(() => core.join({ perspective: 'aanbieder' }));
		const victim = core.join({ perspective: 'wethouder' });
		const second = core.join({ perspective: 'aanbieder' });
		expect(core.facilitator({ type: 'step.add', kind: 'poll' }, 'p').status).toBe(200);
		expect(core.facilitator({ type: 'step.update', stepId: 'p', visibility: 'live' }).status).toBe(
			200
		);
		expect(core.facilitator({ type: 'poll.open', stepId: 'p' }).status).toBe(200);
		for (const voter of voters) {
			core.send(voter.actor, { type: 'vote.cast', stepId: 'p', choice: 'ontmoetingsplaats' });
		}
		core.flush();
		const shown = () => (readStep(core.room().doc, 'p') as PollStep).tally;
		await vi.waitFor(() => expect(shown().totals?.ontmoetingsplaats).toBe(3));

		// A second identity votes, then the victim: two changes, fewer than three, not released.
		core.send(second.actor, { type: 'vote.cast', stepId: 'p', choice: 'leernetwerk' });
		core.send(victim.actor, { type: 'vote.cast', stepId: 'p', choice: 'bestuurlijk-hart' });
		core.flush();
		await vi.waitFor(() => expect(shown().voters).toBe(5));
		expect(shown().totals?.['bestuurlijk-hart']).toBe(0);

		// Erasing the second identity is one more change: still below three people since the release.
		expect(core.send(second.actor, { type: 'participant.erase', cards: 'keep' }).status).toBe(200);
		core.flush();
		await vi.waitFor(() => expect(shown().voters).toBe(4));
		expect(shown().totals?.['bestuurlijk-hart']).toBe(0);
		expect(shown().totals?.leernetwerk).toBe(0);

		// Closing releases everything, as the facilitator's action.
		expect(core.facilitator({ type: 'poll.close', stepId: 'p' }).status).toBe(200);
		expect(shown().totals).toMatchObject({ ontmoetingsplaats: 3, 'bestuurlijk-hart': 1 });
	});
});
