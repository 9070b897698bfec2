/**
 * Text in an SVG that no browser lays out for us: the chart is drawn on the server too, so its
 * lines are measured here, by an estimate of DejaVu Sans's widths (the widest of the fonts in
 * the chart's font stack, so text fits in the others as well).
 */

/** Characters XML 1.0 does not allow at all (a text typed on a phone may hold them). */
const NOT_XML =
	// eslint-disable-next-line no-control-regex -- these are exactly what has to go
	/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as XML character data or an attribute value: escaped, and without what XML forbids. */
export function xmlText(text: string): string {
	return text
		.replace(NOT_XML, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

const NARROW = new Set("il.,:;'’|!ijtf()[]/ I");
const WIDE = new Set('mwMW@%ÆŒæœ');

/** A character's advance width in em, roughly as DejaVu Sans draws it. */
function advance(char: string, bold: boolean): number {
	let em: number;
	if (char === ' ') em = 0.32;
	else if (NARROW.has(char)) em = 0.34;
	else if (WIDE.has(char)) em = 0.92;
	else if (/[0-9]/.test(char)) em = 0.64;
	else if (/[A-Z]/.test(char)) em = 0.72;
	else em = 0.6;
	return bold ? em * 1.1 : em;
}

/** An estimate of how wide `text` is drawn at `size` px, a little on the wide side. */
export function textWidth(text: string, size: number, bold = false): number {
	let em = 0;
	for (const char of text) em += advance(char, bold);
	return em * size;
}

/** `text` cut to fit `width`, with an ellipsis when anything was cut. */
export function truncate(text: string, width: number, size: number, bold = false): string {
	if (textWidth(text, size, bold) <= width) return text;
	const chars = [...text];
	while (chars.length > 0 && textWidth(`${chars.join('').trimEnd()}…`, size, bold) > width) {
		chars.pop();
	}
	return `${chars.join('').trimEnd()}…`;
}

/**
 * `text` in lines that fit `width`, broken between words (a word longer than a line is broken
 * where it must), at most `maxLines`: the last one ends in an ellipsis when text was left out.
 */
export function wrap(
	text: string,
	width: number,
	size: number,
	options: { bold?: boolean; maxLines?: number } = {}
): string[] {
	const { bold = false, maxLines = Infinity } = options;
	const fits = (line: string): boolean => textWidth(line, size, bold) <= width;
	const lines: string[] = [];
	let line = '';
	for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
		if (!word) continue;
		const joined = line ? `${line} ${word}` : word;
		if (fits(joined)) {
			line = joined;
			continue;
		}
		if (line) lines.push(line);
		line = word;
		// A word wider than the line: as much of it on each line as fits.
		while (!fits(line)) {
			const chars = [...line];
			let cut = chars.length - 1;
			while (cut > 1 && !fits(chars.slice(0, cut).join(''))) cut--;
			lines.push(chars.slice(0, cut).join(''));
			line = chars.slice(cut).join('');
		}
	}
	if (line) lines.push(line);
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines);
	kept[maxLines - 1] = truncate(`${kept[maxLines - 1]} ${lines[maxLines]}`, width, size, bold);
	return kept;
}
