/** The soft hyphen: a place a word may break, shown as a hyphen only where it does. */
export const SHY = '\u00AD';

/**
 * Keeps only the soft hyphens that leave at least `min` letters on both sides within their word
 * ("Ont·moe·tings·plaats" becomes "Ontmoe·tings·plaats", "Leer·net·werk" stays whole): a column
 * of two-letter fragments is harder to read than a slightly wider column.
 */
export function sparseSoftHyphens(text: string, min = 5): string {
	return text
		.split(/(\s+)/)
		.map((word) => {
			const parts = word.split(SHY);
			if (parts.length === 1) return word;
			let result = '';
			let run = '';
			let rest = parts.join('').length;
			for (const part of parts) {
				run += part;
				rest -= part.length;
				if (rest === 0) break;
				if (run.length >= min && rest >= min) {
					result += run + SHY;
					run = '';
				}
			}
			return result + run;
		})
		.join('');
}
