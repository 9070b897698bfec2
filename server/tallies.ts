import { readPrivacy, smallestGroup } from '../src/lib/model/anonymity.ts';
import { fillSourceDots } from '../src/lib/kinds/plan/model.ts';
import {
	readPrivateDotTally,
	readPrivatePollTally,
	setPrivateDotTally,
	setPrivatePollTally
} from '../src/lib/model/private-doc.ts';
import { readStep, readStepIds, stepMap } from '../src/lib/model/steps.ts';
import { setPollTally } from '../src/lib/kinds/poll/model.ts';
import { setConsentRound } from '../src/lib/kinds/consent/model.ts';
import {
	countConsent,
	countPoll,
	releaseConsent,
	releasePoll,
	resultsVisible,
	type CountedBallot
} from '../src/lib/model/tally.ts';
import type {
	ConsentBallot,
	ConsentReason,
	DotBallot,
	DotTally,
	PollBallot,
	PollTally
} from '../src/lib/model/types.ts';
import type { Room } from './room.ts';
import { collecting, roundOf } from '../src/lib/kinds/index.ts';

/*
 * Counts leave the server only as releases (see docs/architecture.md, "Anonymity"):
 *
 * - How many have voted is published soon after every ballot (at most once per publishing
 *   interval): it tells that someone voted, which the room sees anyway, never how.
 * - The counts themselves are released only when at least the session's smallest group of
 *   people (3 by default) have changed their ballots since the last release, or when the
 *   facilitator closes, resets or starts a round. So no change in a count can be timed to one
 *   person's tap. With open voting every change is released.
 * - A breakdown by perspective is released only for a closed round (with open voting, always),
 *   and only with groups of at least that size (`splitGroups`).
 *
 * A release goes to the facilitators' own document when results show or the round is closed,
 * and to the shared one when results show. A reveal counts afresh: the first counts a hidden
 * round shows are all its ballots at once.
 */

/** Which counted round a ballot belongs to: the key of its pending changes. */
const roundKey = (stepId: string, round: number): string => `${stepId}#${round}`;

/** A step's counted round now: a poll's or a board's dots round, a consent step's last one. */
export const currentRound = roundOf;

/** Whether a step's current round takes ballots now. */
export const roundOpen = collecting;

/** How a publication treats the counts: keep the last release, or release if enough changed. */
type Release = 'due' | 'now';

function shouldRelease(room: Room, key: string, release: Release): boolean {
	if (release === 'now') return true;
	return room.pendingChanges(key) >= smallestGroup(readPrivacy(room.doc));
}

/** Publishes a poll's number of voters, and releases its counts when due (or `now`). */
export function publishPollTally(room: Room, stepId: string, release: Release = 'due'): void {
	const step = readStep(room.doc, stepId);
	if (step?.kind !== 'poll') return;
	const key = roundKey(stepId, step.round);
	const voters = room.ballots.count(stepId, step.round);
	const current = readPrivatePollTally(room.privateDoc, room.doc, stepId);
	let tally: PollTally;
	if (shouldRelease(room, key, release)) {
		const privacy = readPrivacy(room.doc);
		const ballots = room.ballots.counted(stepId, step.round) as CountedBallot<PollBallot>[];
		const counts = countPoll(step.mode, step.options, ballots);
		tally = {
			voters,
			...releasePoll(counts, smallestGroup(privacy), step.status === 'closed' || privacy.open)
		};
		room.released(key, room.ballots.signatures(stepId, step.round));
	} else {
		tally = { ...current, voters };
	}
	// Facilitators see hidden counts only once the poll is closed: releases while it is open
	// would let one who knows the room close right after one person's tap and read that vote.
	const own: PollTally = resultsVisible(step) || step.status === 'closed' ? tally : { voters };
	if (JSON.stringify(current) !== JSON.stringify(own)) {
		room.privateDoc.transact(() => setPrivatePollTally(room.privateDoc, room.doc, stepId, own));
	}
	const shown: PollTally = resultsVisible(step) ? tally : { voters };
	if (JSON.stringify(shown) !== JSON.stringify(step.tally)) setPollTally(room.doc, stepId, shown);
}

/** Publishes a board's number of dot voters, and releases its dots when due (or `now`). */
export function publishDotTally(room: Room, stepId: string, release: Release = 'due'): void {
	const step = readStep(room.doc, stepId);
	if (step?.kind !== 'dilemmas') return;
	const round = step.dots.round;
	const key = roundKey(stepId, round);
	const ballots = room.ballots.counted(stepId, round) as CountedBallot<DotBallot>[];
	const voters = ballots.filter(({ ballot }) => Object.values(ballot).some((n) => n > 0)).length;
	const current = readPrivateDotTally(room.privateDoc, stepId);
	let tally: DotTally;
	if (shouldRelease(room, key, release)) {
		tally = { voters };
		if (voters >= smallestGroup(readPrivacy(room.doc))) {
			const byCard = new Map<string, number>();
			for (const { ballot } of ballots) {
				for (const [cardId, n] of Object.entries(ballot)) {
					if (n > 0) byCard.set(cardId, (byCard.get(cardId) ?? 0) + n);
				}
			}
			tally.byCard = Object.fromEntries(byCard);
		}
		room.released(key, room.ballots.signatures(stepId, round));
	} else {
		tally = { ...current, voters };
	}
	const own: DotTally =
		resultsVisible(step.dots) || step.dots.status === 'closed' ? tally : { voters };
	if (JSON.stringify(current) !== JSON.stringify(own)) {
		room.privateDoc.transact(() => setPrivateDotTally(room.privateDoc, stepId, own));
	}
	const shown: DotTally = resultsVisible(step.dots) ? tally : { voters };
	if (JSON.stringify(shown) !== JSON.stringify(step.dotTally)) {
		stepMap(room.doc, stepId)?.set('dotTally', shown);
	}
	// Plan items made while these dots were hidden get theirs once they show.
	if (shown.byCard) {
		for (const id of readStepIds(room.doc)) {
			const map = stepMap(room.doc, id);
			if (map?.get('kind') === 'plan') fillSourceDots(map, step, shown.byCard);
		}
	}
}

