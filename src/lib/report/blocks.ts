/**
 * A report as a flat list of blocks: one content model that the Markdown, Word, PDF and print
 * renderers each turn into their format, so they never tell different stories. Layout decisions
 * that must agree between formats (where a page starts, which pages are landscape, which columns
 * stay narrow) are made here, once, as blocks and hints; a renderer only carries them out.
 *
 * A report reads as a finished document (issue 14): a title block, a one-page summary, the plan,
 * then the results of every step as appendices. See report/build.ts for the order.
 */
import type { ChartSpec } from '../charts/types.ts';

export type Block = TitleBlock | SectionBlock | Heading | Paragraph | List | Table | Chart;

/**
 * The document's title block, first in the front section: what a reader sees at the top of page
 * one. Renderers show `title` as the document's title (Markdown `#`, HTML `<h1>`, Word's Title or
 * Heading 1), then the network and session, then the date and status, then the note in small
 * print. Word and PDF may repeat `title`, `session` and `status` in a page header or footer.
 */
export interface TitleBlock {
	kind: 'title';
	/** "Concept jaarplan 2027". */
	title: string;
	/** The network the session is for ("BORN"); '' when the template does not name one. */
	network: string;
	/** The session's title. */
	session: string;
	/** The session's date, written out in the report's language. */
	date: string;
	/** The document's status: "Concept". Worth a header or footer of its own. */
	status: string;
	/** When and with what the report was made. */
	note: string;
}

/** The parts of the document, in order; each starts on a new page. */
export type Part = 'front' | 'plan' | 'appendix';

/**
 * Starts a part of the document on a new page (the first block of a report is always one; a
 * renderer does not break before it). Every block up to the next section marker belongs to it.
 * Markdown, which has no pages, draws a rule instead.
 *
 * `landscape`: this section's pages are A4 turned (it holds a wide table, see `Table.wide`); the
 * print page uses a named CSS page, Word a section of its own with landscape orientation.
 */
export interface SectionBlock {
	kind: 'section';
	part: Part;
	landscape: boolean;
}

/**
 * A heading. Renderers keep it on the page of what follows (CSS `break-after: avoid`, Word's
 * "keep with next"). `appendix` holds the appendix's letter on the heading that opens one (its
 * text already says "Bijlage A: …"), for a renderer that lists appendices or styles them.
 */
export interface Heading {
	kind: 'heading';
	level: 1 | 2 | 3 | 4;
	text: string;
	appendix?: string;
}

export interface Paragraph {
	kind: 'paragraph';
	text: string;
	strong?: boolean;
}

/** A list; `ordered` when its order is a ranking or a numbering (rendered 1., 2., …). */
export interface List {
	kind: 'list';
	items: string[];
	ordered?: boolean;
}

/**
 * How a renderer sizes one column of a table:
 * - `'narrow'`: as wide as its widest body cell, which never wraps (numbers, "Nr.", counts with a
 *   share, "Q1, Q2"); the header may wrap between words (or syllables) above it.
 * - a number: a share of the width the narrow columns leave, relative to the other numbers
 *   (a column of 3 gets three times the width of a column of 1).
 * Without hints a renderer gives every column the same share. `columnWidths` (columns.ts) turns
 * the hints into fractions of the table's width for renderers that need fixed widths (Word).
 */
export type ColumnWidth = 'narrow' | number;

export interface Table {
	kind: 'table';
	caption: string;
	header: string[];
	rows: string[][];
	/** One hint per column; see ColumnWidth. */
	widths?: ColumnWidth[];
	/**
	 * Too many columns for a portrait page (more than WIDE_COLUMNS): set by build.ts, which puts
	 * the section holding it on landscape pages. Renderers may use it to shrink the type too.
	 */
	wide?: boolean;
	/** A quarter timeline: cells after the first column are a mark (planned) or empty. */
	timeline?: boolean;
}

/**
 * A chart of the table right before it (a per-perspective breakdown, report/charts.ts): the same
 * released counts as a picture, for those who read a bar faster than a column of figures. Word
 * and the PDF show it as a PNG drawn on the server (the PDF with its title as a caption line, as
 * it has no alt text), the print page as an SVG image; `alt` says everything the chart shows in
 * words (chartAlt). Markdown leaves it out: a text format, and the table before it holds the
 * same figures.
 */
export interface Chart {
	kind: 'chart';
	spec: ChartSpec;
	alt: string;
}

/** What a timeline cell holds when the item is planned in that quarter. */
export const PLANNED = '■';

/** A table with more columns than this does not fit a portrait A4 page in readable type. */
export const WIDE_COLUMNS = 6;

export interface Report {
	/** For file names: the session's title, made safe. */
	fileStem: string;
	blocks: Block[];
}
