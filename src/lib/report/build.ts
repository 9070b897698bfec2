import { rankCards } from '../kinds/dilemmas/model.ts';
import { smallestGroup } from '../model/anonymity.ts';
import {
	hasCounts,
	hasOutcome,
	headlineOf,
	pollOutcome,
	positioningOutcome
} from '../model/outcome.ts';
import { positioningPolls } from '../model/positioning.ts';
import { answered, consentPassed } from '../model/tally.ts';
import {
	PLAN_TEXT_FIELDS,
	type ConsentAnswer,
	type ConsentOutcome,
	type ConsentRound,
	type ConsentStep,
	type DilemmaStep,
	type Locale,
	type PlanItem,
	type PlanStep,
	type PlanTextField,
	type PollOutcome,
	type PositioningOutcome,
	type SessionSnapshot,
	type TallyPart
} from '../model/types.ts';
import { m } from '../paraglide/messages.js';
import { PLANNED, type Block, type Report, type Table } from './blocks.ts';
import { fieldLabel, PLAN_FIELDS, scaleLabel, statusLabel, type PlanField } from './labels.ts';

export interface ReportOptions {
	locale: Locale;
	/** When the report is made (ms since epoch). */
	now: number;
}

type TallyColumn = 'totals' | 'now' | 'desired';

const ANSWERS: ConsentAnswer[] = ['consent', 'concern', 'objection'];

/** Dates as the network reads them: Dutch time, long form. */
export function formatDate(time: number, locale: Locale): string {
	return new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
		dateStyle: 'long',
		timeZone: 'Europe/Amsterdam'
	}).format(time);
}

export function fileStem(title: string): string {
	const stem = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
	return stem || 'sessie';
}

/** The report every export renders: the draft year plan and what led to it. */
export function buildReport(snapshot: SessionSnapshot, { locale, now }: ReportOptions): Report {
	const t = { locale };
	const perspectiveLabel = new Map(snapshot.perspectives.map((p) => [p.id, p.label]));
	const blocks: Block[] = [
		{ kind: 'heading', level: 1, text: m.report_title({}, t) },
		{
			kind: 'paragraph',
			strong: true,
			text: m.report_subtitle(
				{ title: snapshot.title, date: formatDate(snapshot.createdAt, locale) },
				t
			)
		},
		{
			kind: 'paragraph',
			text: m.report_concept_note({ date: formatDate(now, locale) }, t)
		}
	];

	// Who took part: counts per perspective, never names (a report travels beyond the room).
	blocks.push(
		{ kind: 'heading', level: 2, text: m.report_participants({}, t) },
		{
			kind: 'paragraph',
			text: m.report_participants_total({ count: snapshot.counts.total }, t)
		},
		{
			kind: 'table',
			caption: m.report_participants({}, t),
			header: [m.report_perspective({}, t), m.report_count({}, t)],
			rows: [
				...snapshot.perspectives.map((p) => [
					p.label,
					String(snapshot.counts.byPerspective[p.id] ?? 0)
				]),
				...(snapshot.counts.unassigned > 0
					? [[m.report_no_perspective({}, t), String(snapshot.counts.unassigned)]]
					: [])
			]
		}
	);
	const threshold = smallestGroup(snapshot.privacy);

	// Positioning: every poll that has votes, each with its breakdown by perspective.
	const polls = snapshot.steps.filter((s) => s.kind === 'poll' && s.tally.voters > 0);
	if (polls.length > 0 || snapshot.previous) {
		blocks.push({ kind: 'heading', level: 2, text: m.report_positioning({}, t) });
	}
	for (const poll of polls) {
		if (poll.kind !== 'poll') continue;
		blocks.push(
			{ kind: 'heading', level: 3, text: poll.title },
			...pollBlocks(pollOutcome(poll), perspectiveLabel, locale, threshold)
		);
	}
	if (snapshot.previous) {
		const { previous } = snapshot;
		blocks.push({
			kind: 'heading',
			level: 3,
			text: m.report_previous(
				{ title: previous.title, date: formatDate(previous.createdAt, locale) },
				t
			)
		});
		blocks.push(...outcomeBlocks(previous.outcome, perspectiveLabel, locale, threshold));
	}

	const consents = snapshot.steps.filter(
		(s): s is ConsentStep => s.kind === 'consent' && s.rounds.length > 0
	);
	if (consents.length > 0)
		blocks.push({ kind: 'heading', level: 2, text: m.report_consent({}, t) });
	for (const step of consents) {
		blocks.push({ kind: 'heading', level: 3, text: step.title });
		for (const round of step.rounds) {
			blocks.push(
				{
					kind: 'paragraph',
					strong: true,
					text: `${m.consent_round({ n: round.number }, t)}: ${consentVerdict(round, locale, threshold)}`
				},
				{ kind: 'paragraph', text: m.report_proposal({ text: round.proposal }, t) },
				breakdownTable(
					`${step.title}, ${m.consent_round({ n: round.number }, t)}`,
					m.report_answer({}, t),
					ANSWERS.map((a) => ({ id: a, title: answerLabel(a, locale) })),
					round.tally.counts,
					Object.fromEntries(
						Object.entries(round.tally.byPerspective).map(([p, counts]) => [p, { totals: counts }])
					),
					perspectiveLabel,
					locale,
					'totals',
					round.tally.merged && { totals: round.tally.merged.counts }
				)
			);
			if (round.tally.merged) {
				blocks.push({ kind: 'paragraph', text: m.results_merged_note({ threshold }, t) });
			}
			if (round.reasons.length > 0) {
				blocks.push(
					{ kind: 'paragraph', text: m.report_reasons({}, t) },
					{
						kind: 'list',
						items: round.reasons.map((r) => `${answerLabel(r.answer, locale)}: ${r.text}`)
					}
				);
			}
		}
	}

	const boards = snapshot.steps.filter(
		(s): s is DilemmaStep => s.kind === 'dilemmas' && s.cards.some((c) => !c.hidden)
	);
	if (boards.length > 0) blocks.push({ kind: 'heading', level: 2, text: m.report_dilemmas({}, t) });
	for (const board of boards) blocks.push(...boardBlocks(board, locale, boards.length > 1));

	const plan = snapshot.steps.find((s): s is PlanStep => s.kind === 'plan');
	if (plan) blocks.push(...planBlocks(snapshot, plan, locale));

	return { fileStem: fileStem(snapshot.title), blocks };
}

