import type { Locale } from '../model/types.ts';

/** Dates as the network reads them: Dutch time, long form. */
export function formatDate(time: number, locale: Locale): string {
	return new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
		dateStyle: 'long',
		timeZone: 'Europe/Amsterdam'
	}).format(time);
}
