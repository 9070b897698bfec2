import {
	readPrivateRankingTally,
	setPrivateRankingTally,
	setRankingTally
} from '../../../src/lib/kinds/ranking/model.ts';
import { groupRanking, releaseRanking } from '../../../src/lib/kinds/ranking/tally.ts';
import type { RankingTally } from '../../../src/lib/kinds/ranking/types.ts';
import { countedPublication } from '../rounds.ts';

/** A ranking's publication, as a poll's (server/kinds/rounds.ts): Borda points and spread. */
export const { publish: publishRankingTally, publishAfterBallot: publishRankingTallySoon } =
	countedPublication<'ranking', RankingTally>({
		kind: 'ranking',
		count(room, step, smallest, split) {
			const counts = groupRanking(step.items, room.ballots.counted(step.id, step.round));
			return releaseRanking(counts, step.items, smallest, split);
		},
		readOwn: (room, step) => readPrivateRankingTally(room.privateDoc, room.doc, step.id),
		writeOwn: (room, step, tally) => setPrivateRankingTally(room.privateDoc, step.id, tally),
		shown: (step) => step.tally,
		writeShown: (room, step, tally) => setRankingTally(room.doc, step.id, tally)
	});
