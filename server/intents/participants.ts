import { readPerspectives, updateParticipant } from '../../src/lib/model/session-doc.ts';
import { readStepIds } from '../../src/lib/model/steps.ts';
import { republishAll } from '../tallies.ts';
import { participantOnly, unprocessable, type Handlers } from './context.ts';

export const participantHandlers: Handlers<'participant.update'> = {
	'participant.update': {
		roles: participantOnly,
		apply({ room, doc, actor }, { name, perspective }) {
			if (perspective !== undefined && !readPerspectives(doc).some((p) => p.id === perspective)) {
				throw unprocessable('unknown_perspective', 'This session has no such perspective.');
			}
			updateParticipant(doc, actor.participantId ?? '', { name, perspective });
			// A vote counts under the voter's current perspective.
			if (perspective !== undefined) republishAll(room, readStepIds(doc));
		}
	}
};
