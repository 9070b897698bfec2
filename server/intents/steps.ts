import { STEP_KINDS } from '../../src/lib/kinds/index.ts';
import { addFieldsByKind, updateFieldsByKind } from '../../src/lib/kinds/intents.ts';
import type { StepKind } from '../../src/lib/model/types.ts';
import { readMeta } from '../../src/lib/model/session-doc.ts';
import {
	activateStep,
	addStep,
	moveStep,
	newStep,
	readAgenda,
	readStep,
	readStepIds,
	removeStep,
	type StepRequest
} from '../../src/lib/model/steps.ts';
import { forgetResults } from '../../src/lib/model/private-doc.ts';
import type { IntentPayload } from '../../src/lib/intents/types.ts';
import { serverKindOf, serverKinds } from '../kinds/index.ts';
import {
	conflict,
	facilitatorOnly,
	requireBelow,
	requireStep,
	templateOf,
	unprocessable,
	type Handlers,
	type IntentContext,
	type IntentHandler
} from './context.ts';

/**
 * Refuses a field that the kind does not have but another kind does, as that kind refuses a step
 * of another kind (a poll's `options` on a board: 422 `not_a_poll`).
 */
function refuseOtherKinds(
	kind: StepKind,
	fields: Record<string, unknown>,
	byKind: { [K in StepKind]: Record<string, unknown> }
): void {
	for (const [field, value] of Object.entries(fields)) {
		if (value === undefined || Object.hasOwn(byKind[kind], field)) continue;
		const owner = STEP_KINDS.find((other) => Object.hasOwn(byKind[other], field));
		const { code, message } = serverKinds[owner ?? kind].wrongKind;
		throw unprocessable(code, message);
	}
}

/**
 * `step.update`, the one update intent of earlier versions, sent on to the step's own update.
 * A field the step's kind does not have is refused as the kind that has it refuses a step of
 * another kind (a poll's `options` on a board: 422 `not_a_poll`), as it always was.
 */
function updateAnyKind(context: IntentContext, payload: IntentPayload<'step.update'>): void {
	const { stepId, ...fields } = payload;
	const step = requireStep(context.doc, stepId);
	refuseOtherKinds(step.kind, fields, updateFieldsByKind);
	const update = serverKindOf(step).handlers[
		`${step.kind}.update`
	] as IntentHandler<`${typeof step.kind}.update`>;
	update.apply(context, { stepId, ...fields } as never);
}

export const stepHandlers: Handlers<
	'step.add' | 'step.update' | 'step.move' | 'step.remove' | 'step.activate'
> = {
	'step.add': {
		roles: facilitatorOnly,
		grows: true,
		apply(context, { kind, title, ...fields }) {
			const { doc, intentId, now, limits } = context;
			refuseOtherKinds(kind, fields, addFieldsByKind);
			// The step takes the intent's id, so the console knows it before the answer arrives.
			if (readStep(doc, intentId)) throw conflict('step_exists', 'A step with this id exists.');
			requireBelow(
				readStepIds(doc).length,
				limits.stepsPerSession,
				'agenda_full',
				`An agenda holds at most ${limits.stepsPerSession} steps.`
			);
			const request = { ...fields, id: intentId, kind, title } as StepRequest;
			const beforeAdd = serverKinds[kind].beforeAdd as
				((context: IntentContext, request: StepRequest) => void) | undefined;
			beforeAdd?.(context, request);
			const { locale } = readMeta(doc);
			addStep(doc, newStep(templateOf(doc), locale, now, request));
		}
	},
	'step.update': {
		roles: facilitatorOnly,
		grows: true,
		apply: updateAnyKind
	},
	'step.move': {
		roles: facilitatorOnly,
		apply({ doc }, { stepId, index }) {
			requireStep(doc, stepId);
			moveStep(doc, stepId, index);
		}
	},
	'step.remove': {
		roles: facilitatorOnly,
		apply({ room, doc }, { stepId }) {
			// A step of a kind this version does not know can be removed too (readAgenda lists it).
			const known = readStep(doc, stepId);
			if (!known && !readAgenda(doc).some((entry) => entry.id === stepId)) requireStep(doc, stepId);
			removeStep(doc, stepId);
			room.ballots.clear(stepId);
			// What the facilitators' document kept for it goes too.
			const { privateDoc } = room;
			privateDoc.transact(() => {
				forgetResults(privateDoc, stepId);
				if (known) serverKindOf(known).forget(room, known);
			});
			room.scheduleErasure();
		}
	},
	'step.activate': {
		roles: facilitatorOnly,
		apply({ doc }, { stepId }) {
			if (stepId !== '') requireStep(doc, stepId);
			activateStep(doc, stepId);
		}
	}
};
