import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
	pdfFonts,
	pdfImages,
	pdfPageSizes,
	pdfPages,
	scratchDir,
	wordHeadings
} from '../../tests/helpers/office.ts';
import { FIXTURE_TIME } from '../../tests/helpers/report-fixture.ts';
import { realisticReport } from '../../tests/helpers/realistic-report.ts';
import { createSession, startTestServer } from '../../tests/helpers/test-server.ts';
import { buildReport } from '../../src/lib/report/build.ts';
import { renderDocx } from './docx.ts';
import { renderPdf } from './pdf.ts';

const scratch = scratchDir();
afterAll(() => scratch.remove());

let made: Promise<{ pdf: string; docx: Buffer; bytes: Buffer }> | undefined;
/** The PDF and the Word file of a session the size of a real room, made once. */
function exports() {
	made ??= (async () => {
		const { snapshot } = realisticReport();
		const report = buildReport(snapshot, { locale: 'nl', now: FIXTURE_TIME });
		const title = `Concept jaarplan: ${snapshot.title}`;
		const bytes = await renderPdf(report, title, 'nl');
		const pdf = join(scratch.dir, 'report.pdf');
		writeFileSync(pdf, bytes);
		return { pdf, bytes, docx: await renderDocx(report, title, 'nl') };
	})();
	return made;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

describe('the PDF export', { timeout: 60_000 }, () => {
	it('is a PDF whose fonts are all embedded', async () => {
		const { bytes, pdf } = await exports();
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const fonts = pdfFonts(pdf);
		expect(fonts.length).toBeGreaterThan(0);
		expect(fonts.filter((font) => !font.embedded)).toEqual([]);
	});

	it('numbers every A4 page and heads it with the title and "Concept"', async () => {
		const { pdf } = await exports();
		const pages = pdfPages(pdf);
		expect(pages.length).toBeGreaterThan(5);
		pages.forEach((page, i) => {
			expect(page).toContain(`Pagina ${i + 1} van ${pages.length}`);
			expect(page.trimStart()).toMatch(/^Concept jaarplan: Leersessie 1\s+Concept\n/);
		});
		// A4 either way round; the plan's wide table on a turned page.
		const sizes = pdfPageSizes(pdf);
		for (const { width, height } of sizes) {
			expect([Math.round(Math.min(width, height)), Math.round(Math.max(width, height))]).toEqual([
				595, 842
			]);
		}
		const planPage = pages.findIndex((page) => page.includes('Samenwerkingsintensiteit'));
		expect(sizes[planPage]!.width).toBeGreaterThan(sizes[planPage]!.height);
	});

	it('shows the per-perspective charts as pictures, each under a line with its title', async () => {
		const { pdf } = await exports();
		// The room's poll, now and desired, and the consent round, each by perspective.
		const images = pdfImages(pdf);
		expect(images).toHaveLength(4);
		for (const image of images) expect(image.width).toBeGreaterThan(900);
		const pages = pdfPages(pdf);
		for (const caption of [
			'Positionering · Per perspectief',
			'Positionering · Per perspectief · Nu',
			'Positionering · Per perspectief · Gewenst',
			'Consentronde · Ronde 1 · Per perspectief'
		]) {
			const page = pages.findIndex((text) => text.includes(caption));
			expect(page, caption).toBeGreaterThanOrEqual(0);
			// The picture is on the page of its caption.
			expect(images.some((image) => image.page === page + 1)).toBe(true);
		}
	});

	it('has the Word file’s headings, in the same order', async () => {
		const { pdf, docx } = await exports();
		const headings = await wordHeadings(docx);
		expect(headings.length).toBeGreaterThan(20);
		const text = oneLine(pdfPages(pdf).join('\n'));
		let at = 0;
		const missing: string[] = [];
		for (const heading of headings) {
			const found = text.indexOf(oneLine(heading), at);
			if (found < 0) missing.push(heading);
			else at = found + heading.length;
		}
		expect(missing).toEqual([]);
	});
});

describe('GET /api/sessions/:id/export?format=pdf', () => {
	it('costs more of the server-wide export budget than a light format: a flood of PDFs is refused', async () => {
		const server = await startTestServer();
		const session = await createSession(server, 'Leersessie 4');
		const get = (format: string) =>
			fetch(`${server.url}/api/sessions/${session.id}/export?format=${format}`, {
				headers: { Authorization: `Bearer ${session.facilitatorKey}` }
			});
		// A facilitator's PDF, Word file, Markdown and CSV at once fit the burst.
		for (const format of ['pdf', 'docx', 'md', 'csv']) expect((await get(format)).status).toBe(200);
		// Another PDF right after does not: it would hold the thread for every room again.
		const refused = await get('pdf');
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await refused.json()).error.code).toBe('too_many_requests');
	});

	it('answers a PDF download named after the session', async () => {
		const server = await startTestServer();
		const session = await createSession(server, 'Leersessie 4');
		const response = await fetch(`${server.url}/api/sessions/${session.id}/export?format=pdf`, {
			headers: { Authorization: `Bearer ${session.facilitatorKey}` }
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		expect(response.headers.get('content-disposition')).toMatch(
			/attachment; filename="concept-jaarplan-leersessie-4-\d{4}-\d{2}-\d{2}\.pdf"/
		);
		const body = Buffer.from(await response.arrayBuffer());
		expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	});
});
