import { hasCounts, headlineOf } from '../model/outcome.ts';
import type { ConsentOutcome, Locale, PollOutcome, PositioningOutcome } from '../model/types.ts';
import { m } from '../paraglide/messages.js';
import type { Block } from './blocks.ts';
import type { ReportContext } from './context.ts';
import { breakdownTable } from './tables.ts';

/*
 * Blocks for a poll's result and a positioning outcome: the poll section shows them for its
 * polls and for the session this one continues from, the plan section heads the plan with them.
 */

/** A poll's result: its question, who voted, what leads, and the votes by perspective. */
export function pollBlocks(
	poll: PollOutcome,
	{ locale, perspectiveLabel, threshold }: ReportContext
): Block[] {
	const t = { locale };
	const blocks: Block[] = [];
	if (poll.question) blocks.push({ kind: 'paragraph', text: poll.question });
	blocks.push({ kind: 'paragraph', text: m.report_voters({ count: poll.tally.voters }, t) });
	if (!hasCounts(poll)) {
		blocks.push({ kind: 'paragraph', text: m.results_too_few({ threshold }, t) });
		return blocks;
	}
	const { merged } = poll.tally;
	const mergedNote: Block[] = merged
		? [{ kind: 'paragraph', text: m.results_merged_note({ threshold }, t) }]
		: [];
	const titles = new Map(poll.options.map((o) => [o.id, o.title]));
	if (poll.leading.length > 0) {
		blocks.push({
			kind: 'paragraph',
			strong: true,
			text: m.report_leading({ options: poll.leading.map((id) => titles.get(id)).join(', ') }, t)
		});
	}
	const byPerspective = poll.tally.byPerspective ?? {};
	const option = m.results_option({}, t);
	if (poll.mode === 'nowDesired') {
		const now = poll.tally.now ?? {};
		const desired = poll.tally.desired ?? {};
		blocks.push({
			kind: 'table',
			caption: poll.title,
			header: [option, m.results_now({}, t), m.results_desired({}, t), m.results_shift({}, t)],
			rows: poll.options.map((o) => {
				const shift = (desired[o.id] ?? 0) - (now[o.id] ?? 0);
				return [
					o.title,
					String(now[o.id] ?? 0),
					String(desired[o.id] ?? 0),
					shift > 0 ? `+${shift}` : String(shift)
				];
			})
		});
		for (const [part, label] of [
			['now', m.results_now({}, t)],
			['desired', m.results_desired({}, t)]
		] as const) {
			const caption = m.report_votes_by_perspective({ label }, t);
			blocks.push(
				breakdownTable(
					caption,
					option,
					poll.options,
					part === 'now' ? now : desired,
					byPerspective,
					perspectiveLabel,
					locale,
					part,
					merged
				)
			);
		}
		return [...blocks, ...mergedNote];
	}
	blocks.push(
		breakdownTable(
			poll.title,
			option,
			poll.options,
			poll.tally.totals ?? {},
			byPerspective,
			perspectiveLabel,
			locale,
			'totals',
			merged
		),
		...mergedNote
	);
	return blocks;
}

/** "Consentronde, Ronde 2: Aangenomen: geen bezwaar" */
export function consentOutcomeLine(
	consent: ConsentOutcome,
	locale: Locale,
	threshold: number
): string {
	const round = m.consent_round({ n: consent.round }, { locale });
	const verdict =
		consent.status === 'open'
			? m.report_open({}, { locale })
			: consent.consented
				? m.report_consented({}, { locale })
				: consent.counts.objection > 0
					? m.report_objected({}, { locale })
					: m.consent_too_few({ threshold }, { locale });
	return `${consent.title}, ${round}: ${verdict}`;
}

/**
 * The positioning that heads a plan, in bold, and where it came from: a reader of the plan must
 * be able to tell a decision from a vote, and which vote.
 */
export function headlineBlocks(outcome: PositioningOutcome, locale: Locale): Block[] {
	const headline = headlineOf(outcome);
	if (!headline) return [];
	const t = { locale };
	const consent = headline.source === 'consent';
	const text = consent ? headline.text : headline.options.join(', ');
	const source = consent
		? m.outcome_from_consent({ n: headline.round, title: headline.title }, t)
		: m.outcome_from_poll({ title: headline.title }, t);
	return [
		{ kind: 'paragraph', strong: true, text: m.report_headline({ text }, t) },
		{ kind: 'paragraph', text: source }
	];
}

/** A frozen outcome (from an earlier session): its headline, the poll's result, the verdict. */
export function outcomeBlocks(outcome: PositioningOutcome, context: ReportContext): Block[] {
	const { locale, threshold } = context;
	const blocks: Block[] = headlineBlocks(outcome, locale);
	if (outcome.poll) blocks.push(...pollBlocks(outcome.poll, context));
	if (outcome.consent) {
		const { consent } = outcome;
		blocks.push(
			{
				kind: 'paragraph',
				strong: true,
				text: consentOutcomeLine(consent, locale, threshold)
			},
			{ kind: 'paragraph', text: m.report_proposal({ text: consent.proposal }, { locale }) }
		);
	}
	return blocks;
}
