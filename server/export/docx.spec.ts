import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { expectValidXml, unzip, unzipBytes, zipNames } from '../../tests/helpers/docx.ts';
import { decodePng, PNG_SIGNATURE } from '../../tests/helpers/png.ts';
import { realisticReport } from '../../tests/helpers/realistic-report.ts';
import { FIXTURE_TIME, reportFixture } from '../../tests/helpers/report-fixture.ts';
import { buildReport } from '../../src/lib/report/build.ts';
import type { SessionSnapshot } from '../../src/lib/model/types.ts';
import { renderDocx } from './docx.ts';

const EMU_PER_CM = 360_000;

const XML_ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'"
};

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
		expect(headings(1)).toEqual(['Concept jaarplan 2027']);
		expect(headings(2)).toEqual([
			'Samenvatting',
			'Jaarplan 2027',
			'Bijlage A: Deelnemers',
			'Bijlage B: Positionering',
			'Bijlage C: Consentrondes',
			'Bijlage D: Dilemma’s en clusters'
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
		// The plan's positioning, and where it came from.
		expect(html).toContain('<strong>Positionering: Voorstel A</strong>');
		expect(html).toContain('Uit consentronde 2 van ‘Consentronde’');
	});

	it('shows every per-perspective table’s chart as a picture with the chart in words as its alt text', async () => {
		const { snapshot } = realisticReport();
		const report = buildReport(snapshot, { locale: 'nl', now: FIXTURE_TIME });
		const docx = await renderDocx(report, 'Concept jaarplan', 'nl');
		const charts = report.blocks.flatMap((block, i) =>
			block.kind === 'chart' ? [{ chart: block, before: report.blocks[i - 1] }] : []
		);
		// The room's poll, now and desired, and the consent round, each by perspective.
		expect(charts).toHaveLength(4);
		for (const { before } of charts) expect(before?.kind).toBe('table');

		const media = zipNames(docx).filter((name) => name.startsWith('word/media/'));
		expect(media).toHaveLength(charts.length);
		for (const name of media) {
			const png = unzipBytes(docx, name);
			expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
			// Sharp in print: about twice as many pixels as the page's text is wide in points.
			expect(decodePng(png).width).toBeGreaterThan(900);
		}

		const xml = unzip(docx, 'word/document.xml');
		const attribute = (text: string) =>
			text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => XML_ENTITIES[name]!);
		const descriptions = [...xml.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) =>
			attribute(m[1]!)
		);
		expect(descriptions).toEqual(charts.map(({ chart }) => chart.alt));
		// The alt text says what the chart shows, figures and all.
		expect(descriptions[0]).toMatch(/^Positionering\. Per perspectief\. .*Iedereen \(21\): /);
		// Each fits on one page, portrait or landscape (A4 with margins of 2 cm), in EMU.
		const sizes = [...xml.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"/g)].map((m) => ({
			width: Number(m[1]) / EMU_PER_CM,
			height: Number(m[2]) / EMU_PER_CM
		}));
		expect(sizes).toHaveLength(charts.length);
		for (const { width, height } of sizes) {
			expect(width).toBeLessThanOrEqual(29.7 - 4);
			expect(height).toBeLessThanOrEqual(21 - 4);
			expect(width).toBeGreaterThan(10);
		}
	});

	it('leaves out characters XML cannot hold, from texts stored before input was cleaned', async () => {
		// U+FFFE, a C0 control and a lone surrogate, as an old document may hold them.
		const odd = (text: string) => `${text}\uFFFE\u0001\uD800 eind`;
		const fixture = reportFixture();
		const snapshot: SessionSnapshot = {
			...fixture,
			steps: fixture.steps.map((step) =>
				step.kind === 'dilemmas'
					? { ...step, cards: step.cards.map((card) => ({ ...card, text: odd(card.text) })) }
					: step.kind === 'plan'
						? {
								...step,
								items: step.items.map((item) => ({
									...item,
									theme: odd(item.theme),
									goal: odd(`${item.goal}\r\nmet 😀`)
								}))
							}
						: step
			)
		};
		const report = buildReport(snapshot, { locale: 'nl', now: FIXTURE_TIME });
		const docx = await renderDocx(report, odd('Concept'), 'nl');

		const html = await readBack(docx);
		expect(html).toContain('Koploper blijven met minder geld? eind');
		expect(html).toContain('voor de stuurgroep<br />met 😀 eind');
		expectValidXml(unzip(docx, 'word/document.xml'));
		expectValidXml(unzip(docx, 'docProps/core.xml'));
	});
});
