import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { Content, ContentTable, DynamicContent, TDocumentDefinitions } from 'pdfmake';
import type { Block, Chart, Report, Table as ReportTable } from '../../src/lib/report/blocks.ts';
import type { Locale } from '../../src/lib/model/types.ts';
import { m } from '../../src/lib/paraglide/messages.js';
import { chartImage } from './chart-image.ts';
import { fitColumns, type TextMeasure } from './column-widths.ts';
import { A4, pageRuns, textWidthOf, type Orientation } from './page-layout.ts';

const HEADER_FILL = '#DCE6F0';
const PLANNED_FILL = '#2F5D8A';
const MUTED = '#595959';
const HEADING_COLOR = '#2E5C8A';

/**
 * DejaVu Sans, from its npm package: every glyph a Dutch or English report needs (’, €, ■), and
 * embedded (subset) into the file, so a reader needs no fonts of their own.
 */
const FONT_FILES = {
	normal: 'DejaVuSans.ttf',
	bold: 'DejaVuSans-Bold.ttf',
	italics: 'DejaVuSans-Oblique.ttf',
	bolditalics: 'DejaVuSans-BoldOblique.ttf'
} as const;

const require = createRequire(import.meta.url);
for (const file of Object.values(FONT_FILES)) {
	pdfmake.virtualfs.writeFileSync(
		file,
		readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`))
	);
}
pdfmake.setFonts({ DejaVuSans: { ...FONT_FILES } });
// The fonts are read above; rendering a report fetches nothing and reads no file.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy(() => false);

/**
 * Table text: DejaVu Sans at 9 pt (about as large on the page as Calibri at 10.5); a cell's
 * padding of 4 pt on each side and a line of 1 pt, pdfmake's default table layout.
 */
export const PDF_TABLE_TEXT: TextMeasure = { font: 'dejavu', size: 9, padding: 9 };

const HEADING_SIZES = { 1: 18, 2: 14, 3: 12, 4: 10.5 } as const;

function table(block: ReportTable, orientation: Orientation): Content {
	const { widths } = fitColumns(block, textWidthOf(orientation), PDF_TABLE_TEXT);
	const node: ContentTable = {
		fontSize: PDF_TABLE_TEXT.size,
		margin: [0, 2, 0, 10],
		table: {
			// Repeated on every page the table runs over, and kept with the first row under it.
			headerRows: 1,
			keepWithHeaderRows: 1,
			dontBreakRows: true,
			// pdfmake adds the padding and lines to the widths it is given.
			widths: widths.map((w) => Math.max(1, w - PDF_TABLE_TEXT.padding)),
			body: [
				block.header.map((text) => ({ text, bold: true, fillColor: HEADER_FILL })),
				...block.rows.map((row) =>
					row.map((text, i) =>
						block.timeline && i > 0 && text
							? { text, color: 'white', fillColor: PLANNED_FILL, alignment: 'center' as const }
							: { text }
					)
				)
			]
		}
	};
	return node;
}

/**
 * A chart as a picture as wide as the page's text, under a line with its title: a PDF has no alt
 * text to say what it is, and the line is found by a search. The two stay on one page.
 */
function chart(block: Chart, orientation: Orientation): Content {
	const image = chartImage(block.spec, orientation);
	return {
		unbreakable: true,
		margin: [0, 2, 0, 10],
		stack: [
			{
				text: `${block.spec.title} · ${block.spec.name}`,
				italics: true,
				fontSize: 8,
				color: MUTED,
				margin: [0, 0, 0, 2]
			},
			{
				image: `data:image/png;base64,${image.png.toString('base64')}`,
				width: image.width,
				height: image.height
			}
		]
	};
}

function render(block: Block, orientation: Orientation): Content[] {
	switch (block.kind) {
		case 'heading':
			return [
				{
					text: block.text,
					headlineLevel: block.level,
					fontSize: HEADING_SIZES[block.level],
					bold: block.level > 1,
					color: HEADING_COLOR,
					margin: [0, block.level === 1 ? 0 : 10, 0, 4]
				}
			];
		case 'paragraph':
			return [{ text: block.text, bold: block.strong ?? false, margin: [0, 0, 0, 4] }];
		case 'list':
			// A copy: pdfmake rewrites the lists it lays out, and the report is not its to change.
			return [
				block.ordered
					? { ol: [...block.items], margin: [0, 0, 0, 6] }
					: { ul: [...block.items], margin: [0, 0, 0, 6] }
			];
		case 'section':
			// A part's page break is the start of its run of pages (page-layout.ts).
			return [];
		case 'title':
			return [
				{
					text: block.title,
					headlineLevel: 1,
					fontSize: HEADING_SIZES[1],
					color: HEADING_COLOR,
					margin: [0, 0, 0, 4]
				},
				{
					text: [block.network, block.session].filter(Boolean).join(' · '),
					bold: true,
					margin: [0, 0, 0, 2]
				},
				{ text: `${block.date} · ${block.status}`, margin: [0, 0, 0, 2] },
				{ text: block.note, margin: [0, 0, 0, 4] }
			];
		case 'table':
			return [table(block, orientation)];
		case 'chart':
			return [chart(block, orientation)];
	}
}

/**
 * A heading with nothing but other headings after it on its page starts the next page instead:
 * a heading is never left at the foot of a page.
 */
function strandedHeading(
	node: { headlineLevel?: unknown },
	pages: { getFollowingNodesOnPage(): { headlineLevel?: unknown }[] }
): boolean {
	return (
		node.headlineLevel !== undefined &&
		pages.getFollowingNodesOnPage().every((next) => next.headlineLevel !== undefined)
	);
}

/**
 * The report as a PDF: the same blocks, in the same order and on the same pages (A4, landscape
 * where a table needs it) as the Word file, with the title and "Concept" above and the page
 * number below every page, and its font embedded.
 */
export async function renderPdf(report: Report, title: string, locale: Locale): Promise<Buffer> {
	const t = { locale };
	const runs = pageRuns(report.blocks, PDF_TABLE_TEXT);
	const content: Content[] = runs.flatMap((run, r) =>
		run.blocks.flatMap((block, b) => {
			const nodes = render(block, run.orientation);
			// A run after the first starts a new page, turned as the run needs it.
			if (r > 0 && b === 0) {
				return [
					{ text: '', pageBreak: 'before' as const, pageOrientation: run.orientation },
					...nodes
				];
			}
			return nodes;
		})
	);
	const header: DynamicContent = () => ({
		margin: [A4.margin, A4.margin / 2, A4.margin, 0],
		fontSize: 8,
		color: MUTED,
		columns: [
			{ text: title, width: '*' },
			{ text: m.report_draft_mark({}, t), width: 'auto', bold: true }
		]
	});
	const footer: DynamicContent = (current, total) => ({
		margin: [A4.margin, A4.margin / 4, A4.margin, 0],
		fontSize: 8,
		color: MUTED,
		alignment: 'center',
		text: m.report_page_of({ current: String(current), total: String(total) }, t)
	});
	const definition: TDocumentDefinitions = {
		pageSize: 'A4',
		pageOrientation: runs[0]?.orientation ?? 'portrait',
		pageMargins: A4.margin,
		info: { title, creator: 'Koersbord', producer: 'Koersbord' },
		language: locale === 'nl' ? 'nl-NL' : 'en-GB',
		defaultStyle: { font: 'DejaVuSans', fontSize: 10, lineHeight: 1.15 },
		header,
		footer,
		pageBreakBefore: strandedHeading,
		content
	};
	return pdfmake.createPdf(definition).getBuffer();
}
