import { describe, expect, it } from 'vitest';
import { readPrivateDotTally, readPrivatePollTally } from '../src/lib/model/private-doc.ts';
import { readStep } from '../src/lib/model/steps.ts';
import type { ConsentStep, DilemmaStep, PollStep, PollTally } from '../src/lib/model/types.ts';
import { inProcessSession, type InProcessSession } from '../tests/helpers/in-process.ts';

/** A session with `perspectives.length` participants and a poll `p` (live unless told). */
function pollSession(perspectives: string[], visibility: 'live' | 'hidden' = 'live') {
	const core = inProcessSession({ dataDir: ':memory:' });
	const people = perspectives.map((perspective) => core.join({ perspective }));
	expect(core.facilitator({ type: 'step.add', kind: 'poll' }, 'p').status).toBe(200);
	expect(core.facilitator({ type: 'step.update', stepId: 'p', visibility }).status).toBe(200);
	expect(core.facilitator({ type: 'poll.open', stepId: 'p' }).status).toBe(200);
	const vote = (i: number, choice: string) => {
		expect(core.send(people[i]!.actor, { type: 'vote.cast', stepId: 'p', choice }).status).toBe(
			200
		);
		core.flush();
	};
	return { core, people, vote, ...views(core, 'p') };
}

/** What the facilitators' document and the shared one say of poll `stepId`. */
function views(core: InProcessSession, stepId: string) {
	return {
		/** The facilitators' view: every release. */
		own: (): PollTally | undefined =>
			readPrivatePollTally(core.room().privateDoc, core.room().doc, stepId),
		/** What every phone and the projector have. */
		shared: (): PollTally => (readStep(core.room().doc, stepId) as PollStep).tally
	};
}

const zero = { ontmoetingsplaats: 0, leernetwerk: 0, facilitator: 0, 'bestuurlijk-hart': 0 };

