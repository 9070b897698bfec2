import type { Table } from './blocks.ts';

/** Room for a cell's padding and border, in characters. */
const PADDING = 2;
/** A word longer than this breaks between syllables rather than widen its column further. */
const LONG_WORD = 16;

const longestWord = (text: string): number =>
	Math.max(0, ...text.split(/\s+/).map((word) => [...word].length));

/**
 * Each column's share of a table's width (fractions that add up to 1), from the table's width
 * hints (blocks.ts `ColumnWidth`), for a renderer that sets widths itself (Word, whose equal
 * columns broke "Thematrekker" into "Thematrekk er"). `lineChars` is how many characters of the
 * table's type fit across the page: about 95 on portrait A4 with 2 cm margins at 10 pt, 140 on
 * landscape.
 *
 * A narrow column gets its widest body cell and its header's longest word; the other columns
 * share what is left by their weights, each at least its longest word (up to LONG_WORD). When
 * that is more than the line holds, every column gives way in proportion.
 */
export function columnWidths(
	table: Pick<Table, 'header' | 'rows' | 'widths'>,
	lineChars: number
): number[] {
	const { header, rows } = table;
	const hints = header.map((_, i) => table.widths?.[i] ?? 1);
	const cells = (i: number): string[] => rows.map((row) => row[i] ?? '');
	const chars = hints.map((hint, i) => {
		const headerWord = longestWord(header[i] ?? '');
		if (hint === 'narrow') {
			return Math.max(headerWord, ...cells(i).map((c) => [...c].length)) + PADDING;
		}
		const word = Math.max(headerWord, ...cells(i).map(longestWord));
		return Math.min(word, LONG_WORD) + PADDING;
	});
	const narrowChars = hints.reduce<number>(
		(sum, h, i) => sum + (h === 'narrow' ? chars[i]! : 0),
		0
	);
	const weights = hints.reduce<number>((sum, h) => sum + (h === 'narrow' ? 0 : Math.max(h, 0)), 0);
	const left = lineChars - narrowChars;
	const widths = hints.map((hint, i) =>
		hint === 'narrow' || weights === 0
			? chars[i]!
			: Math.max(chars[i]!, (left * Math.max(hint, 0)) / weights)
	);
	const total = widths.reduce((a, b) => a + b, 0);
	return widths.map((w) => w / total);
}
