import type { Intent, IntentPayload, IntentType } from '../../src/lib/intents/types.ts';
import { HttpError } from '../errors.ts';
import type { Limits } from '../limits.ts';
import type { Actor } from '../peer.ts';
import { syncPollTimers } from '../poll-timers.ts';
import type { Room } from '../room.ts';
import type { Store } from '../store/types.ts';
import { documentFull, type Handlers, type IntentHandler } from './context.ts';
import { participantHandlers } from './participants.ts';
import { kindHandlers } from '../kinds/index.ts';
import { presenterHandlers } from './presenter.ts';
import { stepHandlers } from './steps.ts';

const handlers: Handlers<IntentType> = {
	...participantHandlers,
	...stepHandlers,
	...presenterHandlers,
	...kindHandlers
};

export interface IntentOutcome {
	ok: true;
	duplicate?: true;
}

/**
 * Applies one validated intent: role check, replay check, then the change in one Yjs transaction
 * tagged with the sender, stored with its id (and any ballot) in one SQLite transaction before
 * this returns.
 */
export function applyIntent(
	store: Store,
	room: Room,
	actor: Actor,
	intent: Intent,
	now: number,
	limits: Limits
): IntentOutcome {
	const handler = handlers[intent.type] as IntentHandler<IntentType>;
	if (!handler.roles.includes(actor.role)) {
		throw new HttpError('forbidden', `A ${actor.role} may not send ${intent.type}.`);
	}
	if (store.hasIntent(room.id, actor.key, intent.id)) return { ok: true, duplicate: true };
	if (handler.grows && room.sizeWithin(limits.documentBytes) >= limits.documentBytes) {
		throw documentFull(limits);
	}
	const { id, type, ...payload } = intent;
	let changed = false;
	store.transaction(() => {
		room.doc.transact(
			(transaction) => {
				try {
					handler.apply(
						{ room, doc: room.doc, store, actor, intentId: id, now, limits },
						payload as IntentPayload<IntentType>
					);
					changed = transaction.changed.size > 0 || transaction.deleteSet.clients.size > 0;
				} catch (error) {
					// A refusal must come before the first change (Yjs has no rollback). One that
					// comes after is a bug, not an answer: it fails the room, which reloads from the
					// store, rather than leave every device with a change the store never saw.
					const changed = transaction.changed.size > 0 || transaction.deleteSet.clients.size > 0;
					if (error instanceof HttpError && changed) {
						throw new Error(`${type} refused after changing the document`, { cause: error });
					}
					throw error;
				}
			},
			{ source: 'intent', actor: actor.key, intentId: id }
		);
		if (!(handler.forgetsSender && actor.role === 'participant')) {
			store.recordIntent(room.id, actor.key, id, now, type);
		}
	});
	// Countdowns are read from the document: an intent that left it as it was (most votes: their
	// counts are published after them) cannot have started, moved or stopped one.
	if (changed) syncPollTimers(room);
	return { ok: true };
}