describe('the release of a poll’s counts', () => {
	it('waits until three people changed their ballots, however often one of them did', () => {
		const { vote, own, shared } = pollSession(['wethouder', 'aanbieder', 'gi', 'onderwijs']);
		vote(0, 'leernetwerk');
		expect(shared()).toEqual({ voters: 1 });
		vote(1, 'facilitator');
		// One person changing their vote again and again is still one person.
		vote(0, 'facilitator');
		vote(0, 'bestuurlijk-hart');
		expect(shared()).toEqual({ voters: 2 });
		expect(own()).toEqual({ voters: 2 });
		vote(2, 'leernetwerk');
		expect(shared()).toEqual({
			voters: 3,
			totals: { ...zero, leernetwerk: 1, facilitator: 1, 'bestuurlijk-hart': 1 }
		});
		expect(own()).toEqual(shared());
		// A fourth vote moves the number of voters, not the counts: those would be that vote.
		vote(3, 'leernetwerk');
		expect(shared()).toEqual({
			voters: 4,
			totals: { ...zero, leernetwerk: 1, facilitator: 1, 'bestuurlijk-hart': 1 }
		});
		vote(0, 'leernetwerk');
		vote(1, 'leernetwerk');
		expect(shared().totals).toEqual({ ...zero, leernetwerk: 4 });
	});

	it('releases at once, with the breakdown, when the facilitator closes the poll', () => {
		const { core, vote, shared } = pollSession(['wethouder', 'wethouder', 'wethouder', 'gi']);
		vote(0, 'leernetwerk');
		vote(1, 'leernetwerk');
		vote(2, 'facilitator');
		vote(3, 'facilitator');
		expect(shared()).not.toHaveProperty('byPerspective');
		expect(core.facilitator({ type: 'poll.close', stepId: 'p' }).status).toBe(200);
		expect(shared()).toEqual({
			voters: 4,
			totals: { ...zero, leernetwerk: 2, facilitator: 2 },
			byPerspective: {},
			// One from GI next to three aldermen: the aldermen join GI, or GI would be seen.
			merged: {
				perspectives: ['gi', 'wethouder'],
				voters: 4,
				totals: { ...zero, leernetwerk: 2, facilitator: 2 }
			}
		});
	});

	it('shows hidden counts to the facilitators only once closed; a reveal shows them to the room', () => {
		const { core, vote, own, shared } = pollSession(['wethouder', 'aanbieder', 'gi'], 'hidden');
		vote(0, 'leernetwerk');
		vote(1, 'leernetwerk');
		vote(2, 'facilitator');
		// While open, not even facilitators see counts: one could close right after a tap.
		expect(own()).toEqual({ voters: 3 });
		expect(shared()).toEqual({ voters: 3 });
		vote(2, 'leernetwerk');
		expect(core.facilitator({ type: 'poll.close', stepId: 'p' }).status).toBe(200);
		expect(own()?.totals).toEqual({ ...zero, leernetwerk: 3 });
		expect(shared()).toEqual({ voters: 3 });
		expect(core.facilitator({ type: 'poll.reveal', stepId: 'p' }).status).toBe(200);
		expect(shared().totals).toEqual({ ...zero, leernetwerk: 3 });
	});

	it('releases nothing when people send their ballots again unchanged', () => {
		const { core, vote, shared } = pollSession(['aanbieder', 'aanbieder', 'gi', 'wethouder']);
		vote(0, 'leernetwerk');
		vote(1, 'leernetwerk');
		vote(2, 'facilitator');
		expect(shared().totals).toEqual({ ...zero, leernetwerk: 2, facilitator: 1 });
		// The alderman votes; two others send theirs again, unchanged: still one change only.
		vote(3, 'bestuurlijk-hart');
		vote(0, 'leernetwerk');
		vote(1, 'leernetwerk');
		expect(shared().voters).toBe(4);
		expect(shared().totals?.['bestuurlijk-hart']).toBe(0);
		expect(core.facilitator({ type: 'poll.close', stepId: 'p' }).status).toBe(200);
		expect(shared().totals?.['bestuurlijk-hart']).toBe(1);
	});

	it('starts a reset poll from nothing', () => {
		const { core, vote, own, shared } = pollSession(['wethouder', 'aanbieder', 'gi']);
		for (const i of [0, 1, 2]) vote(i, 'leernetwerk');
		expect(core.facilitator({ type: 'poll.reset', stepId: 'p' }).status).toBe(200);
		expect(shared()).toEqual({ voters: 0 });
		expect(own()).toEqual({ voters: 0 });
	});

	it('with open voting, releases every change and shows groups of one, as phones were told', () => {
		const core = inProcessSession({ dataDir: ':memory:' });
		expect(core.facilitator({ type: 'session.privacy', open: true, threshold: 3 }).status).toBe(
			200
		);
		const anna = core.join({ perspective: 'wethouder' });
		core.facilitator({ type: 'step.add', kind: 'poll' }, 'p');
		core.facilitator({ type: 'step.update', stepId: 'p', visibility: 'live' });
		core.facilitator({ type: 'poll.open', stepId: 'p' });
		core.send(anna.actor, { type: 'vote.cast', stepId: 'p', choice: 'leernetwerk' });
		core.flush();
		expect(views(core, 'p').shared()).toEqual({
			voters: 1,
			totals: { ...zero, leernetwerk: 1 },
			byPerspective: { wethouder: { voters: 1, totals: { ...zero, leernetwerk: 1 } } }
		});
	});
});

describe('the anonymity setting', () => {
	it('is the facilitator’s, and fixed once anyone has voted', () => {
		const { core, people, vote } = pollSession(['wethouder']);
		expect(
			core.send(people[0]!.actor, { type: 'session.privacy', open: true, threshold: 3 })
		).toMatchObject({ status: 403 });
		expect(core.facilitator({ type: 'session.privacy', open: false, threshold: 1 })).toEqual({
			status: 400,
			code: 'invalid_intent'
		});
		expect(core.facilitator({ type: 'session.privacy', open: false, threshold: 5 }).status).toBe(
			200
		);
		vote(0, 'leernetwerk');
		expect(core.facilitator({ type: 'session.privacy', open: true, threshold: 5 })).toEqual({
			status: 409,
			code: 'votes_cast'
		});
	});
});

