import { collecting, roundOf } from '../src/lib/kinds/index.ts';
import { readStep, readStepIds } from '../src/lib/model/steps.ts';
import { serverKindOf } from './kinds/index.ts';
import { roundKey, type Release } from './release.ts';
import type { Room } from './room.ts';

/*
 * Publication of every step's counts, by its kind (server/kinds/<kind>/publish.ts), under the
 * release rule of release.ts.
 */

/** A step's counted round now: a poll's or a board's dots round, a consent step's last one. */
export const currentRound = roundOf;

/** Whether a step's current round takes ballots now. */
export const roundOpen = collecting;

/**
 * After a load the last release is not known: take the ballots as they are as released, so
 * that only later changes count (a change cut off by a restart shows at the close).
 */
export function assumeReleased(room: Room): void {
	for (const id of readStepIds(room.doc)) {
		const step = readStep(room.doc, id);
		if (!step) continue;
		for (const round of serverKindOf(step).rounds(step)) {
			room.released(roundKey(id, round), room.ballots.signatures(id, round));
		}
	}
}

/** Publishes every counted round of one step, releasing when due (or `now`). */
export function publishStep(room: Room, stepId: string, release: Release = 'due'): void {
	const step = readStep(room.doc, stepId);
	if (step) serverKindOf(step).publish(room, step, release);
}

/** Takes an erased participant's content off display in an open step (`ServerKind.withdraw`). */
export function withdrawFrom(room: Room, stepId: string): void {
	const step = readStep(room.doc, stepId);
	if (!step) return;
	serverKindOf(step).withdraw?.(room, step);
}

/** Publishes one counted round of a step (a consent step's by number; a poll's or board's current). */
export function publishRound(room: Room, stepId: string, round: number, release: Release): void {
	const step = readStep(room.doc, stepId);
	if (step) serverKindOf(step).publish(room, step, release, round);
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
