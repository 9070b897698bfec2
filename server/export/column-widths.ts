import { FONT_WIDTHS, MEASURED } from './font-metrics.ts';

export type FontName = keyof typeof FONT_WIDTHS;

const INDEX = new Map([...MEASURED].map((ch, i) => [ch, i]));
/** A character outside the table (an emoji, a CJK sign) is taken as wide: better loose than broken. */
const UNKNOWN = 1000;

/** How wide a text is set in one line, in points. */
export function textWidth(text: string, font: FontName, size: number, bold = false): number {
	const widths = FONT_WIDTHS[font][bold ? 'bold' : 'regular'];
	let total = 0;
	for (const ch of text) {
		const i = INDEX.get(ch);
		total += i === undefined ? UNKNOWN : widths[i]!;
	}
	return (total * size) / 1000;
}

export interface TableText {
	header: string[];
	rows: string[][];
}

export interface TextMeasure {
	font: FontName;
	/** Body size in points; the header row is set in bold at the same size. */
	size: number;
	/** Left plus right padding of a cell, in points. */
	padding: number;
}

export interface FittedColumns {
	/** Width of each column in points. */
	widths: number[];
	/** False when even the longest words do not fit side by side: the table needs more room. */
	fits: boolean;
}

/**
 * A little more than measured: Word and LibreOffice round, kern and add a border's width, and a
 * word one point too wide is broken in the middle ("Thematrekk er").
 */
const SAFETY = 1.04;

/**
 * Column widths that fit a table's text in `available` points, as a browser's automatic table
 * layout does: every column at least as wide as its longest word (so no word breaks), then the
 * rest shared in proportion to how much more each column's longest line would take. A column of
 * numbers stays narrow, a column of sentences takes the room. A table whose lines all fit gets
 * just that room, not the page's width.
 */
export function fitColumns(
	table: TableText,
	available: number,
	measure: TextMeasure
): FittedColumns {
	const { font, size, padding } = measure;
	const count = table.header.length;
	const least = new Array<number>(count).fill(0);
	const most = new Array<number>(count).fill(0);
	const cells = [
		...table.header.map((text, column) => ({ text, column, bold: true })),
		...table.rows.flatMap((row) => row.map((text, column) => ({ text, column, bold: false })))
	];
	for (const { text, column, bold } of cells) {
		if (column >= count) continue;
		for (const line of text.split(/\r\n?|\n/)) {
			const words = line.split(/\s+/).filter(Boolean);
			for (const word of words) {
				least[column] = Math.max(least[column]!, textWidth(word, font, size, bold) * SAFETY);
			}
			most[column] = Math.max(most[column]!, textWidth(line, font, size, bold) * SAFETY);
		}
	}
	const min = least.map((w) => w + padding);
	const max = most.map((w, i) => Math.max(w + padding, min[i]!));
	const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

	if (sum(max) <= available) return { widths: max, fits: true };
	const room = available - sum(min);
	if (room < 0) {
		// Too narrow for whole words: shrink in proportion, and let the caller find more room.
		const scale = available / sum(min);
		return { widths: min.map((w) => w * scale), fits: false };
	}
	const wants = max.map((w, i) => w - min[i]!);
	const wanted = sum(wants);
	return { widths: min.map((w, i) => w + (room * wants[i]!) / wanted), fits: true };
}

/**
 * Whether a table reads better across a landscape page: its longest words do not fit side by
 * side on a portrait one, or it has many columns whose text would be wrapped into tall, thin
 * rows (the plan's overview, a breakdown per perspective).
 */
export function needsLandscape(table: TableText, portrait: number, measure: TextMeasure): boolean {
	const fitted = fitColumns(table, portrait, measure);
	if (!fitted.fits) return true;
	if (table.header.length < 6) return false;
	const natural = fitColumns(table, Number.POSITIVE_INFINITY, measure).widths;
	return natural.reduce((a, b) => a + b, 0) > portrait * 1.5;
}
