import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildReport } from '../../src/lib/report/build.ts';
import { renderDocx } from '../../server/export/docx.ts';
import { pdfToPng, scratchDir, wordToPdf } from '../helpers/office.ts';
import { realisticReport } from '../helpers/realistic-report.ts';
import { FIXTURE_TIME } from '../helpers/report-fixture.ts';

const OUT = new URL('../../docs/report/', import.meta.url).pathname;

it('renders the first two pages of the Word export to docs/report/', async () => {
	const { snapshot } = realisticReport();
	const report = buildReport(snapshot, { locale: 'nl', now: FIXTURE_TIME });
	const docx = await renderDocx(report, `Concept jaarplan: ${snapshot.title}`, 'nl');
	const scratch = scratchDir();
	try {
		const pdf = wordToPdf(docx, scratch.dir);
		pdfToPng(pdf, join(scratch.dir, 'page'), 1, 2, 60);
		// pdftoppm pads the page number to the width of the last one: page-1.png or page-01.png.
		const pngs = readdirSync(scratch.dir)
			.filter((name) => /^page-\d+\.png$/.test(name))
			.sort();
		expect(pngs).toHaveLength(2);
		mkdirSync(OUT, { recursive: true });
		pngs.forEach((name, i) =>
			copyFileSync(join(scratch.dir, name), join(OUT, `word-page-${i + 1}.png`))
		);
		expect(existsSync(join(OUT, 'word-page-2.png'))).toBe(true);
	} finally {
		scratch.remove();
	}
});
