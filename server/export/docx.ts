import {
	AlignmentType,
	Document,
	Footer,
	Header,
	HeadingLevel,
	ImageRun,
	Packer,
	PageNumber,
	PageOrientation,
	Paragraph,
	SectionType,
	ShadingType,
	Table,
	TableCell,
	TableLayoutType,
	TableRow,
	Tab,
	TabStopType,
	TextRun,
	WidthType,
	type ISectionOptions
} from 'docx';
import { xmlSafe } from '../../src/lib/intents/clean-text.ts';
import type { Block, Chart, Report, Table as ReportTable } from '../../src/lib/report/blocks.ts';
import type { Locale } from '../../src/lib/model/types.ts';
import { m } from '../../src/lib/paraglide/messages.js';
import { chartImage } from './chart-image.ts';
import { fitColumns, type TextMeasure } from './column-widths.ts';
import { A4, pageRuns, textWidthOf, type Orientation } from './page-layout.ts';

const HEADINGS = {
	1: HeadingLevel.HEADING_1,
	2: HeadingLevel.HEADING_2,
	3: HeadingLevel.HEADING_3,
	4: HeadingLevel.HEADING_4
} as const;

const HEADER_FILL = 'DCE6F0';
const PLANNED_FILL = '2F5D8A';
const MUTED = '595959';

/** Twips (twentieths of a point), Word's unit for page and table measures. */
const twips = (points: number): number => Math.floor(points * 20);

/**
 * Calibri 11 pt, as the document's default; a cell's text sits 0.19 cm (108 twips) from each
 * side, Word's default cell margin, plus a border.
 */
export const WORD_TEXT: TextMeasure = { font: 'calibri', size: 11, padding: 11.8 };

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

function cell(
	text: string,
	width: number,
	options: { header?: boolean; planned?: boolean; keepNext?: boolean } = {}
): TableCell {
	const fill = options.header ? HEADER_FILL : options.planned ? PLANNED_FILL : undefined;
	return new TableCell({
		width: { size: twips(width), type: WidthType.DXA },
		children: [
			new Paragraph({
				children: options.planned ? runs(text, false, 'FFFFFF') : runs(text, options.header),
				alignment: options.planned ? AlignmentType.CENTER : AlignmentType.LEFT,
				keepNext: options.keepNext
			})
		],
		...(fill ? { shading: { fill, type: ShadingType.CLEAR, color: 'auto' } } : {})
	});
}

/** A table this short stays on one page (its rows kept together), as a reader expects. */
const KEEP_WHOLE = 8;

/**
 * A table with columns fitted to its text: fixed layout, so Word and LibreOffice take the widths
 * as given instead of sharing the page out evenly and breaking words in the middle.
 */
function table(block: ReportTable, orientation: Orientation): Table {
	const { widths } = fitColumns(block, textWidthOf(orientation), WORD_TEXT);
	const keepWhole = block.rows.length <= KEEP_WHOLE;
	return new Table({
		layout: TableLayoutType.FIXED,
		width: { size: twips(widths.reduce((a, b) => a + b, 0)), type: WidthType.DXA },
		columnWidths: widths.map(twips),
		rows: [
			// Repeated on every page the table runs over, and never left alone at a page's foot.
			new TableRow({
				tableHeader: true,
				cantSplit: true,
				children: block.header.map((h, i) => cell(h, widths[i]!, { header: true, keepNext: true }))
			}),
			...block.rows.map(
				(row, r) =>
					new TableRow({
						cantSplit: true,
						children: row.map((text, i) =>
							cell(text, widths[i]!, {
								planned: Boolean(block.timeline && i > 0 && text),
								keepNext: keepWhole && r < block.rows.length - 1
							})
						)
					})
			)
		]
	});
}

/** Where a block stands: the page's orientation, and whether it must stay with what follows. */
interface Placement {
	orientation: Orientation;
	/** The next block is a table or list this block introduces. */
	keepNext: boolean;
}

/** Points to the pixels (at 96 to the inch) docx sizes an image in. */
const pixels = (points: number): number => Math.round((points * 96) / 72);

/**
 * A chart as a picture as wide as the page's text, with the chart in words as its alt text (what
 * Word reads out and shows under "Alternatieve tekst"); a picture's line is never split. It is
 * not kept on its table's page: a breakdown's chart takes most of a page, so keeping the two
 * together would move the table to a page of its own and leave the page before half empty.
 */
function chart(block: Chart, orientation: Orientation): Paragraph {
	const image = chartImage(block.spec, orientation);
	const name = xmlSafe(`${block.spec.title} · ${block.spec.name}`);
	return new Paragraph({
		keepLines: true,
		spacing: { before: 80, after: 240 },
		children: [
			new ImageRun({
				type: 'png',
				data: image.png,
				transformation: { width: pixels(image.width), height: pixels(image.height) },
				altText: { name, title: name, description: xmlSafe(block.alt) }
			})
		]
	});
}

