import {
	AlignmentType,
	Document,
	HeadingLevel,
	Packer,
	PageBreak,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType
} from 'docx';
import { xmlSafe } from '../../src/lib/intents/clean-text.ts';
import type { Block, Report, Table as ReportTable } from '../../src/lib/report/blocks.ts';
import type { Locale } from '../../src/lib/model/types.ts';

const HEADINGS = {
	1: HeadingLevel.HEADING_1,
	2: HeadingLevel.HEADING_2,
	3: HeadingLevel.HEADING_3,
	4: HeadingLevel.HEADING_4
} as const;

const HEADER_FILL = 'DCE6F0';
const PLANNED_FILL = '2F5D8A';

/**
 * Runs for a text, its line breaks kept as breaks (Word ignores a bare newline). Every text of the
 * document goes through here, made XML-safe: a stored text from before input was cleaned may hold
 * a character that would leave Word unable to open the file.
 */
function runs(text: string, bold = false, color?: string): TextRun[] {
	return xmlSafe(text)
		.split(/\r\n?|\n/)
		.map((line, i) => new TextRun({ text: line, bold, color, break: i > 0 ? 1 : 0 }));
}

function cell(text: string, options: { header?: boolean; planned?: boolean } = {}): TableCell {
	const fill = options.header ? HEADER_FILL : options.planned ? PLANNED_FILL : undefined;
	return new TableCell({
		children: [
			new Paragraph({
				children: options.planned ? runs(text, false, 'FFFFFF') : runs(text, options.header),
				alignment: options.planned ? AlignmentType.CENTER : AlignmentType.LEFT
			})
		],
		...(fill ? { shading: { fill, type: ShadingType.CLEAR, color: 'auto' } } : {})
	});
}

function table(block: ReportTable): Table {
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		rows: [
			// Repeated on every page the table runs over.
			new TableRow({
				tableHeader: true,
				children: block.header.map((h) => cell(h, { header: true }))
			}),
			...block.rows.map(
				(row) =>
					new TableRow({
						cantSplit: true,
						children: row.map((text, i) =>
							cell(text, { planned: Boolean(block.timeline && i > 0 && text) })
						)
					})
			)
		]
	});
}

function render(block: Block): (Paragraph | Table)[] {
	switch (block.kind) {
		case 'section':
			// A new part on a new page; the first part starts the document (blocks.ts).
			return block.part === 'front' ? [] : [new Paragraph({ children: [new PageBreak()] })];
		case 'title':
			return [
				new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(block.title) }),
				new Paragraph({
					children: runs([block.network, block.session].filter(Boolean).join(' · '), true)
				}),
				new Paragraph({ children: runs(`${block.date} · ${block.status}`) }),
				new Paragraph({ children: runs(block.note) })
			];
		case 'heading':
			return [new Paragraph({ heading: HEADINGS[block.level], children: runs(block.text) })];
		case 'paragraph':
			return [new Paragraph({ children: runs(block.text, block.strong) })];
		case 'list':
			return block.items.map(
				(item) => new Paragraph({ bullet: { level: 0 }, children: runs(item) })
			);
		case 'table':
			// An empty paragraph after a table keeps two tables from merging into one in Word.
			return [table(block), new Paragraph({})];
	}
}

/** The report as a Word document (A4, the session's language set for spelling checks). */
export async function renderDocx(report: Report, title: string, locale: Locale): Promise<Buffer> {
	const document = new Document({
		// The title goes into the file's properties, outside the runs.
		title: xmlSafe(title),
		creator: 'Koersbord',
		styles: {
			default: {
				document: {
					run: {
						font: 'Calibri',
						size: 22,
						language: { value: locale === 'nl' ? 'nl-NL' : 'en-GB' }
					},
					// Sizes in twentieths of a point: some air between paragraphs and before headings.
					paragraph: { spacing: { after: 80 } }
				},
				heading1: { paragraph: { spacing: { after: 120 } } },
				heading2: { paragraph: { spacing: { before: 360, after: 120 } } },
				heading3: { paragraph: { spacing: { before: 240, after: 80 } } },
				heading4: { paragraph: { spacing: { before: 200, after: 80 } } }
			}
		},
		sections: [
			{
				properties: {
					page: {
						// A4 in twentieths of a point, with 2 cm margins.
						size: { width: 11906, height: 16838 },
						margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 }
					}
				},
				children: report.blocks.flatMap(render)
			}
		]
	});
	return Packer.toBuffer(document);
}
