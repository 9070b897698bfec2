/**
 * A report as a flat list of blocks: one content model that the Markdown, Word and print
 * renderers each turn into their format, so the three never tell different stories.
 */
export type Block =
	| { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string }
	| { kind: 'paragraph'; text: string; strong?: boolean }
	| { kind: 'list'; items: string[] }
	| Table;

export interface Table {
	kind: 'table';
	caption: string;
	header: string[];
	rows: string[][];
	/** A quarter timeline: cells after the first column are a mark (planned) or empty. */
	timeline?: boolean;
}

/** What a timeline cell holds when the item is planned in that quarter. */
export const PLANNED = '■';

export interface Report {
	/** For file names: the session's title, made safe. */
	fileStem: string;
	blocks: Block[];
}
