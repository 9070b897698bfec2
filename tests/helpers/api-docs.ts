import { readFileSync } from 'node:fs';

/** docs/api.md: what clients are promised, so tests hold the code's wire lists equal to it. */
export const apiDocs = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

/** The text under the `## <title…>` heading of docs/api.md, up to the next `##` heading. */
export function docsSection(title: string): string {
	const lines = apiDocs.split('\n');
	const start = lines.findIndex((line) => line.startsWith(`## ${title}`));
	if (start < 0) throw new Error(`docs/api.md has no section "## ${title}"`);
	const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
	return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The cells of every body row of every table in a text; header rows and dividers are skipped. */
export function tableRows(text: string): string[][] {
	const rows: string[][] = [];
	let inTable = false;
	for (const line of text.split('\n')) {
		if (!line.startsWith('|')) {
			inTable = false;
			continue;
		}
		const cells = line
			.split('|')
			.slice(1, -1)
			.map((cell) => cell.trim());
		// The first row of a table is its header, and the divider under it is all dashes.
		if (inTable && !cells.every((cell) => /^-+$/.test(cell))) rows.push(cells);
		inTable = true;
	}
	return rows;
}