function answerLabel(answer: ConsentAnswer, locale: Locale): string {
	const labels = {
		consent: m.answer_consent,
		concern: m.answer_concern,
		objection: m.answer_objection
	};
	return labels[answer]({}, { locale });
}

/** "Consentronde, Ronde 2: Aangenomen: geen bezwaar" */
function consentOutcomeLine(consent: ConsentOutcome, locale: Locale, threshold: number): string {
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

function consentVerdict(
	round: Pick<ConsentRound, 'status' | 'tally'>,
	locale: Locale,
	threshold: number
): string {
	if (round.status === 'open') return m.report_open({}, { locale });
	// Counts withheld: fewer answered than the smallest group the session shows.
	if (answered(round.tally.counts) === 0 && round.tally.voters > 0) {
		return m.consent_too_few({ threshold }, { locale });
	}
	return consentPassed(round.tally)
		? m.report_consented({}, { locale })
		: m.report_objected({}, { locale });
}

/** Rows per option: the total, then one column per perspective that answered. */
function breakdownTable(
	caption: string,
	firstColumn: string,
	options: { id: string; title: string }[],
	totals: Record<string, number>,
	byPerspective: Record<string, Partial<Pick<TallyPart, TallyColumn>>>,
	perspectiveLabel: ReadonlyMap<string, string>,
	locale: Locale,
	part: TallyColumn = 'totals',
	/** The small groups counted together (see model/anonymity.ts). */
	merged?: Partial<Pick<TallyPart, TallyColumn>>
): Table {
	const perspectives = [...perspectiveLabel.keys()].filter((p) => byPerspective[p]);
	return {
		kind: 'table',
		caption,
		header: [
			firstColumn,
			m.report_total({}, { locale }),
			...perspectives.map((p) => perspectiveLabel.get(p) ?? p),
			...(merged ? [m.results_merged({}, { locale })] : [])
		],
		rows: options.map((o) => [
			o.title,
			String(totals[o.id] ?? 0),
			...perspectives.map((p) => String(byPerspective[p]?.[part]?.[o.id] ?? 0)),
			...(merged ? [String(merged[part]?.[o.id] ?? 0)] : [])
		])
	};
}

function pollBlocks(
	poll: PollOutcome,
	perspectiveLabel: ReadonlyMap<string, string>,
	locale: Locale,
	threshold: number
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

/**
 * The positioning that heads a plan, in bold, and where it came from: a reader of the plan must
 * be able to tell a decision from a vote, and which vote.
 */
function headlineBlocks(outcome: PositioningOutcome, locale: Locale): Block[] {
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
function outcomeBlocks(
	outcome: PositioningOutcome,
	perspectiveLabel: ReadonlyMap<string, string>,
	locale: Locale,
	threshold: number
): Block[] {
	const blocks: Block[] = headlineBlocks(outcome, locale);
	if (outcome.poll) blocks.push(...pollBlocks(outcome.poll, perspectiveLabel, locale, threshold));
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

function cardText(
	card: { text: string; poleA: string; poleB: string; author: string },
	locale: Locale
): string {
	const t = { locale };
	let text = card.text;
	if (card.poleA || card.poleB) {
		text += ` (${m.dilemma_on_one_hand({}, t)}: ${card.poleA || '…'}; ${m.dilemma_on_other_hand({}, t)}: ${card.poleB || '…'})`;
	}
	if (card.author) text += ` ${m.dilemma_by({ name: card.author }, t)}`;
	return text;
}

function boardBlocks(board: DilemmaStep, locale: Locale, named: boolean): Block[] {
	const t = { locale };
	const { byCluster } = rankCards(board, board.dotTally.byCard ?? {});
	const blocks: Block[] = [];
	for (const cluster of board.clusters) {
		const ranked = byCluster[cluster.id] ?? [];
		if (ranked.length === 0) continue;
		const dots = ranked.reduce((sum, r) => sum + r.dots, 0);
		blocks.push({
			kind: 'heading',
			level: 3,
			text: `${named ? `${board.title}: ` : ''}${cluster.title} (${m.dots_count({ count: dots }, t)})`
		});
		if (cluster.description) blocks.push({ kind: 'paragraph', text: cluster.description });
		blocks.push({
			kind: 'table',
			caption: cluster.title,
			header: [m.report_dilemma({}, t), m.report_dots({}, t)],
			rows: ranked.map(({ card, dots: n }) => {
				const duplicates = board.cards.filter((c) => c.stackedOn === card.id && !c.hidden);
				const also =
					duplicates.length > 0
						? ` · ${m.report_also({ texts: duplicates.map((d) => d.text).join(' / ') }, t)}`
						: '';
				return [cardText(card, locale) + also, String(n)];
			})
		});
	}
	return blocks;
}

/** One item's fields as label and text, in the order of the plan's form. */
export function itemFields(
	item: PlanItem,
	plan: PlanStep,
	intensities: readonly { level: number; label: string }[],
	locale: Locale
): [field: PlanField, label: string, value: string][] {
	const t = { locale };
	const intensity = intensities.find((i) => i.level === item.intensity);
	const values: Record<PlanField, string> = {
		...(Object.fromEntries(PLAN_TEXT_FIELDS.map((f) => [f, item[f]])) as Record<
			PlanTextField,
			string
		>),
		intensity: intensity ? `${intensity.level}. ${intensity.label}` : '',
		scale: item.scale ? scaleLabel[item.scale]({}, t) : '',
		quarters: quartersText(item, locale),
		regions: regionsText(plan, item, locale),
		status: statusLabel[item.status]({}, t),
		source: sourceText(item, locale)
	};
	return PLAN_FIELDS.map((field) => [field, fieldLabel[field]({}, t), values[field]]);
}

export function quartersText(item: PlanItem, locale: Locale): string {
	return item.quarters.map((q) => m.plan_quarter({ n: q.slice(1) }, { locale })).join(', ');
}

export function regionsText(plan: PlanStep, item: PlanItem, locale: Locale): string {
	if (item.optedOut.length === 0) return m.plan_regions_all({}, { locale });
	const out = plan.regions.filter((r) => item.optedOut.includes(r.id)).map((r) => r.label);
	return m.plan_regions_except({ regions: out.join(', ') }, { locale });
}

export function sourceText(item: PlanItem, locale: Locale): string {
	const { source } = item;
	if (!source) return '';
	const { cluster, dilemmas, dots } = source;
	return dots === undefined
		? m.plan_source_no_dots({ cluster, count: dilemmas.length }, { locale })
		: m.plan_source({ cluster, count: dilemmas.length, dots }, { locale });
}

/** The plan's overview table: the columns that fit a page; every field follows per item. */
export const OVERVIEW: readonly PlanField[] = [
	'theme',
	'goal',
	'owner',
	'intensity',
	'quarters',
	'status'
];

function planBlocks(snapshot: SessionSnapshot, plan: PlanStep, locale: Locale): Block[] {
	const t = { locale };
	const blocks: Block[] = [
		{ kind: 'heading', level: 2, text: m.report_plan({ year: plan.year }, t) }
	];
	const outcome = positioningOutcome(
		snapshot.steps,
		positioningPolls(snapshot.template, snapshot.options),
		plan
	);
	blocks.push(...headlineBlocks(outcome, locale));
	// A session that has decided nothing yet stands on the one it continues, as on the screens.
	const { previous } = snapshot;
	if (!hasOutcome(outcome) && previous && hasOutcome(previous.outcome)) {
		blocks.push(
			{ kind: 'paragraph', text: m.plan_previous({ title: previous.title }, t) },
			...headlineBlocks(previous.outcome, locale)
		);
	}
	// Beside the headline, what the other part said; the headline's own text is not repeated.
	const { poll, consent, lead } = outcome;
	if (poll && lead !== 'poll' && hasCounts(poll) && poll.leading.length > 0) {
		const titles = new Map(poll.options.map((o) => [o.id, o.title]));
		const options = poll.leading.map((id) => titles.get(id)).join(', ');
		blocks.push({
			kind: 'paragraph',
			text: m.report_poll_leading({ title: poll.title, options }, t)
		});
	}
	if (consent) {
		const line = consentOutcomeLine(consent, locale, smallestGroup(snapshot.privacy));
		blocks.push({
			kind: 'paragraph',
			text:
				lead === 'consent' ? line : `${line}. ${m.report_proposal({ text: consent.proposal }, t)}`
		});
	}
	if (plan.items.length === 0) {
		blocks.push({ kind: 'paragraph', text: m.report_no_items({}, t) });
		return blocks;
	}
	const fields = plan.items.map((item) => itemFields(item, plan, snapshot.intensities, locale));
	blocks.push({
		kind: 'table',
		caption: m.plan_table_caption({ year: plan.year }, t),
		header: [m.report_nr({}, t), ...OVERVIEW.map((f) => fieldLabel[f]({}, t))],
		rows: fields.map((row, n) => [
			String(n + 1),
			...OVERVIEW.map((f) => row.find(([field]) => field === f)![2])
		])
	});
	blocks.push(
		{ kind: 'heading', level: 3, text: m.report_timeline({}, t) },
		{
			kind: 'table',
			timeline: true,
			caption: m.plan_timeline_caption({ year: plan.year }, t),
			header: [m.field_theme({}, t), ...[1, 2, 3, 4].map((n) => m.plan_quarter({ n }, t))],
			rows: plan.items.map((item, n) => [
				`${n + 1}. ${item.theme}`,
				...(['q1', 'q2', 'q3', 'q4'] as const).map((q) =>
					item.quarters.includes(q) ? PLANNED : ''
				)
			])
		},
		{ kind: 'heading', level: 3, text: m.report_details({}, t) }
	);
	plan.items.forEach((item, n) => {
		blocks.push(
			{
				kind: 'heading',
				level: 4,
				text: m.plan_item_heading({ n: n + 1, theme: item.theme || m.plan_item_untitled({}, t) }, t)
			},
			{
				kind: 'table',
				caption: item.theme,
				header: [m.report_field({}, t), m.report_value({}, t)],
				rows: fields[n]!.filter(([, , value]) => value !== '').map(([, label, value]) => [
					label,
					value
				])
			}
		);
		if (item.source && item.source.dilemmas.length > 0) {
			blocks.push({ kind: 'list', items: item.source.dilemmas });
		}
	});
	return blocks;
}
