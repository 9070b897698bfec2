/**
 * What a participant's text may hold. Texts end up in Word, Markdown and CSV exports, so a character
 * that one of those formats cannot carry is removed where the text comes in. Kept free of
 * libraries: the phone loads this with the validator.
 */

/**
 * What XML 1.0 does not allow: C0 controls other than tab, newline and carriage return, lone
 * surrogates and the noncharacters U+FFFE and U+FFFF. With the `u` flag a surrogate range matches
 * only a surrogate that is not part of a pair, so emoji and other astral characters stay.
 * @see https://www.w3.org/TR/xml/#charsets
 */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** Allowed in XML but not in a text: DEL, and bidi overrides that could reorder what others read. */
const UNWANTED = /[\u007F\u202A-\u202E\u2066-\u2069]/g;

/** Whitespace and the zero-width characters: spaces, (non-)joiners, word joiner, byte-order mark. */
const BLANK = /[\s\u200B-\u200D\u2060\uFEFF]/;

/**
 * The text without blank characters at either end: a text of only these looks empty, so it must
 * count as empty. A zero-width joiner inside a text stays, as emoji sequences need it. A loop, not
 * a `/[…]+$/` regex, which takes quadratic time on a long run of blanks inside the text.
 */
function trimBlank(text: string): string {
	let start = 0;
	let end = text.length;
	while (start < end && BLANK.test(text.charAt(start))) start++;
	while (end > start && BLANK.test(text.charAt(end - 1))) end--;
	return text.slice(start, end);
}

/**
 * The text without the characters XML 1.0 forbids, and nothing else changed. For output: stored
 * documents may hold texts written before input was cleaned, and one such character makes a whole
 * Word file unreadable.
 */
export function xmlSafe(value: string): string {
	return value.replace(XML_INVALID, '');
}

/** Whether a text holds only characters XML 1.0 allows (checks; `xmlSafe` repairs). */
export function isXmlSafe(value: string): boolean {
	XML_INVALID.lastIndex = 0;
	return !XML_INVALID.test(value);
}

/**
 * A text as it may be stored: XML-safe, without DEL and bidi overrides, line breaks as `\n` (or, in
 * a single-line field, as spaces), and trimmed of whitespace and zero-width characters.
 */
export function cleanText(
	value: string,
	{ multiline = false }: { multiline?: boolean } = {}
): string {
	const kept = xmlSafe(value).replace(UNWANTED, '');
	const lines = multiline ? kept.replace(/\r\n?/g, '\n') : kept.replace(/[\r\n]+/g, ' ');
	return trimBlank(lines);
}
