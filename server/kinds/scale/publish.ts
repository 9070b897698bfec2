import { countScale, releaseScale } from '../../../src/lib/kinds/scale/count.ts';
import {
	readPrivateScaleTally,
	setPrivateScaleTally,
	setScaleTally
} from '../../../src/lib/kinds/scale/model.ts';
import type { ScaleBallot, ScaleStep, ScaleTally } from '../../../src/lib/kinds/scale/types.ts';
import { isPlainObject } from '../../../src/lib/model/read-safe.ts';
import type { CountedBallot } from '../../../src/lib/model/tally.ts';
import { roundKey } from '../../release.ts';
import type { Room } from '../../room.ts';
import { countedPublication } from '../rounds.ts';

/*
 * A scale step's publication, as a poll's (server/kinds/rounds.ts), with one rule more: each
 * statement's distribution is shown on its own, so each moves on its own. Three people changing
 * their answers to the step would otherwise release one person's change to one statement along
 * with theirs to another. So, while the round is open, a statement's distribution moves only
 * once at least the smallest group changed their answer to that statement since it last moved.
 */

/** A statement's key under the release rule. */
const statementKey = (step: ScaleStep, statementId: string): string =>
	`${roundKey(step.id, step.round)}/${statementId}`;

/** Each statement's answers now: the point each participant chose, by statement. */
function answersByStatement(room: Room, step: ScaleStep): Map<string, Map<string, string>> {
	const answers = new Map(step.statements.map((s) => [s.id, new Map<string, string>()]));
	for (const participantId of room.ballots.signatures(step.id, step.round).keys()) {
		const ballot = room.ballots.get(step.id, step.round, participantId) as ScaleBallot;
		for (const [statementId, own] of answers) {
			if (Object.hasOwn(ballot, statementId)) own.set(participantId, String(ballot[statementId]));
		}
	}
	return answers;
}

/**
 * A statement's answers when it last moved. Never moved in this process (the room was loaded
 * since, or nothing was released yet): the step's last release, or nothing. That baseline is never
 * older than what the room sees, so it can only count fewer changes than there were.
 */
function lastMoved(room: Room, step: ScaleStep, statementId: string): ReadonlyMap<string, string> {
	const own = room.releasedAt(statementKey(step, statementId));
	if (own) return own;
	const answers = new Map<string, string>();
	for (const [participantId, signature] of room.releasedAt(roundKey(step.id, step.round)) ?? []) {
		const ballot: unknown = JSON.parse(signature);
		if (isPlainObject(ballot) && Object.hasOwn(ballot, statementId)) {
			answers.set(participantId, String(ballot[statementId]));
		}
	}
	return answers;
}

/** How many people's answers differ between two moments (given, changed or taken away). */
function changedBetween(now: ReadonlyMap<string, string>, before: ReadonlyMap<string, string>) {
	let changed = 0;
	for (const [participantId, point] of now) if (before.get(participantId) !== point) changed++;
	for (const participantId of before.keys()) if (!now.has(participantId)) changed++;
	return changed;
}

export const { publish: publishScaleTally, publishAfterBallot: publishScaleTallySoon } =
	countedPublication<'scale', ScaleTally>({
		kind: 'scale',
		count(room, step, smallest, split, { release, previous }) {
			const ballots = room.ballots.counted(step.id, step.round) as CountedBallot<ScaleBallot>[];
			const counts = countScale(
				step.statements.map((s) => s.id),
				step.labels.length,
				ballots
			);
			const fresh = releaseScale(counts, smallest, split);
			const answers = answersByStatement(room, step);
			// Closed, revealed, reset or open voting: everything moves together.
			if (release === 'now' || split || smallest <= 1 || !fresh.byStatement) {
				for (const [statementId, now] of answers) {
					room.released(statementKey(step, statementId), now);
				}
				return fresh;
			}
			const byStatement: Record<string, number[]> = {};
			for (const [statementId, now] of answers) {
				const moves = changedBetween(now, lastMoved(room, step, statementId)) >= smallest;
				const shown = moves ? fresh.byStatement[statementId] : previous?.byStatement?.[statementId];
				if (moves) room.released(statementKey(step, statementId), now);
				if (shown) byStatement[statementId] = shown;
			}
			return { byStatement };
		},
		readOwn: (room, step) => readPrivateScaleTally(room.privateDoc, room.doc, step.id),
		writeOwn: (room, step, tally) =>
			setPrivateScaleTally(room.privateDoc, room.doc, step.id, tally),
		shown: (step) => step.tally,
		writeShown: (room, step, tally) => setScaleTally(room.doc, step.id, tally)
	});
