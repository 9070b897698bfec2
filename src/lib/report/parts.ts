import type { Block, SectionBlock } from './blocks.ts';

/** A part of the report: its section marker and the blocks up to the next one. */
export interface ReportPart {
	section: SectionBlock;
	blocks: Exclude<Block, SectionBlock>[];
}

/**
 * The report's blocks grouped by section marker, for renderers that lay out pages (the print
 * page's sections, Word's sections). Blocks before the first marker form a front part.
 */
export function partsOf(blocks: readonly Block[]): ReportPart[] {
	const parts: ReportPart[] = [];
	for (const block of blocks) {
		if (block.kind === 'section') parts.push({ section: block, blocks: [] });
		else {
			if (parts.length === 0) {
				parts.push({ section: { kind: 'section', part: 'front', landscape: false }, blocks: [] });
			}
			parts.at(-1)!.blocks.push(block);
		}
	}
	return parts;
}
