import type { DilemmaStep, Locale } from '../../model/types.ts';
import { m } from '../../paraglide/messages.js';
import type { Block } from '../../report/blocks.ts';
import type { ReportContext } from '../../report/context.ts';
import { rankCards } from './rank.ts';

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
			widths: [1, 'narrow'],
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

/**
 * Dilemmas and clusters: per board with a visible card, its clusters by dots, each card with
 * its duplicates. Boards are named only when there are several.
 */
export function dilemmasReport(steps: DilemmaStep[], { locale }: ReportContext): Block[] {
	const boards = steps.filter((board) => board.cards.some((c) => !c.hidden));
	if (boards.length === 0) return [];
	return [
		{ kind: 'heading', level: 2, text: m.report_dilemmas({}, { locale }) },
		...boards.flatMap((board) => boardBlocks(board, locale, boards.length > 1))
	];
}

/** How many dilemmas the summary names as the room's top priorities. */
export const TOP_PRIORITIES = 5;

/**
 * The room's top priorities for the report's summary: the dilemmas with the most dots over all
 * boards (a stack with its duplicates' dots), each with its cluster and dots; none without dots.
 */
export function topPriorities(steps: DilemmaStep[], { locale }: ReportContext): string[] {
	const t = { locale };
	return (
		steps
			.flatMap((board) => {
				const cluster = new Map(board.clusters.map((c) => [c.id, c.title]));
				return rankCards(board, board.dotTally.byCard ?? {}).overall.map((ranked) => ({
					...ranked,
					cluster: cluster.get(ranked.card.cluster) ?? ''
				}));
			})
			.filter((ranked) => ranked.dots > 0)
			// Stable: equal dots keep the boards' and clusters' order.
			.sort((a, b) => b.dots - a.dots)
			.slice(0, TOP_PRIORITIES)
			.map(({ card, dots, cluster }) =>
				m.report_priority_line(
					{ text: card.text, cluster, dots: m.dots_count({ count: dots }, t) },
					t
				)
			)
	);
}
