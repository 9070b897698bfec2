import { chartContext } from '../charts/index.ts';
import { STEP_KINDS } from '../kinds/index.ts';
import { reportOf } from '../kinds/reports.ts';
import { smallestGroup } from '../model/anonymity.ts';
import { positioningPolls } from '../model/positioning.ts';
import type { Locale, SessionSnapshot, StepKind } from '../model/types.ts';
import { m } from '../paraglide/messages.js';
import { templates } from '../model/templates.ts';
import { WIDE_COLUMNS, type Block, type Report } from './blocks.ts';
import type { ReportContext } from './context.ts';
import { formatDate } from './format.ts';
import { summaryBlocks } from './summary.ts';

export { formatDate } from './format.ts';
// The plan's item fields, for the exports and the plan's views that show them as the report does.
export {
	itemFields,
	OVERVIEW,
	quartersText,
	regionsText,
	sourceText
} from '../kinds/plan/report.ts';

export interface ReportOptions {
	locale: Locale;
	/** When the report is made (ms since epoch). */
	now: number;
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

/** The kind whose section is the document itself; every other kind's is an appendix. */
const PLAN_KIND: StepKind = 'plan';

/** "A", "B", …: an appendix's letter by its place. */
const letter = (index: number): string => String.fromCharCode(65 + index);

/**
 * The report every export renders, as a finished "Concept jaarplan" (issue 14): on the first page
 * the title block and a summary; then the plan (its overview and timeline on landscape pages
 * when wide, every item in full after them); then the results of every step as appendices,
 * who took part first (Bijlage A), then each kind's section in registry order
 * (KindReport). Each part starts on a new page (a `section` block).
 */
export function buildReport(snapshot: SessionSnapshot, { locale, now }: ReportOptions): Report {
	const t = { locale };
	const context: ReportContext = {
		locale,
		snapshot,
		perspectiveLabel: new Map(snapshot.perspectives.map((p) => [p.id, p.label])),
		threshold: smallestGroup(snapshot.privacy),
		positioning: positioningPolls(snapshot.template, snapshot.options),
		charts: chartContext(snapshot, locale)
	};
	const plan = snapshot.steps.find((s) => s.kind === PLAN_KIND);
	const template = Object.hasOwn(templates, snapshot.template)
		? templates[snapshot.template]
		: undefined;

	const appendices = [
		participantsBlocks(snapshot, locale),
		...STEP_KINDS.filter((kind) => kind !== PLAN_KIND).map((kind) =>
			reportOf(kind, snapshot.steps, context)
		)
	].filter((part) => part.length > 0);
	const planBlocks = reportOf(PLAN_KIND, snapshot.steps, context);

	const blocks: Block[] = [
		{ kind: 'section', part: 'front', landscape: false },
		{
			kind: 'title',
			title:
				plan?.kind === 'plan' ? m.report_title_year({ year: plan.year }, t) : m.report_title({}, t),
			network: template?.network[locale] ?? '',
			session: snapshot.title,
			date: formatDate(snapshot.createdAt, locale),
			status: m.report_status_concept({}, t),
			note: m.report_concept_note({ date: formatDate(now, locale) }, t)
		},
		...summaryBlocks(context, letter(0)),
		...(planBlocks.length > 0
			? [{ kind: 'section', part: 'plan', landscape: false } as const, ...planBlocks]
			: []),
		...appendices.flatMap((part, i) => [
			{ kind: 'section', part: 'appendix', landscape: false } as const,
			...asAppendix(part, letter(i), locale)
		])
	];
	return { fileStem: fileStem(snapshot.title), blocks: laidOut(blocks) };
}

/** Who took part: counts per perspective, never names (a report travels beyond the room). */
function participantsBlocks(snapshot: SessionSnapshot, locale: Locale): Block[] {
	const t = { locale };
	return [
		{ kind: 'heading', level: 2, text: m.report_participants({}, t) },
		{
			kind: 'paragraph',
			text: m.report_participants_total({ count: snapshot.counts.total }, t)
		},
		{
			kind: 'table',
			caption: m.report_participants({}, t),
			header: [m.report_perspective({}, t), m.report_count({}, t)],
			widths: [1, 'narrow'],
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
	];
}

/** A section as an appendix: its opening heading (a kind's level-2 one) named "Bijlage B: …". */
function asAppendix(blocks: Block[], letter: string, locale: Locale): Block[] {
	const [first, ...rest] = blocks;
	if (first?.kind !== 'heading' || first.level !== 2) return blocks;
	return [
		{
			...first,
			text: m.report_appendix({ letter, title: first.text }, { locale }),
			appendix: letter
		},
		...rest
	];
}

/**
 * Marks the tables too wide for a portrait page, and turns the pages of every section holding
 * one to landscape, so that every format makes the same pages.
 */
function laidOut(blocks: Block[]): Block[] {
	const marked = blocks.map((block) =>
		block.kind === 'table' && block.header.length > WIDE_COLUMNS ? { ...block, wide: true } : block
	);
	return marked.map((block, i) => {
		if (block.kind !== 'section') return block;
		const next = marked.findIndex((b, j) => j > i && b.kind === 'section');
		const own = marked.slice(i + 1, next === -1 ? undefined : next);
		return { ...block, landscape: own.some((b) => b.kind === 'table' && b.wide === true) };
	});
}
