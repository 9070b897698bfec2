import type * as Y from 'yjs';
import type { ErrorCodeFor } from '../../src/lib/api/error-codes.ts';
import type { StepOf } from '../../src/lib/kinds/kind.ts';
import { readPrivacy, smallestGroup } from '../../src/lib/model/anonymity.ts';
import { sameJson } from '../../src/lib/model/read-safe.ts';
import { readStep, setStepFields } from '../../src/lib/model/steps.ts';
import { resultsVisible } from '../../src/lib/model/tally.ts';
import {
	conflict,
	facilitatorOnly,
	type IntentContext,
	type IntentHandler
} from '../intents/context.ts';
import { publishSoon, roundKey, shouldRelease, type Release } from '../release.ts';
import type { Room } from '../room.ts';
import type { ServerKind } from './kind.ts';

/*
 * What the kinds answered in counted rounds (poll, scale, ranking, and the open question, which
 * has no reveal) share: a step goes draft → open → closed, its ballots belong to its
 * `round`, a reset starts the next round. The handlers of that lifecycle, the presenter's part
 * and the publication under the release rule are written once here; each kind says what is its
 * own (its refusals' words, what it counts, where it keeps the count).
 */

/** The kinds whose steps run in rounds; the first three count their ballots into a tally. */
type RoundKindName = 'poll' | 'scale' | 'ranking' | 'question';
type CountedKindName = Exclude<RoundKindName, 'question'>;

export type RoundStep<K extends RoundKindName = RoundKindName> = StepOf<K>;

interface Refusal {
	code: ErrorCodeFor<409>;
	message: string;
}

/** A kind's words and checks for its rounds. */
export interface RoundRules<K extends RoundKindName> {
	/** The step of this kind, or its refusal (requireKind). */
	require(doc: Y.Doc, stepId: string): RoundStep<K>;
	/** Publishes the step's counts: `now` releases them, `due` when the release rule says so. */
	publish(room: Room, stepId: string, release?: Release): void;
	refusals: {
		/** Opening what is open. */
		alreadyOpen: Refusal;
		/** Closing what is not open; an answer to a round not opened yet. */
		notOpen: Refusal;
		/** An answer to a closed round. */
		closed: Refusal;
	};
	/** Why the step cannot be opened as it is (a ranking without items), or nothing. */
	cannotOpen?(step: RoundStep<K>): Refusal | undefined;
	/** Fields set with the status: a poll's timer starts when it opens and stops otherwise. */
	withStatus?: {
		open(payload: { durationSec?: number }, now: number): Record<string, unknown>;
		other: Record<string, unknown>;
	};
}

/** Refuses an answer unless the round is open. */
export function requireAnswerable<K extends RoundKindName>(
	rules: RoundRules<K>,
	step: RoundStep<K>
): void {
	if (step.status === 'closed')
		throw conflict(rules.refusals.closed.code, rules.refusals.closed.message);
	if (step.status !== 'open') {
		throw conflict(rules.refusals.notOpen.code, rules.refusals.notOpen.message);
	}
}

/**
 * A reveal shows a round's counts to the room: all ballots at once, the first counts anyone sees
 * of it. Before the round opens there is nothing to show, and revealing then would make a hidden
 * round live while phones still say its results are hidden.
 */
export function requireStarted(status: string): void {
	if (status === 'draft') {
		throw conflict('round_not_started', 'Nothing to reveal yet: the round has not been opened.');
	}
}

/**
 * Whether results are still hidden from the room. Once they show, a reveal has nothing to add:
 * releasing again at once would let a facilitator publish the last person's tap at will, which
 * the release rule is there to prevent (release.ts).
 */
const hidesResults = (step: object): boolean =>
	'visibility' in step && step.visibility === 'hidden' && !('revealed' in step && step.revealed);

type RoundHandler<P> = Omit<IntentHandler<never>, 'apply'> & {
	apply(context: IntentContext, payload: P): void;
};

/**
 * The facilitator's open, close, reveal and reset of a kind's rounds. Close, reveal and reset
 * publish at once: they end or restart what people answer, and a reveal counts afresh.
 */
