import type { Locale } from '../../model/types.ts';

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
