import type { Locale } from '../../model/types.ts';
import { m } from '../../paraglide/messages.js';
import type { RankingItem } from './types.ts';

const formats = new Map<Locale, Intl.NumberFormat>();

/**
 * A mean place or a spread as people read it in the room's language: one decimal, "2,1" in
 * Dutch and "2.1" in English.
 */
export function formatPlace(value: number, locale: Locale): string {
	let format = formats.get(locale);
	if (!format) {
		format = new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
			minimumFractionDigits: 1,
			maximumFractionDigits: 1
		});
		formats.set(locale, format);
	}
	return format.format(value);
}

/**
 * An item's title as shown: an item made from a dilemma card that was hidden or whose author
 * erased it has no title left (`followCard`), and says so instead of showing a blank.
 */
export const itemTitle = (item: RankingItem, locale?: Locale): string =>
	item.title || m.ranking_item_gone({}, locale ? { locale } : undefined);
