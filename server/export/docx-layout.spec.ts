import { afterAll, describe, expect, it } from 'vitest';
import { unzip } from '../../tests/helpers/docx.ts';
import { pdfPageSizes, pdfPages, scratchDir, wordToPdf } from '../../tests/helpers/office.ts';
import { FIXTURE_TIME } from '../../tests/helpers/report-fixture.ts';
import { realisticReport } from '../../tests/helpers/realistic-report.ts';
import { buildReport } from '../../src/lib/report/build.ts';
import { renderDocx } from './docx.ts';

/**
 * The Word export of a session the size of a real room, laid out by LibreOffice as a reader's
 * word processor would, and read back page by page. LibreOffice starts slowly: the file is made
 * and converted once, by the first test that needs it.
 */
const scratch = scratchDir();
afterAll(() => scratch.remove());

let made: Promise<{ docx: Buffer; pdf: string; pages: string[]; planTexts: string[] }> | undefined;
function wordLayout() {
	made ??= (async () => {
		const { snapshot, planTexts } = realisticReport();
		const report = buildReport(snapshot, { locale: 'nl', now: FIXTURE_TIME });
		const docx = await renderDocx(report, `Concept jaarplan: ${snapshot.title}`, 'nl');
		const pdf = wordToPdf(docx, scratch.dir);
		return { docx, pdf, pages: pdfPages(pdf), planTexts };
	})();
	return made;
}

const lines = (page: string): string[] =>
	page
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean);

describe('the Word export as a word processor lays it out', { timeout: 180_000 }, () => {
	it('numbers every page and heads it with the title and "Concept"', async () => {
		const { pages } = await wordLayout();
		pages.forEach((page, i) => {
			expect(page).toContain(`Pagina ${i + 1} van ${pages.length}`);
			expect(lines(page)[0]).toMatch(/^Concept jaarplan: Leersessie 1\s+Concept$/);
		});
	});

	it('opens with the title block and the whole summary on page 1', async () => {
		const { pages } = await wordLayout();
		const first = pages[0]!;
		for (const text of [
			'Concept jaarplan 2027',
			'BORN',
			'Samenvatting',
			'Besluit',
			'Belangrijkste prioriteiten',
			'Het plan in het kort'
		]) {
			expect(first).toContain(text);
		}
		// The plan and the appendices come after it, each on pages of their own.
		expect(first).not.toContain('Bijlage A');
		expect(pages.findIndex((page) => page.includes('Bijlage A'))).toBeGreaterThan(1);
	});

	it('stays within a page count that shows nothing is spread out', async () => {
		const { pages } = await wordLayout();
		// About 24 pages: the title block and summary, four of the plan (overview and timeline on
		// landscape pages, the twelve items in full), then the appendices: participants, four
		// pages of positioning and consent (breakdowns on landscape pages), four more for their
		// charts (a breakdown of nine groups is a chart most of a landscape page tall, drawn at
		// the size of the text), six of two boards of sixty dilemmas. More than 26 means tables
		// are again taking a page each, or a section break is in the wrong place.
		expect(pages.length).toBeGreaterThanOrEqual(12);
		expect(pages.length).toBeLessThanOrEqual(26);
	});

	it('breaks no word of the plan table over two lines', async () => {
		const { pages, planTexts } = await wordLayout();
		const text = pages.join('\n');
		const plan = text.slice(text.indexOf('Jaarplan 2027'), text.indexOf('Tijdlijn'));
		const words = new Set(plan.split(/\s+/).map(strip));
		const planWords = new Set(planTexts.flatMap((t) => t.split(/\s+/)).map(strip));
		expect(planWords.size).toBeGreaterThan(40);
		expect([...planWords].filter((word) => !words.has(word))).toEqual([]);
	});

	it('turns the page for the plan table, with narrow columns for short texts', async () => {
		const { pdf, pages, docx } = await wordLayout();
		const sizes = pdfPageSizes(pdf);
		const planPage = pages.findIndex((page) => page.includes('Samenwerkingsintensiteit'));
		expect(sizes[planPage]!.width).toBeGreaterThan(sizes[planPage]!.height);
		// The first page is portrait.
		expect(sizes[0]!.width).toBeLessThan(sizes[0]!.height);

		// In the file: the overview's "Nr." column far narrower than its "Doel" column.
		const xml = unzip(docx, 'word/document.xml');
		const grids = [...xml.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/g)].map((m) =>
			[...m[1]!.matchAll(/w:w="(\d+)"/g)].map((w) => Number(w[1]))
		);
		const overview = grids.find((grid) => grid.length === 7)!;
		expect(overview[0]! * 5).toBeLessThan(overview[2]!);
		expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
	});

	it('never ends a page on a heading', async () => {
		const { pages, docx } = await wordLayout();
		const headings = new Set(
			[
				...unzip(docx, 'word/document.xml').matchAll(/<w:pStyle w:val="Heading\d"\/>.*?<\/w:p>/g)
			].map((m) => [...m[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
		);
		expect(headings.size).toBeGreaterThan(10);
		pages.slice(0, -1).forEach((page) => {
			const body = lines(page).slice(0, -1);
			expect(headings.has(body.at(-1)!)).toBe(false);
		});
	});
});

/** A word as it stands in the text, without the punctuation around it. */
function strip(word: string): string {
	return word.replace(/^[("‘]+|[)"’?,.:;]+$/g, '');
}
