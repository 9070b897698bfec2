import { countScale, releaseScale } from '../../../src/lib/kinds/scale/count.ts';
import {
	readPrivateScaleTally,
	setPrivateScaleTally,
	setScaleTally
} from '../../../src/lib/kinds/scale/model.ts';
import type { ScaleBallot, ScaleTally } from '../../../src/lib/kinds/scale/types.ts';
import type { CountedBallot } from '../../../src/lib/model/tally.ts';
import { countedPublication } from '../rounds.ts';

/**
 * A scale step's publication, as a poll's (server/kinds/rounds.ts): each statement's
 * distribution, per perspective once closed; the tally packed in both documents (codec.ts).
 */
export const { publish: publishScaleTally, publishAfterBallot: publishScaleTallySoon } =
	countedPublication<'scale', ScaleTally>({
		kind: 'scale',
		count(room, step, smallest, split) {
			const ballots = room.ballots.counted(step.id, step.round) as CountedBallot<ScaleBallot>[];
			const counts = countScale(
				step.statements.map((s) => s.id),
				step.labels.length,
				ballots
			);
			return releaseScale(counts, smallest, split);
		},
		readOwn: (room, step) => readPrivateScaleTally(room.privateDoc, room.doc, step.id),
		writeOwn: (room, step, tally) =>
			setPrivateScaleTally(room.privateDoc, room.doc, step.id, tally),
		shown: (step) => step.tally,
		writeShown: (room, step, tally) => setScaleTally(room.doc, step.id, tally)
	});
