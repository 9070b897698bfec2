import { byOrderKey } from '../../model/order-key.ts';
import type { DilemmaCard, DilemmaStep } from '../../model/types.ts';

export interface RankedCard {
	card: DilemmaCard;
	/** Dots on the card and on the duplicates stacked on it. */
	dots: number;
}

/**
 * Cards by dots, most first (ties: board order): overall and per cluster. Hidden cards and
 * stacked duplicates do not rank on their own; a stack ranks with all its dots.
 */
export function rankCards(
	step: Pick<DilemmaStep, 'cards' | 'clusters'>,
	byCard: Record<string, number>
): {
	overall: RankedCard[];
	byCluster: Record<string, RankedCard[]>;
} {
	const visible = step.cards.filter((c) => !c.hidden);
	const score = new Map<string, number>();
	for (const card of visible) {
		const top = card.stackedOn || card.id;
		score.set(top, (score.get(top) ?? 0) + (byCard[card.id] ?? 0));
	}
	const clusterIndex = new Map(step.clusters.map((c, i) => [c.id, i]));
	const overall = visible
		.filter((c) => !c.stackedOn)
		.map((card) => ({ card, dots: score.get(card.id) ?? 0 }))
		.sort(
			(a, b) =>
				b.dots - a.dots ||
				(clusterIndex.get(a.card.cluster) ?? 0) - (clusterIndex.get(b.card.cluster) ?? 0) ||
				byOrderKey(a.card, b.card)
		);
	// A Map while grouping, as in the tallies: a cluster id can never reach a prototype.
	const byCluster = new Map<string, RankedCard[]>();
	for (const ranked of overall) {
		const list = byCluster.get(ranked.card.cluster);
		if (list) list.push(ranked);
		else byCluster.set(ranked.card.cluster, [ranked]);
	}
	return { overall, byCluster: Object.fromEntries(byCluster) };
}
