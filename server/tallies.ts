import { readParticipants } from '../src/lib/model/session-doc.ts';
import { readStep, setConsentTally, setPollTally, stepMap } from '../src/lib/model/steps.ts';
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
	setPollTally(room.doc, stepId, publishedTally(fullPollTally(room, step), resultsVisible(step)));
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
	const tally = fullDotTally(room, stepId, step.dots.round);
	const visible = step.dots.visibility === 'live' || step.dots.revealed;
	stepMap(room.doc, stepId)?.set('dotTally', visible ? tally : { voters: tally.voters });
}

/** Recounts every step, as after a participant changed perspective. */
export function republishAll(room: Room, stepIds: Iterable<string>): void {
	for (const id of stepIds) {
		const step = readStep(room.doc, id);
		if (step?.kind === 'poll') publishPollTally(room, id);
		else if (step?.kind === 'consent' && step.rounds.length > 0) {
			const round = step.rounds.length;
			setConsentTally(room.doc, id, consentTally(room, id, round));
		}
	}
}
