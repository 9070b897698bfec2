import { hasCounts, hasOutcome, headlineOf, positioningOutcome } from '../model/outcome.ts';
import { percent, sumTotals } from '../model/tally.ts';
import type {
	ConsentOutcome,
	Locale,
	OptionTotals,
	PlanStep,
	PollOutcome,
	PollStep,
	PositioningOutcome
} from '../model/types.ts';
import { m } from '../paraglide/messages.js';
import type { Block, Table } from './blocks.ts';
import { chartBlocks } from './charts.ts';
import type { ReportContext } from './context.ts';
import { breakdownTable } from './tables.ts';

/*
 * Blocks for a poll's result and a positioning outcome: the poll section shows them for its
 * polls and for the session this one continues from, the plan section heads the plan with them.
 */

/**
 * A poll's result: its question, who voted, what leads, and the votes by perspective, each
 * breakdown followed by its chart when the poll's `step` is given (this session's; an earlier
 * session's frozen outcome has none to draw from).
 */
export function pollBlocks(poll: PollOutcome, context: ReportContext, step?: PollStep): Block[] {
	const { locale, perspectiveLabel, threshold } = context;
	const t = { locale };
	const charts = (what: string): Block[] => (step ? chartBlocks(step, what, context) : []);
	const blocks: Block[] = [];
	if (poll.question) blocks.push({ kind: 'paragraph', text: poll.question });
	blocks.push({ kind: 'paragraph', text: m.report_voters({ count: poll.tally.voters }, t) });
	if (!hasCounts(poll)) {
		// Enough voted but nothing released: hidden results of a round still open.
		const text =
			poll.tally.voters < threshold
				? m.results_too_few({ threshold }, t)
				: m.results_at_close({}, t);
		blocks.push({ kind: 'paragraph', text });
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
		blocks.push(
			{ kind: 'paragraph', text: m.report_now_desired_legend({}, t) },
			nowDesiredTable(poll, locale)
		);
		for (const [part, label] of [
			['now', m.report_now_header({}, t)],
			['desired', m.report_desired_header({}, t)]
		] as const) {
			const caption = m.report_votes_by_perspective({ label }, t);
			// Said in a line of its own too: not every format shows a table's caption.
			blocks.push(
				{ kind: 'paragraph', strong: true, text: caption },
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
				),
				...charts(`perspectives-${part}`)
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
		...charts('perspectives'),
		...mergedNote
	);
	return blocks;
}

/**
 * Now against desired, as the screen shows it: per option the votes and their share in each
 * part, and the shift between the shares in percentage points (PollResults.svelte), with the
 * columns saying what "now" and "desired" are.
 */
function nowDesiredTable(poll: PollOutcome, locale: Locale): Table {
	const t = { locale };
	const now = poll.tally.now ?? {};
	const desired = poll.tally.desired ?? {};
	const share = (totals: OptionTotals, id: string): number =>
		percent(totals[id] ?? 0, sumTotals(totals));
	const cell = (totals: OptionTotals, id: string): string =>
		m.report_count_share({ count: totals[id] ?? 0, share: share(totals, id) }, t);
	return {
		kind: 'table',
		caption: `${poll.title}: ${m.report_now_header({}, t)}, ${m.report_desired_header({}, t)}`,
		header: [
			m.results_option({}, t),
			m.report_now_header({}, t),
			m.report_desired_header({}, t),
			m.report_shift_header({}, t)
		],
		widths: [2, 'narrow', 'narrow', 'narrow'],
		rows: poll.options.map((o) => {
			const shift = share(desired, o.id) - share(now, o.id);
			return [
				o.title,
				cell(now, o.id),
				cell(desired, o.id),
				m.results_shift_value({ value: shift > 0 ? `+${shift}` : String(shift) }, t)
			];
		})
	};
}

/** "Consentronde, ronde 2: Aangenomen (geen bezwaar)" */
export function consentOutcomeLine(
	consent: ConsentOutcome,
	locale: Locale,
	threshold: number
): string {
	const verdict =
		consent.status === 'open'
			? m.report_open({}, { locale })
			: consent.consented
				? m.report_consented({}, { locale })
				: consent.counts.objection > 0
					? m.report_objected({}, { locale })
					: m.consent_too_few({ threshold }, { locale });
	return m.report_consent_outcome({ title: consent.title, n: consent.round, verdict }, { locale });
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

/**
 * What a plan stands on, as the screens show it: this session's positioning, or while it has
 * decided nothing, the one of the session it continues. `outcome` is this session's own.
 */
export function planStandingBlocks(
	plan: Pick<PlanStep, 'pollId' | 'consentId'> | undefined,
	{ locale, snapshot, positioning }: ReportContext
): { outcome: PositioningOutcome; blocks: Block[] } {
	const outcome = positioningOutcome(snapshot.steps, positioning, plan);
	const blocks = headlineBlocks(outcome, locale);
	const { previous } = snapshot;
	if (!hasOutcome(outcome) && previous && hasOutcome(previous.outcome)) {
		blocks.push(
			{ kind: 'paragraph', text: m.plan_previous({ title: previous.title }, { locale }) },
			...headlineBlocks(previous.outcome, locale)
		);
	}
	return { outcome, blocks };
}
