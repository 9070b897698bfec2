import type * as Y from 'yjs';
import type { ErrorCodeFor } from '../../src/lib/api/error-codes.ts';
import type { intentsByKind } from '../../src/lib/kinds/intents.ts';
import type { StepOf, StepRequestOf } from '../../src/lib/kinds/kind.ts';
import type { Locale, SessionTemplate, StepKind } from '../../src/lib/model/types.ts';
import type { Handlers, IntentContext } from '../intents/context.ts';
import type { IntentType } from '../../src/lib/intents/types.ts';
import type { Release } from '../release.ts';
import type { Room } from '../room.ts';

/** The intents a kind brings (src/lib/kinds/<kind>/intents.ts). */
export type KindIntentType<K extends StepKind> = K extends StepKind
	? keyof (typeof intentsByKind)[K] & IntentType
	: never;

/**
 * The server's part of a step kind: its intents, how its counts are published (under the
 * anonymity rule, see release.ts), what only facilitators see of it, and what happens to it when
 * the room moves on, when it is removed, when a participant is erased and in a series.
 */
export interface ServerKind<K extends StepKind> {
	/** Every intent of the kind, its `<kind>.update` among them (`step.update` reaches that too). */
	handlers: Handlers<KindIntentType<K>>;
	/**
	 * Checks a new step of this kind against the session before `step.add` makes it (a session
	 * has one plan; a poll's option set must exist). Throws the refusal.
	 */
	beforeAdd?(context: IntentContext, request: StepRequestOf<K>): void;
	/** The refusal for an intent of this kind sent to a step of another kind. */
	wrongKind: { code: ErrorCodeFor<422>; message: string };
	/**
	 * Publishes the step's counts: how many answered, and the counts when a release is due (or
	 * `now`). Without `round`, every round the step has; with it, that round only.
	 */
	publish(room: Room, step: StepOf<K>, release: Release, round?: number): void;
	/** The counted rounds whose releases a room keeps track of. */
	rounds(step: StepOf<K>): number[];
	/** The presenter's next leaves this step: what is open closes (results are final). */
	leave(context: IntentContext, step: StepOf<K>): void;
	/** The presenter's next arrives at this step: what has not run yet opens. */
	arrive(context: IntentContext, step: StepOf<K>): void;
	/** Whether `arrive` adds content (refused once the document is at its size cap). */
	arrivalGrows(step: StepOf<K>): boolean;
	/**
	 * A participant was erased while this step's round is open, their ballots already gone: what
	 * of theirs is on display (an open question's answers) leaves it now, without releasing what
	 * others changed. Kinds that display only counts leave them to the next release.
	 */
	withdraw?(room: Room, step: StepOf<K>): void;
	/** The step was removed: what the facilitators' document kept for it goes too. */
	forget(room: Room, step: StepOf<K>): void;
	/**
	 * Content participants write under their name in this kind, by the intent that creates it
	 * (its id is the content's id), and how it goes when they ask to be erased: removed, or kept
	 * with nothing that links it to them.
	 */
	authored?: {
		intent: KindIntentType<K>;
		erase(room: Room, ids: readonly string[], keep: boolean): void;
	};
	/**
	 * A series carries this kind into the next session: a copy of the step as the previous room
	 * saw it. Kinds without it (what a session votes on) stay behind.
	 */
	carry?(doc: Y.Doc, step: StepOf<K>, from: { template: SessionTemplate; locale: Locale }): void;
}
