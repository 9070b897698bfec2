import { readMeta } from '../../src/lib/model/session-doc.ts';
import {
	activateStep,
	addStep,
	moveStep,
	newStep,
	readStep,
	readStepIds,
	removeStep,
	setStepFields
} from '../../src/lib/model/steps.ts';
import { forgetHiddenCard, forgetResults } from '../../src/lib/model/private-doc.ts';
import { publishPollTally } from '../tallies.ts';
import { DILEMMA_FIELDS } from './dilemmas.ts';
import { checkOutcomeSteps, PLAN_FIELDS, requireNoPlan } from './plan.ts';
import {
	conflict,
	facilitatorOnly,
	requireBelow,
	requireStep,
	templateOf,
	unprocessable,
	type Handlers
} from './context.ts';

const POLL_ONLY_FIELDS = [
	'question',
	'nowQuestion',
	'desiredQuestion',
	'options',
	'mode',
	'budget',
	'visibility'
];
/** Fields that change what a ballot means; they stay fixed while a round has ballots. */
const BALLOT_SHAPING_FIELDS = ['options', 'mode', 'budget'];

export const stepHandlers: Handlers<
	'step.add' | 'step.update' | 'step.move' | 'step.remove' | 'step.activate'
> = {
	'step.add': {
		roles: facilitatorOnly,
		grows: true,
		apply({ doc, intentId, now, limits }, { kind, optionSet, title }) {
			// The step takes the intent's id, so the console knows it before the answer arrives.
			if (readStep(doc, intentId)) throw conflict('step_exists', 'A step with this id exists.');
			requireBelow(
				readStepIds(doc).length,
				limits.stepsPerSession,
				'agenda_full',
				`An agenda holds at most ${limits.stepsPerSession} steps.`
			);
			const template = templateOf(doc);
			if (kind === 'plan') requireNoPlan(doc);
			const known = template.optionSets.some((s) => s.id === optionSet);
			if (kind === 'poll' && optionSet !== undefined && !known) {
				throw unprocessable('unknown_option_set', 'The template has no such option set.');
			}
			const { locale } = readMeta(doc);
			addStep(doc, newStep(template, locale, now, { id: intentId, kind, optionSet, title }));
		}
	},
	'step.update': {
		roles: facilitatorOnly,
		grows: true,
		apply({ room, doc }, { stepId, ...fields }) {
			const step = requireStep(doc, stepId);
			const given = Object.keys(fields).filter(
				(k) => fields[k as keyof typeof fields] !== undefined
			);
			if (step.kind !== 'poll' && given.some((k) => POLL_ONLY_FIELDS.includes(k))) {
				throw unprocessable('not_a_poll', 'Only a poll has these fields.');
			}
			if (step.kind !== 'dilemmas' && given.some((k) => DILEMMA_FIELDS.includes(k))) {
				throw unprocessable('not_a_dilemma_step', 'Only a dilemma step has these fields.');
			}
			if (step.kind !== 'plan' && given.some((k) => PLAN_FIELDS.includes(k))) {
				throw unprocessable('not_a_plan', 'Only a plan has these fields.');
			}
			checkOutcomeSteps(doc, fields);
			if (step.kind === 'poll') {
				if (
					given.some((k) => BALLOT_SHAPING_FIELDS.includes(k)) &&
					room.ballots.count(step.id, step.round) > 0
				) {
					throw conflict('poll_has_votes', 'Reset the poll before changing its options or mode.');
				}
				const ids = fields.options?.map((o) => o.id) ?? [];
				if (new Set(ids).size !== ids.length) {
					throw unprocessable('duplicate_option', 'Two options have the same id.');
				}
			}
			setStepFields(doc, stepId, {
				...fields,
				options: fields.options?.map((o) => ({ ...o, description: o.description ?? '' }))
			});
			// New options or a new mode are counted at once (there are no ballots yet, or they
			// were refused above); any other edit must not release votes early.
			const shaped = given.some((k) => BALLOT_SHAPING_FIELDS.includes(k));
			if (step.kind === 'poll') publishPollTally(room, stepId, shaped ? 'now' : 'due');
		}
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
			const step = requireStep(doc, stepId);
			removeStep(doc, stepId);
			room.ballots.clear(stepId);
			// What the facilitators' document kept for it goes too.
			const { privateDoc } = room;
			privateDoc.transact(() => {
				forgetResults(privateDoc, stepId);
				if (step.kind === 'dilemmas') {
					for (const card of step.cards) forgetHiddenCard(privateDoc, card.id);
				}
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
