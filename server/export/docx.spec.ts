import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TIME, reportFixture } from '../../tests/helpers/report-fixture.ts';
import { buildReport } from '../../src/lib/report/build.ts';
import { renderDocx } from './docx.ts';

/** Reads a .docx back as a word processor would, and returns its HTML. */
async function readBack(buffer: Buffer): Promise<string> {
	const { value, messages } = await mammoth.convertToHtml({ buffer });
	// mammoth warns about anything it cannot read: a clean document gives none.
	expect(messages).toEqual([]);
	return value;
}

describe('the Word export', () => {
	it('opens in a docx reader with the report’s headings and one plan row per item', async () => {
		const snapshot = reportFixture();
		const report = buildReport(snapshot, { locale: 'nl', now: FIXTURE_TIME });
		const html = await readBack(await renderDocx(report, 'Concept jaarplan', 'nl'));
		const headings = (level: number) =>
			[...html.matchAll(new RegExp(`<h${level}>(.*?)</h${level}>`, 'g'))].map((m) => m[1]);
		expect(headings(1)).toEqual(['Concept jaarplan']);
		expect(headings(2)).toEqual([
			'Deelnemers',
			'Positionering',
			'Consentrondes',
			"Dilemma's en clusters",
			'Jaarplan 2027'
		]);
		expect(headings(3)).toContain('Tijdlijn');
		expect(headings(4)).toEqual(['Item 1: Sturen op resultaat', 'Item 2: Koploper blijven']);

		const tables = [...html.matchAll(/<table>(.*?)<\/table>/g)].map((m) => m[1] ?? '');
		const planTable = tables.find((t) => t.includes('Thematrekker') && t.includes('Kwartalen'));
		const rows = [...(planTable ?? '').matchAll(/<tr>/g)];
		// The header row and one row per item.
		expect(rows).toHaveLength(1 + 2);
		expect(planTable).toContain('Regio Alkmaar');
		// A participant's markup arrives as text.
		expect(html).toContain('&lt;b&gt;Snel&lt;/b&gt; besluiten');
	});
});
