import type { ChartSpec } from './types.ts';

/** A title as part of a file name: plain lower-case letters, digits and hyphens. */
function stem(title: string, length: number): string {
	return title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, length)
		.replace(/-+$/, '');
}

/** The day as the network reads it, in Dutch time: 2026-03-12. */
const day = (time: number): string =>
	new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Amsterdam',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(time);

/**
 * The name a downloaded chart is saved under: the session, the step, what the chart shows and
 * the session's day, so a folder of them sorts by session and reads without opening them.
 */
export function chartFileName(
	spec: ChartSpec,
	session: { title: string; date: number },
	extension: 'png' | 'svg'
): string {
	const parts = [
		stem(session.title, 40),
		stem(spec.title, 40),
		stem(spec.name, 40),
		day(session.date)
	];
	return `${parts.filter(Boolean).join('-')}.${extension}`;
}
