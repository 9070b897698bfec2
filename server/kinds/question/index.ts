import type { ServerKind } from '../kind.ts';
import { questionHandlers, WRONG_KIND } from './intents.ts';
import { publishQuestion } from './publish.ts';

/**
 * An open question on the server. Answers are ballots, so erasing a participant takes theirs
 * out with the rest (and publishes again); removing the step forgets what the facilitators'
 * document kept of it (`results`). A series leaves questions behind, as it does polls.
 */
export const questionServer: ServerKind<'question'> = {
	handlers: questionHandlers,
	wrongKind: WRONG_KIND,
	publish(room, step, release, round) {
		if (round === undefined || round === step.round) publishQuestion(room, step.id, release);
	},
	rounds: (step) => [step.round],
	leave(context, step) {
		if (step.status === 'open') {
			questionHandlers['question.close'].apply(context, { stepId: step.id });
		}
	},
	arrive(context, step) {
		if (step.status === 'draft')
			questionHandlers['question.open'].apply(context, { stepId: step.id });
	},
	arrivalGrows: () => false,
	forget: () => undefined
};
