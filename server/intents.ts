import type * as Y from 'yjs';
import { readPerspectives, updateParticipant } from '../src/lib/model/session-doc.ts';
import type { IntentPayload, IntentType, Intent, Role } from '../src/lib/intents/types.ts';
import { HttpError } from './errors.ts';
import type { Actor } from './peer.ts';
import type { Room } from './room.ts';
import type { Store } from './store/types.ts';

interface IntentContext {
	doc: Y.Doc;
	actor: Actor;
	now: number;
}

interface IntentHandler<T extends IntentType> {
	/** Roles allowed to send this intent; anyone else gets 403. */
	roles: readonly Role[];
	/**
	 * Checks the intent against the session's state and applies it. It must throw (an HttpError)
	 * before its first change: Yjs has no rollback, so a half-applied intent would stay.
	 */
	apply(context: IntentContext, payload: IntentPayload<T>): void;
}

type Handlers = { [T in IntentType]: IntentHandler<T> };

const handlers: Handlers = {
	'participant.update': {
		roles: ['participant'],
		apply({ doc, actor }, { name, perspective }) {
			if (perspective !== undefined && !readPerspectives(doc).some((p) => p.id === perspective)) {
				throw new HttpError(422, 'unknown_perspective', 'This session has no such perspective.');
			}
			updateParticipant(doc, actor.participantId ?? '', { name, perspective });
		}
	}
};

export interface IntentOutcome {
	ok: true;
	duplicate?: true;
}

/**
 * Applies one validated intent: role check, replay check, then the change in one Yjs transaction
 * tagged with the sender, stored with its id in one SQLite transaction before this returns.
 */
export function applyIntent(
	store: Store,
	room: Room,
	actor: Actor,
	intent: Intent,
	now: number
): IntentOutcome {
	const handler = handlers[intent.type] as IntentHandler<IntentType>;
	if (!handler.roles.includes(actor.role)) {
		throw new HttpError(403, 'forbidden', `A ${actor.role} may not send ${intent.type}.`);
	}
	if (store.hasIntent(room.id, actor.key, intent.id)) return { ok: true, duplicate: true };
	const { id, type: _type, ...payload } = intent;
	store.transaction(() => {
		room.doc.transact(
			() => handler.apply({ doc: room.doc, actor, now }, payload as IntentPayload<IntentType>),
			{ source: 'intent', actor: actor.key, intentId: id }
		);
		store.recordIntent(room.id, actor.key, id, now);
	});
	return { ok: true };
}
