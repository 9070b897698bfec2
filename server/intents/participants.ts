import { readPrivacy, setPrivacy } from '../../src/lib/model/anonymity.ts';
import {
	countByPerspective,
	listParticipants,
	readPerspectives,
	removeParticipant,
	setParticipation,
	updateParticipant
} from '../../src/lib/model/session-doc.ts';
import { readStep, readStepIds } from '../../src/lib/model/steps.ts';
import { CloseCode } from '../../src/lib/sync/close-codes.ts';
import { HttpError } from '../errors.ts';
import { serverKinds } from '../kinds/index.ts';
import type { Room } from '../room.ts';
import { participationWriter, writeAs } from '../writers.ts';
import { noteChange } from '../release.ts';
import { currentRound, publishRound, publishStep, roundOpen, withdrawFrom } from '../tallies.ts';
import {
	conflict,
	facilitatorOnly,
	participantOnly,
	unprocessable,
	type Handlers
} from './context.ts';

/**
 * The shared document's count of who joined per perspective, from the facilitators' own. It
 * changes with every join, so it is written as a Yjs client of its own (see writers.ts).
 */
export function recountParticipation(room: Room): void {
	const counts = countByPerspective(listParticipants(room.privateDoc), readPerspectives(room.doc));
	writeAs(room.doc, participationWriter(room.doc), () => setParticipation(room.doc, counts));
}

/** The rounds taking ballots now, by step. */
function openRounds(room: Room): Map<string, number> {
	const rounds = new Map<string, number>();
	for (const id of readStepIds(room.doc)) {
		const step = readStep(room.doc, id);
		const round = step && roundOpen(step) ? currentRound(step) : undefined;
		if (round !== undefined) rounds.set(id, round);
	}
	return rounds;
}

export const participantHandlers: Handlers<
	'participant.update' | 'participant.erase' | 'session.privacy'
> = {
	'participant.update': {
		roles: participantOnly,
		apply({ room, doc, actor, now }, { name, perspective }) {
			if (perspective !== undefined && !readPerspectives(doc).some((p) => p.id === perspective)) {
				throw unprocessable('unknown_perspective', 'This session has no such perspective.');
			}
			const participantId = actor.participantId ?? '';
			room.privateDoc.transact(() =>
				updateParticipant(room.privateDoc, participantId, { name, perspective })
			);
			recountParticipation(room);
			// A changed name must not linger in the store either.
			if (name !== undefined) room.scheduleErasure();
			if (perspective === undefined) return;
			// Ballots count under the perspective they were cast with; while a round is open, a new
			// perspective moves them along. That changes only a breakdown, which an open round
			// publishes with open voting alone: then at once (every change is released there),
			// otherwise at the close. Never in this transaction, which carries the new perspective.
			const release = readPrivacy(room.doc).open ? 'now' : 'due';
			for (const [stepId] of room.ballots.restamp(
				participantId,
				perspective,
				openRounds(room),
				now
			)) {
				room.publisher.schedule(`restamp:${stepId}`, () => publishStep(room, stepId, release), {
					defer: true
				});
			}
		}
	},
	'participant.erase': {
		roles: ['participant', 'facilitator'],
		forgetsSender: true,
		apply({ room, store, actor }, { participantId: named, cards }) {
			const participantId = actor.role === 'participant' ? actor.participantId : named;
			if (!participantId) {
				throw unprocessable('participant_required', 'Name the participant to erase.');
			}
			if (!store.getParticipant(room.id, participantId)) {
				throw new HttpError('participant_not_found', 'This session has no such participant.');
			}
			const actorKey = `p:${participantId}`;
			// What they wrote under their name (a board's cards): removed, or kept unlinked.
			for (const kind of Object.values(serverKinds)) {
				const authored = 'authored' in kind ? kind.authored : undefined;
				if (!authored) continue;
				authored.erase(
					room,
					store.listIntents(room.id, actorKey, authored.intent),
					cards === 'keep'
				);
			}
			const rounds = room.ballots.removeParticipant(participantId);
			room.privateDoc.transact(() => removeParticipant(room.privateDoc, participantId));
			recountParticipation(room);
			store.deleteActor(room.id, actorKey, participantId);
			// Every count they were in is counted again without them. In an open round that is a
			// change like a vote, released with others (else erasing a second identity would
			// release a lone new vote); a closed round is counted again at once.
			for (const [stepId, round] of rounds) {
				const step = readStep(room.doc, stepId);
				if (step && roundOpen(step) && currentRound(step) === round) {
					noteChange(room, stepId, round, participantId);
					room.publisher.schedule(
						`erase:${stepId}`,
						() => {
							withdrawFrom(room, stepId);
							publishStep(room, stepId);
						},
						{ defer: true }
					);
				} else {
					// A closed round is counted again without them, but never in this update, which
					// carries the change in who joined per perspective.
					room.publisher.schedule(
						`erase:${stepId}:${round}`,
						() => publishRound(room, stepId, round, 'now'),
						{ defer: true }
					);
				}
			}
			room.scheduleErasure();
			// Their phone's connection no longer has a credential behind it.
			for (const peer of room.peers) {
				if (peer.actor.participantId === participantId) {
					peer.socket.close(CloseCode.unauthorized, 'participant erased');
				}
			}
		}
	},
	'session.privacy': {
		roles: facilitatorOnly,
		apply({ room, doc }, { open, threshold }) {
			// Changed after a vote, a setting would change what those who voted were promised.
			if (!room.ballots.empty) {
				throw conflict('votes_cast', 'Votes have been cast; the anonymity setting stays as it is.');
			}
			setPrivacy(doc, { open, threshold });
		}
	}
};