function render(block: Block, place: Placement): (Paragraph | Table)[] {
	switch (block.kind) {
		case 'section':
			// A part's page break is its Word section (page-layout.ts): nothing to draw here.
			return [];
		case 'title':
			return [
				new Paragraph({
					heading: HeadingLevel.HEADING_1,
					keepNext: true,
					children: runs(block.title)
				}),
				new Paragraph({
					keepNext: true,
					children: runs([block.network, block.session].filter(Boolean).join(' · '), true)
				}),
				new Paragraph({ keepNext: true, children: runs(`${block.date} · ${block.status}`) }),
				new Paragraph({ children: runs(block.note) })
			];
		case 'heading':
			return [new Paragraph({ heading: HEADINGS[block.level], children: runs(block.text) })];
		case 'paragraph':
			return [
				new Paragraph({ children: runs(block.text, block.strong), keepNext: place.keepNext })
			];
		case 'list':
			// A numbered list's numbers are text: Word numbering would continue across lists.
			return block.items.map((item, i) =>
				block.ordered
					? new Paragraph({
							indent: { left: 360, hanging: 360 },
							children: runs(`${i + 1}.\t${item}`)
						})
					: new Paragraph({ bullet: { level: 0 }, children: runs(item) })
			);
		case 'table':
			// An empty paragraph after a table keeps two tables from merging into one in Word.
			return [table(block, place.orientation), new Paragraph({})];
		case 'chart':
			return [chart(block, place.orientation)];
	}
}

/** The title on the left and "Concept" on the right, above every page. */
function header(title: string, orientation: Orientation, locale: Locale): Header {
	return new Header({
		children: [
			new Paragraph({
				tabStops: [{ type: TabStopType.RIGHT, position: twips(textWidthOf(orientation)) }],
				children: [
					new TextRun({ text: xmlSafe(title), color: MUTED, size: 18 }),
					new TextRun({
						children: [new Tab(), m.report_draft_mark({}, { locale })],
						color: MUTED,
						size: 18,
						bold: true
					})
				]
			})
		]
	});
}

/** "Pagina 3 van 12", the numbers as fields Word fills in, around the message's own words. */
function footer(locale: Locale): Footer {
	// Stand-ins that no translation holds, replaced by the fields.
	const CURRENT = '\u0001';
	const TOTAL = '\u0002';
	const text = m.report_page_of({ current: CURRENT, total: TOTAL }, { locale });
	const children = text
		.split(CURRENT)
		.flatMap((piece, i) => [
			...(i > 0 ? [PageNumber.CURRENT] : []),
			...piece.split(TOTAL).flatMap((part, j) => [...(j > 0 ? [PageNumber.TOTAL_PAGES] : []), part])
		])
		.filter((part) => part !== '');
	return new Footer({
		children: [
			new Paragraph({
				alignment: AlignmentType.CENTER,
				children: [new TextRun({ children, color: MUTED, size: 18 })]
			})
		]
	});
}

/** How many lines of text before a table or list may go with it onto its page. */
const INTRO_LINES = 4;

/**
 * Which blocks introduce the table or list after them: the paragraphs right before it (its
 * question, how many voted, what leads), so they move to the next page with it rather than stay
 * behind at the foot of this one. Headings keep with what follows anyway (their style).
 */
function introducing(blocks: readonly Block[]): boolean[] {
	const keep = blocks.map(() => false);
	for (let i = blocks.length - 2; i >= 0; i--) {
		const next = blocks[i + 1]!;
		if (next.kind === 'table' || next.kind === 'list') keep[i] = true;
		else if (next.kind === 'paragraph' && keep[i + 1]) {
			let chain = 1;
			for (let j = i + 1; keep[j] && blocks[j]!.kind === 'paragraph'; j++) chain++;
			keep[i] = chain <= INTRO_LINES;
		}
	}
	return keep;
}

/** The report as a Word document (A4, the session's language set for spelling checks). */
export async function renderDocx(report: Report, title: string, locale: Locale): Promise<Buffer> {
	const sections: ISectionOptions[] = pageRuns(report.blocks, WORD_TEXT).map((run, i) => ({
		properties: {
			// Each run after the first starts on a new page, turned if it is landscape.
			...(i > 0 ? { type: SectionType.NEXT_PAGE } : {}),
			page: {
				size: {
					width: twips(A4.width),
					height: twips(A4.height),
					orientation:
						run.orientation === 'landscape' ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT
				},
				margin: {
					top: twips(A4.margin),
					bottom: twips(A4.margin),
					left: twips(A4.margin),
					right: twips(A4.margin),
					header: twips(A4.margin / 2),
					footer: twips(A4.margin / 2)
				}
			}
		},
		// Every section has its own, so a turned page shows them across its width too.
		headers: { default: header(title, run.orientation, locale) },
		footers: { default: footer(locale) },
		children: ((introduces) =>
			run.blocks.flatMap((block, b) =>
				render(block, { orientation: run.orientation, keepNext: introduces[b]! })
			))(introducing(run.blocks))
	}));
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
				// A heading stays with the paragraph after it and is never split over two pages.
				heading1: { paragraph: { spacing: { after: 120 }, keepNext: true, keepLines: true } },
				heading2: {
					paragraph: { spacing: { before: 360, after: 120 }, keepNext: true, keepLines: true }
				},
				heading3: {
					paragraph: { spacing: { before: 240, after: 80 }, keepNext: true, keepLines: true }
				},
				heading4: {
					paragraph: { spacing: { before: 200, after: 80 }, keepNext: true, keepLines: true }
				}
			}
		},
		sections
	});
	return Packer.toBuffer(document);
}
