import { xmlSafe } from '../intents/clean-text.ts';
import type { Locale, PlanStep, SessionSnapshot } from '../model/types.ts';
import { m } from '../paraglide/messages.js';
import { itemFields } from '../kinds/plan/report.ts';
import { fieldLabel, PLAN_FIELDS } from './labels.ts';

/** Dutch Excel opens a CSV as UTF-8 only with a byte-order mark, and splits on semicolons. */
const BOM = '\uFEFF';
const SEPARATOR = ';';

/**
 * A cell as Excel reads it: quoted when it holds a separator, quote or line break, and with a
 * leading apostrophe when it would start a formula (so a text like "=HYPERLINK(…)" stays text).
 * Control characters go first: a stored text from before input was cleaned may hold them, and one
 * in front of "=" would otherwise hide the formula from the check.
 */
export function csvCell(value: string): string {
	const text = xmlSafe(value);
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The year plan's items, one row each, every field a column. */
export function renderCsv(snapshot: SessionSnapshot, locale: Locale): string {
	const t = { locale };
	const plan = snapshot.steps.find((s): s is PlanStep => s.kind === 'plan');
	const header = [
		m.report_nr({}, t),
		...PLAN_FIELDS.map((field) => fieldLabel[field]({}, t)),
		m.report_source_dilemmas({}, t)
	];
	const rows = (plan?.items ?? []).map((item, n) => [
		String(n + 1),
		...itemFields(item, plan!, snapshot.intensities, locale).map(([, , value]) => value),
		item.source?.dilemmas.join(' | ') ?? ''
	]);
	const lines = [header, ...rows].map((row) => row.map(csvCell).join(SEPARATOR));
	return `${BOM}${lines.join('\r\n')}\r\n`;
}