export function roundHandlers<K extends RoundKindName>(rules: RoundRules<K>) {
	const { require, publish, refusals, cannotOpen, withStatus } = rules;
	const open: RoundHandler<{ stepId: string; durationSec?: number }> = {
		roles: facilitatorOnly,
		apply({ doc, now }, payload) {
			const step = require(doc, payload.stepId);
			if (step.status === 'open')
				throw conflict(refusals.alreadyOpen.code, refusals.alreadyOpen.message);
			const refusal = cannotOpen?.(step);
			if (refusal) throw conflict(refusal.code, refusal.message);
			setStepFields(doc, step.id, { status: 'open', ...withStatus?.open(payload, now) });
		}
	};
	const close: RoundHandler<{ stepId: string }> = {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId }) {
			const step = require(doc, stepId);
			if (step.status !== 'open') throw conflict(refusals.notOpen.code, refusals.notOpen.message);
			setStepFields(doc, stepId, { status: 'closed', ...withStatus?.other });
			publish(room, stepId, 'now');
		}
	};
	const reveal: RoundHandler<{ stepId: string }> = {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId }) {
			const step = require(doc, stepId);
			requireStarted(step.status);
			if (!hidesResults(step)) return;
			setStepFields(doc, stepId, { revealed: true });
			publish(room, stepId, 'now');
		}
	};
	const reset: RoundHandler<{ stepId: string }> = {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId }) {
			const step = require(doc, stepId);
			room.ballots.clear(stepId);
			setStepFields(doc, stepId, {
				status: 'draft',
				...('revealed' in step ? { revealed: false } : {}),
				...withStatus?.other,
				round: step.round + 1
			});
			publish(room, stepId, 'now');
		}
	};
	return { open, close, reveal, reset };
}

/**
 * A round kind's part in the presenter's next and in publication: its one round is counted,
 * leaving closes what is open, arriving opens what has not run (and can be opened).
 */
export function roundPresence<K extends RoundKindName>(
	rules: RoundRules<K>
): Pick<ServerKind<K>, 'publish' | 'rounds' | 'leave' | 'arrive' | 'arrivalGrows'> {
	const { open, close } = roundHandlers(rules);
	return {
		publish(room, step, release, round) {
			if (round === undefined || round === step.round) rules.publish(room, step.id, release);
		},
		rounds: (step) => [step.round],
		leave(context, step) {
			if (step.status === 'open') close.apply(context, { stepId: step.id });
		},
		// What cannot be opened yet stays a draft: the presenter's next still moves on.
		arrive(context, step) {
			if (step.status === 'draft' && !rules.cannotOpen?.(step)) {
				open.apply(context, { stepId: step.id });
			}
		},
		arrivalGrows: () => false
	};
}

/** A counted kind's tally: how many answered, and the counts once released. */
interface Tally {
	voters: number;
}

/** How a counted kind counts its ballots and where it keeps the result. */
export interface Counting<K extends CountedKindName, T extends Tally> {
	kind: K;
	/**
	 * The counts of a release; per perspective (groups of at least `smallest`) when `split`.
	 * `release` says why (`now`: the round closed, reset or was revealed); `previous` is the
	 * last release as the facilitators hold it, for a kind whose parts move on their own.
	 */
	count(
		room: Room,
		step: RoundStep<K>,
		smallest: number,
		split: boolean,
		context: { release: Release; previous: T | undefined }
	): Omit<T, 'voters'>;
	/** The facilitators' copy of the last release (their own document), if any. */
	readOwn(room: Room, step: RoundStep<K>): T | undefined;
	writeOwn(room: Room, step: RoundStep<K>, tally: T): void;
	/** The room's copy, in the shared document. */
	shown(step: RoundStep<K>): T;
	writeShown(room: Room, step: RoundStep<K>, tally: T): void;
}

/**
 * A counted kind's publication under the release rule (release.ts): how many answered goes out
 * soon after every ballot; the counts when at least the smallest group changed since the last
 * release (or `now`); to the facilitators once closed or shown, to the room when shown.
 */
export function countedPublication<K extends CountedKindName, T extends Tally>(
	counting: Counting<K, T>
) {
	function publish(room: Room, stepId: string, release: Release = 'due'): void {
		const read = readStep(room.doc, stepId);
		if (read?.kind !== counting.kind) return;
		const step = read as RoundStep<K>;
		const key = roundKey(stepId, step.round);
		const voters = room.ballots.count(stepId, step.round);
		const current = counting.readOwn(room, step);
		let tally: T;
		if (shouldRelease(room, key, release)) {
			const privacy = readPrivacy(room.doc);
			const split = step.status === 'closed' || privacy.open;
			const counts = counting.count(room, step, smallestGroup(privacy), split, {
				release,
				previous: current
			});
			tally = { voters, ...counts } as T;
			room.released(key, room.ballots.signatures(stepId, step.round));
		} else {
			tally = { ...current, voters } as T;
		}
		// Facilitators see hidden counts only once the round is closed: releases while it is
		// open would let one who knows the room close right after one person's tap and read it.
		const visible = resultsVisible(step);
		const own = visible || step.status === 'closed' ? tally : ({ voters } as T);
		if (!sameJson(current, own)) {
			room.privateDoc.transact(() => counting.writeOwn(room, step, own));
		}
		const shown = visible ? tally : ({ voters } as T);
		if (!sameJson(shown, counting.shown(step))) counting.writeShown(room, step, shown);
	}

	/** Publishes soon after a ballot by `by` (see `publishSoon`). */
	function publishAfterBallot(room: Room, stepId: string, round: number, by: string): void {
		publishSoon(room, { stepId, round, by, key: `${counting.kind}:${stepId}` }, () =>
			publish(room, stepId)
		);
	}

	return { publish, publishAfterBallot };
}
