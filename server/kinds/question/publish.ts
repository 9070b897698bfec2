import { ballotAnswers } from '../../../src/lib/kinds/question/answers.ts';
import { setQuestionPublished } from '../../../src/lib/kinds/question/model.ts';
import {
	answerState,
	pruneModeration,
	readModeration,
	readReleased,
	setReleased
} from '../../../src/lib/kinds/question/private.ts';
import { readPrivacy, smallestGroup } from '../../../src/lib/model/anonymity.ts';
import { readStep } from '../../../src/lib/model/steps.ts';
import { publishSoon, roundKey, shouldRelease, type Release } from '../../release.ts';
import type { Room } from '../../room.ts';

/**
 * Publishes an open question: how many answered, soon after every answer; the answers
 * themselves only as releases (see release.ts), like counts:
 *
 * - A release takes every answer of the round, but only once at least the smallest group
 *   changed their answers since the last one, or at the close (`now`): a new answer on the
 *   wall the moment someone taps would tell whoever watches that person what they wrote.
 * - Nothing is released while fewer than the smallest group answered at all: a handful of
 *   answers from one or two people would be theirs to read.
 * - A release goes first to the facilitators' document, whole; the room's document gets the
 *   released answers a facilitator did not hide (and, on a moderated question, approved).
 *   Moderation releases nothing that was not due anyway: it chooses among what was released
 *   already, so a facilitator cannot make one person's new answer appear by pressing a button.
 *
 * An answer taken out of a document (taken back, hidden, its author erased) is erased from the
 * store within the erasure interval. Taken back, it leaves the wall with the next release; its
 * author erased, at once (`withdraw`: the person asked for it, and was told that whoever compares
 * before and after may tell what was theirs).
 */
export function publishQuestion(
	room: Room,
	stepId: string,
	release: Release = 'due',
	{ withdraw = false } = {}
): void {
	const step = readStep(room.doc, stepId);
	if (step?.kind !== 'question') return;
	const key = roundKey(stepId, step.round);
	const ballots = room.ballots
		.counted(stepId, step.round)
		.map(({ ballot }) => ballotAnswers(ballot));
	const voters = ballots.filter((answers) => answers.length > 0).length;
	const all = ballots.flat();
	const enough = voters >= smallestGroup(readPrivacy(room.doc));
	const { privateDoc } = room;
	let removed = false;
	if (shouldRelease(room, key, release)) {
		privateDoc.transact(() => {
			removed = setReleased(privateDoc, stepId, enough ? all : []);
			pruneModeration(privateDoc, stepId, new Set(all.map((answer) => answer.id)));
		});
		room.released(key, room.ballots.signatures(stepId, step.round));
	} else if (withdraw) {
		// Someone was erased: their answers leave the wall now, and nothing new comes on it.
		const still = new Set(all.map((answer) => answer.id));
		const kept = readReleased(privateDoc, stepId).filter((answer) => still.has(answer.id));
		privateDoc.transact(() => {
			removed = setReleased(privateDoc, stepId, enough ? kept : []);
		});
	}
	const decisions = readModeration(room.privateDoc, stepId);
	const shown = readReleased(room.privateDoc, stepId).filter(
		(answer) => answerState(decisions.get(answer.id), step.moderated) === 'shown'
	);
	if (setQuestionPublished(room.doc, stepId, { voters, answers: shown }) || removed) {
		room.scheduleErasure();
	}
}

/** Publishes soon after a participant's answers changed (see `publishSoon`). */
export function publishQuestionSoon(room: Room, stepId: string, round: number, by: string): void {
	publishSoon(room, { stepId, round, by, key: `question:${stepId}` }, () =>
		publishQuestion(room, stepId)
	);
}
