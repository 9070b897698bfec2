import type * as Y from 'yjs';
import { readMeta, readParticipant } from '../../src/lib/model/session-doc.ts';
import { readStep } from '../../src/lib/model/steps.ts';
import { bornTemplate, templates } from '../../src/lib/model/templates.ts';
import type { SessionTemplate, Step, StepKind } from '../../src/lib/model/types.ts';
import type { StepOf } from '../../src/lib/kinds/kind.ts';
import type { IntentPayload, IntentType, Role } from '../../src/lib/intents/types.ts';
import type { ErrorCodeFor } from '../../src/lib/api/error-codes.ts';
import { HttpError } from '../errors.ts';
import type { Limits } from '../limits.ts';
import type { Actor } from '../peer.ts';
import type { Room } from '../room.ts';
import type { Store } from '../store/types.ts';

export interface IntentContext {
	room: Room;
	doc: Y.Doc;
	store: Store;
	actor: Actor;
	/** The intent's id: new things an intent creates take it as their id. */
	intentId: string;
	now: number;
	limits: Limits;
}

export interface IntentHandler<T extends IntentType> {
	/** Roles allowed to send this intent; anyone else gets 403. */
	roles: readonly Role[];
	/**
	 * Whether the intent adds content to the document (a step, a card, a text): such intents are
	 * refused once the document is at its size cap, while votes and moves still go through.
	 */
	grows?: boolean;
	/** The intent erases its sender: no record of it may stay (see participant.erase). */
	forgetsSender?: boolean;
	/**
	 * Checks the intent against the session's state and applies it. It must throw (an HttpError)
	 * before its first change: Yjs has no rollback, so a half-applied intent would stay.
	 */
	apply(context: IntentContext, payload: IntentPayload<T>): void;
}

export type Handlers<T extends IntentType> = { [K in T]: IntentHandler<K> };

export const facilitatorOnly: readonly Role[] = ['facilitator'];
export const participantOnly: readonly Role[] = ['participant'];

/** The perspective a participant's ballots count under now ('' for none). */
export function perspectiveOf(room: Room, participantId: string | undefined): string {
	return (participantId && readParticipant(room.privateDoc, participantId)?.perspective) || '';
}

export function templateOf(doc: Y.Doc): SessionTemplate {
	return templates[readMeta(doc).template] ?? bornTemplate;
}

export function requireStep(doc: Y.Doc, stepId: string): Step {
	const step = readStep(doc, stepId);
	if (!step) throw new HttpError('step_not_found', 'This session has no such step.');
	return step;
}

/** A step of one kind, or the kind's refusal when the step is of another. */
export function requireKind<K extends StepKind>(
	doc: Y.Doc,
	stepId: string,
	kind: K,
	wrongKind: { code: ErrorCodeFor<422>; message: string }
): StepOf<K> {
	const step = requireStep(doc, stepId);
	if (step.kind !== kind) throw new HttpError(wrongKind.code, wrongKind.message);
	return step as StepOf<K>;
}

/** A refusal for the session's state; only a code answered with 409 fits. */
export const conflict = (code: ErrorCodeFor<409>, message: string): HttpError =>
	new HttpError(code, message);
/** A refusal of a well-formed intent that cannot apply here; only a code answered with 422 fits. */
export const unprocessable = (code: ErrorCodeFor<422>, message: string): HttpError =>
	new HttpError(code, message);

/** The refusal for content added to a document at its size cap. */
export const documentFull = (limits: Limits): HttpError =>
	new HttpError(
		'document_full',
		`This session's document has reached ${limits.documentBytes} bytes; nothing more can be added.`
	);

/** Whether the room's document is at its size cap (see IntentHandler.grows). */
export const atSizeCap = ({ room, limits }: IntentContext): boolean =>
	room.sizeWithin(limits.documentBytes) >= limits.documentBytes;

/** Refuses when a count of something in a session has reached its cap. */
export function requireBelow(
	count: number,
	cap: number,
	code: ErrorCodeFor<409>,
	message: string
): void {
	if (count >= cap) throw conflict(code, message);
}
