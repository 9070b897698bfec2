import type * as Y from 'yjs';
import {
	asBoolean,
	asNumber,
	asString,
	asTime,
	isId,
	oneOf,
	POLL_STATUSES,
	VISIBILITIES
} from '../../model/read-safe.ts';
import { stepMap } from '../../model/step-maps.ts';
import { readPollMode, readPollOptions } from './read.ts';

export { readOption, readPollMode, readPollOptions } from './read.ts';
import { readPrivatePollTally } from '../../model/private-doc.ts';
import { packTally, unpackTally } from '../../model/tally-codec.ts';
import type { Locale, PollStep, PollTally, SessionTemplate } from '../../model/types.ts';
import type { KindModel } from '../kind.ts';

const optionIds = (poll: Pick<PollStep, 'options'>): string[] =>
	Array.isArray(poll.options) ? poll.options.map((o) => o.id) : [];

/** A poll as plain data; fields that are missing or odd read as a new poll has them. */
function readPollStep(map: Y.Map<unknown>, id: string): PollStep {
	const options = readPollOptions(map.get('options'));
	const mode = readPollMode(map.get('mode'));
	const optionSet = map.get('optionSet');
	return {
		id,
		kind: 'poll',
		title: asString(map.get('title')),
		optionSet: isId(optionSet) ? optionSet : '',
		question: asString(map.get('question')),
		nowQuestion: asString(map.get('nowQuestion')),
		desiredQuestion: asString(map.get('desiredQuestion')),
		options,
		mode,
		budget: asNumber(map.get('budget'), 10),
		visibility: oneOf(map.get('visibility'), VISIBILITIES, 'hidden'),
		status: oneOf(map.get('status'), POLL_STATUSES, 'draft'),
		revealed: asBoolean(map.get('revealed')),
		round: asNumber(map.get('round'), 1),
		endsAt: asTime(map.get('endsAt')),
		tally: unpackTally(map.get('tally'), mode, optionIds({ options }))
	};
}

/** A new poll's fields from a template option set, in the session's language. */
export function newPoll(
	template: SessionTemplate,
	locale: Locale,
	id: string,
	optionSetId?: string
): PollStep {
	const set = template.optionSets.find((s) => s.id === optionSetId) ?? template.optionSets[0];
	return {
		id,
		kind: 'poll',
		title: set ? set.name[locale] : template.defaults.pollTitle[locale],
		optionSet: set?.id ?? '',
		question: set ? set.question[locale] : '',
		nowQuestion: set ? set.nowQuestion[locale] : '',
		desiredQuestion: set ? set.desiredQuestion[locale] : '',
		options: (set?.options ?? template.options).map((o) => ({
			id: o.id,
			title: o.title[locale],
			description: o.description[locale]
		})),
		mode: 'single',
		budget: 10,
		visibility: 'hidden',
		status: 'draft',
		revealed: false,
		round: 1,
		endsAt: 0,
		tally: { voters: 0 }
	};
}

/** Publishes a poll's tally, packed in the order of the options as `readStep` reads them. */
export function setPollTally(doc: Y.Doc, id: string, tally: PollTally): void {
	const map = stepMap(doc, id);
	if (!map) return;
	const options = readPollOptions(map.get('options'));
	map.set('tally', packTally(tally, readPollMode(map.get('mode')), optionIds({ options })));
}

/**
 * A poll: options voted on once (single choice), with points, or twice (now and desired). Its
 * map holds plain values only, the tally packed (model/tally-codec.ts).
 */
export const pollKind: KindModel<'poll'> = {
	kind: 'poll',
	read: readPollStep,
	create({ id, title, optionSet }, { template, locale }) {
		const poll = newPoll(template, locale, id, optionSet);
		return title ? { ...poll, title } : poll;
	},
	init(map, step) {
		for (const [key, value] of Object.entries(step)) if (key !== 'id') map.set(key, value);
		map.set('tally', packTally(step.tally, step.mode, optionIds(step)));
	},
	fromAgenda: ({ kind, title, optionSet }, locale, id) => ({
		id,
		kind,
		title: title?.[locale],
		optionSet
	}),
	round: (step) => step.round,
	collecting: (step) => step.status === 'open',
	answered: (step) => step.tally.voters > 0,
	forFacilitators(step, privateDoc, doc) {
		const tally = readPrivatePollTally(privateDoc, doc, step.id);
		return tally ? { ...step, tally } : step;
	}
};
