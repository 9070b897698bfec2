import { rankCards } from '../dilemmas/rank.ts';
import type { DilemmaStep } from '../../model/types.ts';
import { RANKING_ITEM_MAX, RANKING_ITEMS_MAX } from './intents.ts';
import type { RankingItem } from './types.ts';

/*
 * Where a ranking's items can come from besides the facilitator's typing: the session's
 * positioning options, or the top of a dilemma board. Pure: the console hands in what it reads.
 */

/**
 * A text as an item's title: on one line, and when too long, cut at a word before the limit
 * with an ellipsis (a dilemma may be twice as long as an item's title).
 */
export function shortenTitle(text: string, max = RANKING_ITEM_MAX): string {
	const line = text.replace(/\s+/g, ' ').trim();
	const chars = [...line];
	if (chars.length <= max) return line;
	const cut = chars.slice(0, max - 1).join('');
	const space = cut.lastIndexOf(' ');
	return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Options (the positioning's, say) as items: the same ids, at most as many as a ranking holds. */
export const itemsFromOptions = (
	options: readonly { id: string; title: string }[]
): RankingItem[] =>
	options
		.filter((option) => option.title.trim() !== '')
		.slice(0, RANKING_ITEMS_MAX)
		.map((option) => ({ id: option.id, title: shortenTitle(option.title) }));

/**
 * The `count` dilemmas with the most dots on a board (a stack with the dots of its duplicates;
 * hidden cards never), as items with the cards' ids. Cards nobody gave a dot are left out: they
 * are not its top.
 */
export function itemsFromBoard(
	board: Pick<DilemmaStep, 'cards' | 'clusters'>,
	byCard: Record<string, number>,
	count: number
): RankingItem[] {
	return rankCards(board, byCard)
		.overall.filter((ranked) => ranked.dots > 0 && ranked.card.text.trim() !== '')
		.slice(0, Math.min(count, RANKING_ITEMS_MAX))
		.map(({ card }) => ({ id: card.id, title: shortenTitle(card.text) }));
}
