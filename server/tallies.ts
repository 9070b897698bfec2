import { readParticipants } from '../src/lib/model/session-doc.ts';
import {
	readStep,
	readStepIds,
	setConsentRound,
	setPollTally,
	sortReasons,
	stepMap
} from '../src/lib/model/steps.ts';
import {
	publishedTally,
	tallyConsent,
	tallyPoll,
	type CountedBallot
} from '../src/lib/model/tally.ts';
import type {
	DotBallot,
	DotTally,
	ConsentBallot,
	ConsentReason,
	ConsentTally,
	PollBallot,
	PollStep,
	PollTally
} from '../src/lib/model/types.ts';
import type { Room } from './room.ts';

/** A consent ballot as the server keeps it: with the opaque key its reason is published under. */
export interface StoredConsentBallot extends ConsentBallot {
	key: string;
}

function withPerspectives<B>(room: Room, ballots: ReadonlyMap<string, B>): CountedBallot<B>[] {
	const perspectives = new Map(readParticipants(room.doc).map((p) => [p.id, p.perspective]));
	return [...ballots].map(([participantId, ballot]) => ({
		perspective: perspectives.get(participantId) ?? '',
		ballot
	}));
}

/** The full tally of a poll's current round, hidden or not (for the facilitator). */
export function fullPollTally(room: Room, step: PollStep): PollTally {
	const ballots = room.ballots.round(step.id, step.round) as ReadonlyMap<string, PollBallot>;
	return tallyPoll(step.mode, step.options, withPerspectives(room, ballots));
}

export const resultsVisible = (step: Pick<PollStep, 'visibility' | 'revealed'>): boolean =>
	step.visibility === 'live' || step.revealed;

/** Recounts a poll and publishes what may be seen: all of it, or only how many voted. */
export function publishPollTally(room: Room, stepId: string): void {
	const step = readStep(room.doc, stepId);
	if (step?.kind !== 'poll') return;
	const tally = publishedTally(
		fullPollTally(room, step),
		resultsVisible(step),
		room.ballots.changes(stepId, step.round)
	);
	if (JSON.stringify(tally) !== JSON.stringify(step.tally)) setPollTally(room.doc, stepId, tally);
}

export function consentTally(room: Room, stepId: string, round: number): ConsentTally {
	const ballots = room.ballots.round(stepId, round) as ReadonlyMap<string, StoredConsentBallot>;
	return tallyConsent(withPerspectives(room, ballots));
}

/** Dots per card over every participant's dots in the round. */
export function fullDotTally(room: Room, stepId: string, round: number): DotTally {
	const byCard: Record<string, number> = {};
	let voters = 0;
	for (const ballot of (
		room.ballots.round(stepId, round) as ReadonlyMap<string, DotBallot>
	).values()) {
		const placed = Object.entries(ballot).filter(([, n]) => n > 0);
		if (placed.length > 0) voters++;
		for (const [cardId, n] of placed) byCard[cardId] = (byCard[cardId] ?? 0) + n;
	}
	return { voters, byCard };
}

/** Recounts a dilemma step's dots and publishes what may be seen. */
export function publishDotTally(room: Room, stepId: string): void {
	const step = readStep(room.doc, stepId);
	if (step?.kind !== 'dilemmas') return;
	const published = publishedTally(
		fullDotTally(room, stepId, step.dots.round),
		resultsVisible(step.dots),
		room.ballots.changes(stepId, step.dots.round)
	);
	if (JSON.stringify(published) !== JSON.stringify(step.dotTally)) {
		stepMap(room.doc, stepId)?.set('dotTally', published);
	}
}

/** A round's reasons by the opaque key each is published under. */
function reasonsByKey(room: Room, stepId: string, number: number): Map<string, ConsentReason> {
	const ballots = room.ballots.round(stepId, number) as ReadonlyMap<string, StoredConsentBallot>;
	const reasons = new Map<string, ConsentReason>();
	for (const ballot of ballots.values()) {
		if (ballot.reason && ballot.answer !== 'consent') {
			reasons.set(ballot.key, { answer: ballot.answer, text: ballot.reason });
		}
	}
	return reasons;
}

/** A round's reasons as the doc lists them: anonymous, in a fixed order. */
export function consentReasons(room: Room, stepId: string, number: number): ConsentReason[] {
	return sortReasons([...reasonsByKey(room, stepId, number).values()]);
}

/** Recounts one consent round and publishes its counts and anonymous reasons. */
export function publishConsentRound(room: Room, stepId: string, number: number): void {
	const tally = consentTally(room, stepId, number);
	setConsentRound(room.doc, stepId, number, tally, reasonsByKey(room, stepId, number));
}

/**
 * Publishes counts soon rather than at once (see Publisher): for the changes that come by the
 * hundred, as votes, responses and dots do.
 */
export function publishPollTallySoon(room: Room, stepId: string): void {
	room.publisher.schedule(`poll:${stepId}`, () => publishPollTally(room, stepId));
}

export function publishDotTallySoon(room: Room, stepId: string): void {
	room.publisher.schedule(`dots:${stepId}`, () => publishDotTally(room, stepId));
}

export function publishConsentRoundSoon(room: Room, stepId: string, number: number): void {
	room.publisher.schedule(`consent:${stepId}:${number}`, () =>
		publishConsentRound(room, stepId, number)
	);
}

/**
 * Recounts every step from its ballots and publishes what differs: after a participant changed
 * perspective, and when a room loads (a crash may have cut off a publication that was due).
 */
export function republishAll(room: Room, stepIds: Iterable<string> = readStepIds(room.doc)): void {
	for (const id of stepIds) {
		const step = readStep(room.doc, id);
		if (step?.kind === 'poll') publishPollTally(room, id);
		else if (step?.kind === 'dilemmas') publishDotTally(room, id);
		else if (step?.kind === 'consent') {
			for (const round of step.rounds) publishConsentRound(room, id, round.number);
		}
	}
}
