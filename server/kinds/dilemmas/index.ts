import {
	copyBoard,
	readCard,
	removeCard,
	updateCard
} from '../../../src/lib/kinds/dilemmas/model.ts';
import {
	forgetHiddenCard,
	readHiddenCard,
	setHiddenCard
} from '../../../src/lib/model/private-doc.ts';
import { addStep, readStep, readStepIds, stepMap } from '../../../src/lib/model/steps.ts';
import type { Room } from '../../room.ts';
import type { ServerKind } from '../kind.ts';
import { dilemmaHandlers, followCardText, WRONG_KIND } from './intents.ts';
import { publishDotTally } from './publish.ts';

/** A participant's cards go, or stay with nothing that points at them (no name, no record). */
function eraseCards(room: Room, cardIds: readonly string[], keep: boolean): void {
	for (const stepId of readStepIds(room.doc)) {
		const map = stepMap(room.doc, stepId);
		if (readStep(room.doc, stepId)?.kind !== 'dilemmas' || !map) continue;
		for (const cardId of cardIds) {
			const card = readCard(map, cardId);
			if (!card) continue;
			if (keep) {
				updateCard(map, cardId, { author: '' });
				// A hidden card's name is in the facilitators' copy, which a restore brings back.
				const hidden = readHiddenCard(room.privateDoc, cardId);
				if (hidden?.author) {
					room.privateDoc.transact(() =>
						setHiddenCard(room.privateDoc, cardId, { ...hidden, author: '' })
					);
				}
			} else {
				removeCard(map, cardId);
				followCardText(room.doc, cardId, card.text, '');
				room.privateDoc.transact(() => forgetHiddenCard(room.privateDoc, cardId));
			}
		}
	}
}

export const dilemmasServer: ServerKind<'dilemmas'> = {
	handlers: dilemmaHandlers,
	wrongKind: WRONG_KIND,
	publish(room, step, release, round) {
		if (round === undefined || round === step.dots.round) publishDotTally(room, step.id, release);
	},
	rounds: (step) => [step.dots.round],
	leave(context, step) {
		if (step.dots.status === 'open') {
			dilemmaHandlers['dots.close'].apply(context, { stepId: step.id });
		}
	},
	// Posting is open from the start, and dots open when the facilitator says so.
	arrive: () => undefined,
	arrivalGrows: () => false,
	forget(room, step) {
		for (const card of step.cards) forgetHiddenCard(room.privateDoc, card.id);
	},
	authored: { intent: 'dilemma.post', erase: eraseCards },
	carry(doc, step, { template, locale }) {
		const map = addStep(doc, {
			id: step.id,
			kind: 'dilemmas',
			title: step.title,
			template,
			locale
		});
		copyBoard(map, step);
	}
};
