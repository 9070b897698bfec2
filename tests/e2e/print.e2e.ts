import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures';
import { realisticSession } from './realistic';

/** CSS pixels per millimetre. */
const MM = 96 / 25.4;
/** The print page's @page margin left and right, in mm (src/routes/f/[id]/print/+page.svelte). */
const MARGIN = 16;
/** How wide a page's content is, in CSS pixels: A4 portrait and landscape. */
const PORTRAIT = Math.floor((210 - 2 * MARGIN) * MM);
const LANDSCAPE = Math.floor((297 - 2 * MARGIN) * MM);

/**
 * Elements of the report's portrait (or landscape) parts that reach past a page of that width, or
 * whose content runs out of them: laid out as print lays out each page, at the page's width.
 */
async function tooWide(page: Page, landscape: boolean): Promise<string[]> {
	await page.setViewportSize({ width: landscape ? LANDSCAPE : PORTRAIT, height: 1100 });
	return page.evaluate((landscape) => {
		const width = document.documentElement.clientWidth;
		const found: string[] = [];
		const parts = document.querySelectorAll<HTMLElement>('[data-testid="report"] section.part');
		for (const part of parts) {
			if (part.classList.contains('landscape') !== landscape) continue;
			for (const element of [part, ...part.querySelectorAll<HTMLElement>('*')]) {
				// Text for screen readers only is clipped to a pixel on purpose.
				if (element.closest('.visually-hidden')) continue;
				const box = element.getBoundingClientRect();
				const overflows = element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0;
				if (box.left < -0.5 || box.right > width + 0.5 || overflows) {
					found.push(
						`${element.tagName} ${Math.round(box.width)}px: ${element.textContent?.slice(0, 60)}`
					);
				}
			}
		}
		return found;
	}, landscape);
}

test('the print page of a full session is a document that fits A4, without the app around it', async ({
	page
}) => {
	test.setTimeout(240_000);
	const room = await realisticSession(page.request);
	// The facilitator's link with /print: the key travels in the fragment, as from the console.
	const link = new URL(room.session.links.facilitator);
	link.pathname += '/print';
	await page.goto(link.href);

	const report = page.getByTestId('report');
	await expect(
		page.getByRole('heading', { level: 1, name: /^Concept jaarplan \d{4}$/ })
	).toBeVisible();
	// The summary first, then the plan, then the appendices, each a part of its own.
	await expect(report.locator('section.part > h2')).toHaveText([
		'Samenvatting',
		/^Jaarplan \d{4}$/,
		'Bijlage A: Deelnemers',
		'Bijlage B: Positionering',
		'Bijlage C: Consentrondes',
		'Bijlage D: Dilemma’s en clusters'
	]);
	await expect(report.locator('section.part[data-part="plan"].landscape')).toHaveCount(1);
	// Now against desired, labelled, its shift in percentage points.
	await expect(report.getByRole('columnheader', { name: 'Nu (huidige situatie)' })).toHaveCount(1);
	await expect(report.getByRole('cell', { name: /^[+-]?\d+ procentpunt$/ }).first()).toBeVisible();
	// The per-perspective breakdowns as charts too: the poll, now and desired, the consent round;
	// each a picture the page's policy lets load, with the chart in words as its alt text.
	const charts = report.locator('img.chart');
	await expect(charts).toHaveCount(4);
	for (const chart of await charts.all()) {
		await expect(chart).toHaveAttribute('alt', /Iedereen \(21\): /);
		await expect
			.poll(() => chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
			.toBeGreaterThan(0);
	}
	// Each follows its table.
	await expect(report.locator('table + img.chart')).toHaveCount(4);
	await expectAccessible(page);

	await page.emulateMedia({ media: 'print' });
	// No app chrome on paper: neither the app's header nor its language switch, nor the buttons.
	await expect(page.locator('header.top')).toBeHidden();
	await expect(page.getByRole('link', { name: 'Koersbord' })).toBeHidden();
	await expect(page.getByRole('button', { name: 'Afdrukken of opslaan als PDF' })).toBeHidden();
	await expect(report).toBeVisible();

	expect(await tooWide(page, false), 'wider than a portrait A4 page').toEqual([]);
	expect(await tooWide(page, true), 'wider than a landscape A4 page').toEqual([]);

	// As a PDF: A4, the summary on page 1, the plan on landscape pages, a number on every page.
	const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
	expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
	const file = test.info().outputPath('report.pdf');
	writeFileSync(file, pdf);
	const info = execFileSync('pdfinfo', ['-f', '1', '-l', '999', file], { encoding: 'utf8' });
	const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map(
		([, w, h]) => (Number(w) < Number(h) ? 'portrait' : 'landscape')
	);
	expect(sizes.length).toBeGreaterThan(4);
	expect(sizes[0]).toBe('portrait');
	expect(sizes[1]).toBe('landscape');
	const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
	expect(pages[0]).toContain('Samenvatting');
	expect(pages[0]).toContain('Het plan in het kort');
	sizes.forEach((_, i) => {
		expect(pages[i], `page ${i + 1}`).toContain(`${i + 1} / ${sizes.length}`);
		expect(pages[i], `page ${i + 1}`).toContain('Concept jaarplan');
	});
});
