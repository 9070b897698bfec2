import type { ServerKind } from '../kind.ts';
import { roundPresence } from '../rounds.ts';
import { questionHandlers, questionRounds, WRONG_KIND } from './intents.ts';
import { publishQuestion } from './publish.ts';

/**
 * An open question on the server. Answers are ballots, so erasing a participant takes theirs
 * out with the rest (and publishes again); removing the step forgets what the facilitators'
 * document kept of it (`results`). A series leaves questions behind, as it does polls.
 */
export const questionServer: ServerKind<'question'> = {
	handlers: questionHandlers,
	wrongKind: WRONG_KIND,
	...roundPresence(questionRounds),
	withdraw: (room, step) => publishQuestion(room, step.id, 'due', { withdraw: true }),
	forget: () => undefined
};
