import type { Block } from '../../src/lib/report/blocks.ts';
import { partsOf } from '../../src/lib/report/parts.ts';
import { needsLandscape, type TextMeasure } from './column-widths.ts';

/** A4 in points, with margins of 2 cm: the page both the Word file and the PDF are set on. */
export const A4 = { width: 595.28, height: 841.89, margin: 56.69 } as const;

export type Orientation = 'portrait' | 'landscape';

/** The width a table may take on a page of the given orientation, in points. */
export function textWidthOf(orientation: Orientation): number {
	const across = orientation === 'portrait' ? A4.width : A4.height;
	return across - 2 * A4.margin;
}

/** A run of blocks laid out on pages of one orientation: a section in Word, pages in the PDF. */
export interface PageRun {
	orientation: Orientation;
	blocks: Block[];
}

/** How many paragraphs before a wide table go with it onto its landscape page, at most. */
const LEAD_IN = 6;
/** A portrait stretch this short between two landscape ones is turned too: a flip costs a page. */
const SHORT_RUN = 6;

/**
 * The report cut into runs of portrait and landscape pages. Each of the report's parts (its
 * `section` markers: the front page, the plan, the appendices) starts a new page, turned when the
 * report marks it landscape. Within a portrait part, a table too wide for the page still gets a
 * landscape one, and so do the text and headings that introduce it (back to the nearest heading,
 * and the headings right above that one), so a heading is never left behind on the page before.
 * Wide tables close to each other share their landscape pages. Section markers themselves are
 * left out of the runs: a run boundary is the page break.
 */
export function pageRuns(blocks: Block[], measure: TextMeasure): PageRun[] {
	return partsOf(blocks).flatMap(({ section, blocks: own }) =>
		section.landscape
			? [{ orientation: 'landscape' as const, blocks: [...own] }]
			: portraitRuns(own, measure)
	);
}

/** A portrait part's runs: landscape only where a table needs it. */
function portraitRuns(blocks: Block[], measure: TextMeasure): PageRun[] {
	const landscape = blocks.map(
		(block) => block.kind === 'table' && needsLandscape(block, textWidthOf('portrait'), measure)
	);
	blocks.forEach((block, i) => {
		if (!landscape[i] || block.kind !== 'table') return;
		// The table's charts go with it onto its landscape pages.
		for (let j = i + 1; blocks[j]?.kind === 'chart'; j++) landscape[j] = true;
		let at = i - 1;
		for (let n = 0; at >= 0 && n < LEAD_IN && blocks[at]!.kind === 'paragraph'; n++) at--;
		while (at >= 0 && blocks[at]!.kind === 'heading') landscape[at--] = true;
		for (let j = at + 1; j < i; j++) landscape[j] = true;
	});
	const runs: PageRun[] = [];
	blocks.forEach((block, i) => {
		const orientation: Orientation = landscape[i] ? 'landscape' : 'portrait';
		const last = runs.at(-1);
		if (last?.orientation === orientation) last.blocks.push(block);
		else runs.push({ orientation, blocks: [block] });
	});
	return mergeShortRuns(runs);
}

function mergeShortRuns(runs: PageRun[]): PageRun[] {
	const merged: PageRun[] = [];
	runs.forEach((run, i) => {
		const between =
			run.orientation === 'portrait' &&
			run.blocks.length <= SHORT_RUN &&
			runs[i - 1]?.orientation === 'landscape' &&
			runs[i + 1]?.orientation === 'landscape';
		const last = merged.at(-1);
		if (last && (between || last.orientation === run.orientation)) last.blocks.push(...run.blocks);
		else merged.push({ ...run, blocks: [...run.blocks] });
	});
	return merged;
}