describe('a changed perspective', () => {
	it('moves ballots of open rounds along, and leaves closed results as they were', () => {
		const core = inProcessSession({ dataDir: ':memory:' });
		const people = ['wethouder', 'wethouder', 'wethouder'].map((perspective) =>
			core.join({ perspective })
		);
		for (const id of ['closed', 'open']) {
			core.facilitator({ type: 'step.add', kind: 'poll' }, id);
			core.facilitator({ type: 'poll.open', stepId: id });
			for (const person of people) {
				core.send(person.actor, { type: 'vote.cast', stepId: id, choice: 'leernetwerk' });
			}
		}
		core.facilitator({ type: 'poll.close', stepId: 'closed' });
		core.flush();
		const closedBefore = views(core, 'closed').own();
		expect(closedBefore?.byPerspective?.wethouder?.voters).toBe(3);

		expect(
			core.send(people[0]!.actor, { type: 'participant.update', perspective: 'gi' }).status
		).toBe(200);
		core.flush();
		const stamped = Object.fromEntries(
			core.store
				.loadBallots(core.sessionId)
				.filter((b) => b.participantId === people[0]!.participantId)
				.map((b) => [b.stepId, b.perspective])
		);
		expect(stamped).toEqual({ closed: 'wethouder', open: 'gi' });
		expect(views(core, 'closed').own()).toEqual(closedBefore);
		core.facilitator({ type: 'poll.close', stepId: 'open' });
		expect(views(core, 'open').own()?.merged).toMatchObject({
			perspectives: ['gi', 'wethouder'],
			voters: 3
		});
	});
});

describe('a consent round', () => {
	it('publishes its reasons with its counts, once three answered, as one list in a fixed order', () => {
		const core = inProcessSession({ dataDir: ':memory:' });
		const people = ['wethouder', 'aanbieder', 'gi'].map((perspective) =>
			core.join({ perspective })
		);
		core.facilitator({ type: 'step.add', kind: 'consent' }, 'c');
		core.facilitator({ type: 'consent.open', stepId: 'c' });
		const round = () => (readStep(core.room().doc, 'c') as ConsentStep).rounds[0]!;
		const respond = (i: number, answer: string, reason?: string) => {
			core.send(people[i]!.actor, { type: 'consent.respond', stepId: 'c', answer, reason });
			core.flush();
		};
		respond(0, 'objection', 'zorgen over mandaat');
		respond(1, 'concern', 'Zorgvuldig');
		expect(round().tally).toMatchObject({
			voters: 2,
			counts: { consent: 0, concern: 0, objection: 0 }
		});
		expect(round().reasons).toEqual([]);
		respond(2, 'concern', 'Ëerst de regio’s');
		expect(round().tally.counts).toEqual({ consent: 0, concern: 2, objection: 1 });
		// By answer, then by text in code points: 'Z' before 'Ë', uppercase before lowercase.
		expect(round().reasons).toEqual([
			{ answer: 'concern', text: 'Zorgvuldig' },
			{ answer: 'concern', text: 'Ëerst de regio’s' },
			{ answer: 'objection', text: 'zorgen over mandaat' }
		]);
		expect(Array.isArray(core.room().doc.getMap('steps').toJSON().c.rounds[0].reasons)).toBe(true);
	});
});

describe('dots on a board', () => {
	it('show where they went once three people placed them; until then only how many did', () => {
		const core = inProcessSession({ dataDir: ':memory:' });
		const people = ['wethouder', 'aanbieder', 'gi'].map((perspective) =>
			core.join({ perspective })
		);
		core.facilitator({ type: 'step.add', kind: 'dilemmas' }, 'd');
		core.send(people[0]!.actor, { type: 'dilemma.post', stepId: 'd', text: 'Kaart' }, 'c1');
		core.facilitator({ type: 'dots.open', stepId: 'd', visibility: 'hidden' });
		const shared = () => (readStep(core.room().doc, 'd') as DilemmaStep).dotTally;
		const own = () => readPrivateDotTally(core.room().privateDoc, 'd');
		for (const [i, person] of people.entries()) {
			core.send(person.actor, { type: 'dots.place', stepId: 'd', cardId: 'c1' });
			core.flush();
			if (i < 2) expect(own()).toEqual({ voters: i + 1 });
		}
		// Hidden and open: not even the facilitators see where the dots went.
		expect(own()).toEqual({ voters: 3 });
		expect(shared()).toEqual({ voters: 3 });
		core.facilitator({ type: 'dots.close', stepId: 'd' });
		expect(own()).toEqual({ voters: 3, byCard: { c1: 3 } });
		expect(shared()).toEqual({ voters: 3 });
		core.facilitator({ type: 'dots.reveal', stepId: 'd' });
		expect(shared()).toEqual({ voters: 3, byCard: { c1: 3 } });
	});
});