/**
 * Publishes a consent round's number of answers, and when due (or `now`) its counts and its
 * reasons: one list sorted by content, so neither its order nor any key points at an author.
 */
export function publishConsentRound(
	room: Room,
	stepId: string,
	number: number,
	release: Release = 'due'
): void {
	const step = readStep(room.doc, stepId);
	const round = step?.kind === 'consent' ? step.rounds[number - 1] : undefined;
	if (!round) return;
	const key = roundKey(stepId, number);
	const ballots = room.ballots.counted(stepId, number) as CountedBallot<ConsentBallot>[];
	const voters = ballots.length;
	if (!shouldRelease(room, key, release)) {
		setConsentRound(room.doc, stepId, number, { ...round.tally, voters });
		return;
	}
	const privacy = readPrivacy(room.doc);
	const threshold = smallestGroup(privacy);
	const released = releaseConsent(
		countConsent(ballots),
		threshold,
		round.status === 'closed' || privacy.open
	);
	// Reasons are shown with the counts, and like them only once enough people answered.
	const reasons: ConsentReason[] =
		voters >= threshold
			? ballots.flatMap(({ ballot }) =>
					ballot.reason && ballot.answer !== 'consent'
						? [{ answer: ballot.answer, text: ballot.reason }]
						: []
				)
			: [];
	setConsentRound(room.doc, stepId, number, { voters, ...released }, reasons);
	room.released(key, room.ballots.signatures(stepId, number));
}

/** Notes a participant's ballot of a round as it is now, for the release rule. */
export function noteChange(room: Room, stepId: string, round: number, participantId: string): void {
	room.noteChange(
		roundKey(stepId, round),
		participantId,
		room.ballots.signature(stepId, round, participantId)
	);
}

/**
 * After a load the last release is not known: take the ballots as they are as released, so
 * that only later changes count (a change cut off by a restart shows at the close).
 */
export function assumeReleased(room: Room): void {
	for (const id of readStepIds(room.doc)) {
		const step = readStep(room.doc, id);
		const rounds =
			step?.kind === 'consent' ? step.rounds.map((r) => r.number) : [step && currentRound(step)];
		for (const round of rounds) {
			if (round !== undefined) {
				room.released(roundKey(id, round), room.ballots.signatures(id, round));
			}
		}
	}
}

/**
 * Publishes counts soon rather than at once (see Publisher): for the changes that come by the
 * hundred, as votes, responses and dots do. Each is a change by `participantId`.
 */
export function publishPollTallySoon(room: Room, stepId: string, round: number, by: string): void {
	noteChange(room, stepId, round, by);
	room.publisher.schedule(`poll:${stepId}`, () => publishPollTally(room, stepId));
}

export function publishDotTallySoon(room: Room, stepId: string, round: number, by: string): void {
	noteChange(room, stepId, round, by);
	room.publisher.schedule(`dots:${stepId}`, () => publishDotTally(room, stepId));
}

export function publishConsentRoundSoon(
	room: Room,
	stepId: string,
	number: number,
	by: string
): void {
	noteChange(room, stepId, number, by);
	room.publisher.schedule(`consent:${stepId}:${number}`, () =>
		publishConsentRound(room, stepId, number)
	);
}

/** Publishes one step's current round, releasing when due (or `now`). */
export function publishStep(room: Room, stepId: string, release: Release = 'due'): void {
	const step = readStep(room.doc, stepId);
	if (step?.kind === 'poll') publishPollTally(room, stepId, release);
	else if (step?.kind === 'dilemmas') publishDotTally(room, stepId, release);
	else if (step?.kind === 'consent') {
		for (const round of step.rounds) publishConsentRound(room, stepId, round.number, release);
	}
}

/** Publishes one counted round of a step (a consent step's by number; a poll's or board's current). */
export function publishRound(room: Room, stepId: string, round: number, release: Release): void {
	const step = readStep(room.doc, stepId);
	if (step?.kind === 'consent') publishConsentRound(room, stepId, round, release);
	else if (step && currentRound(step) === round) publishStep(room, stepId, release);
}

/**
 * Publishes every step: when a room loads (a crash may have cut off a publication that was
 * due: numbers of voters are brought up to date, releases stay as they were), or with `now`
 * after the counts changed other than by a ballot (a participant's answers erased).
 */
export function publishAll(
	room: Room,
	release: Release = 'due',
	stepIds: Iterable<string> = readStepIds(room.doc)
): void {
	for (const id of stepIds) publishStep(room, id, release);
}
