import type { Locale, SessionSnapshot } from '../../src/lib/model/types.ts';
import { buildReport } from '../../src/lib/report/build.ts';
import { renderCsv } from '../../src/lib/report/csv.ts';
import { renderMarkdown } from '../../src/lib/report/markdown.ts';
import { m } from '../../src/lib/paraglide/messages.js';
import { renderDocx } from './docx.ts';
import { renderPdf } from './pdf.ts';

export const EXPORT_FORMATS = ['docx', 'pdf', 'md', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFile {
	body: Buffer;
	contentType: string;
	filename: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf',
	md: 'text/markdown; charset=utf-8',
	csv: 'text/csv; charset=utf-8'
};

/** The draft year plan of a session in one format, named after the session and the day. */
export async function exportSession(
	snapshot: SessionSnapshot,
	format: ExportFormat,
	locale: Locale,
	now: number
): Promise<ExportFile> {
	const report = buildReport(snapshot, { locale, now });
	const day = new Date(now).toISOString().slice(0, 10);
	const prefix = locale === 'nl' ? 'concept-jaarplan' : 'draft-year-plan';
	const filename = `${prefix}-${report.fileStem}-${day}.${format}`;
	const title = `${m.report_title({}, { locale })}: ${snapshot.title}`;
	const body =
		format === 'docx'
			? await renderDocx(report, title, locale)
			: format === 'pdf'
				? await renderPdf(report, title, locale)
				: Buffer.from(
						format === 'md' ? renderMarkdown(report) : renderCsv(snapshot, locale),
						'utf8'
					);
	return { body, contentType: CONTENT_TYPES[format], filename };
}
