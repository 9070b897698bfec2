import { xmlSafe } from '../intents/clean-text.ts';
import type { Block, Report } from './blocks.ts';

/**
 * A stored text from before input was cleaned may hold control characters and lone carriage
 * returns. They go before escaping, so the escaping judges the text that is written out.
 */
const plain = (text: string): string => xmlSafe(text).replace(/\r\n?/g, '\n');

/** Escapes what Markdown would read as markup anywhere, so a participant's text stays text. */
const escapeInline = (text: string): string => text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);

/** Hyphens and numbers matter only at the start of a line, where they would start a list. */
const escapeLineStarts = (text: string): string =>
	text.replace(
		/^(\s*)(?:([-+])|(\d+)([.)]))(?=\s)/gm,
		(_match, space: string, sign?: string, digits?: string, dot?: string) =>
			sign ? `${space}\\${sign}` : `${space}${digits}\\${dot}`
	);

/** One line: a table cell or list item cannot hold a line break. */
const oneLine = (text: string): string => escapeInline(plain(text).replace(/\s*\n\s*/g, ' '));

function renderBlock(block: Block, index: number): string {
	switch (block.kind) {
		case 'section':
			// Markdown has no pages: a rule where a new part starts, none before the first.
			return index === 0 ? '' : '---';
		case 'title':
			return [
				`# ${oneLine(block.title)}`,
				`**${[block.network, block.session].filter(Boolean).map(oneLine).join(' · ')}**`,
				`${oneLine(block.date)} · ${oneLine(block.status)}`,
				oneLine(block.note)
			].join('\n\n');
		case 'heading':
			return `${'#'.repeat(block.level)} ${oneLine(block.text)}`;
		case 'paragraph': {
			// Keep the writer's line breaks: two spaces before a newline make a hard break.
			const text = escapeLineStarts(escapeInline(plain(block.text))).replace(/\n/g, '  \n');
			return block.strong ? `**${text}**` : text;
		}
		case 'list':
			return block.items
				.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${escapeLineStarts(oneLine(item))}`)
				.join('\n');
		case 'chart':
			// A text format: the table before the chart holds the same figures (blocks.ts).
			return '';
		case 'table': {
			const row = (cells: string[]) => `| ${cells.map((c) => oneLine(c) || ' ').join(' | ')} |`;
			return [
				row(block.header),
				`|${block.header.map(() => ' --- ').join('|')}|`,
				...block.rows.map(row)
			].join('\n');
		}
	}
}

export function renderMarkdown(report: Report): string {
	const parts = report.blocks.map(renderBlock).filter((part) => part !== '');
	return `${parts.join('\n\n')}\n`;
}
