import { reportOf, STEP_KINDS } from '../kinds/index.ts';
import { smallestGroup } from '../model/anonymity.ts';
import { positioningPolls } from '../model/positioning.ts';
import type { Locale, SessionSnapshot } from '../model/types.ts';
import { m } from '../paraglide/messages.js';
import type { Block, Report } from './blocks.ts';
import type { ReportContext } from './context.ts';
import { formatDate } from './format.ts';

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

/**
 * The report every export renders: the draft year plan and what led to it. After the title and
 * who took part, each kind of step adds its own section (KindModel.report), in registry order.
 */
export function buildReport(snapshot: SessionSnapshot, { locale, now }: ReportOptions): Report {
	const t = { locale };
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

	const context: ReportContext = {
		locale,
		snapshot,
		perspectiveLabel: new Map(snapshot.perspectives.map((p) => [p.id, p.label])),
		threshold: smallestGroup(snapshot.privacy),
		positioning: positioningPolls(snapshot.template, snapshot.options)
	};
	for (const kind of STEP_KINDS) blocks.push(...reportOf(kind, snapshot.steps, context));

	return { fileStem: fileStem(snapshot.title), blocks };
}
