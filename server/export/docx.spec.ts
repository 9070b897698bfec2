import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { expectValidXml, unzip } from '../../tests/helpers/docx.ts';
import { FIXTURE_TIME, reportFixture } from '../../tests/helpers/report-fixture.ts';
import { buildReport } from '../../src/lib/report/build.ts';
import type { SessionSnapshot } from '../../src/lib/model/types.ts';
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
