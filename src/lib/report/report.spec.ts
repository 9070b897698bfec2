import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TIME, reportFixture } from '../../../tests/helpers/report-fixture.ts';
import { buildReport } from './build.ts';
import { csvCell, renderCsv } from './csv.ts';
import { renderMarkdown } from './markdown.ts';

const NOW = FIXTURE_TIME + 2 * 60 * 60 * 1000;

/**
 * Compares with a golden file under ./golden. `UPDATE_GOLDEN=1 npm run test:unit` writes them
 * anew; review the diff before committing it.
 */
function expectGolden(name: string, actual: string): void {
	const path = fileURLToPath(new URL(`./golden/${name}`, import.meta.url));
	if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, actual);
	expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('the Markdown export', () => {
	it('matches the golden file', () => {
		const markdown = renderMarkdown(buildReport(reportFixture(), { locale: 'nl', now: NOW }));
		expectGolden('report.nl.md', markdown);
	});

	it('holds every section a reader looks for', () => {
		const markdown = renderMarkdown(buildReport(reportFixture(), { locale: 'nl', now: NOW }));
		for (const heading of [
			'# Concept jaarplan',
			'## Deelnemers',
			'## Positionering',
			'## Consentrondes',
			'## Dilemma’s en clusters',
			'## Jaarplan 2027',
			'### Tijdlijn'
		]) {
			expect(`\n${markdown}`).toContain(`\n${heading}\n`);
		}
		// Only the name the participant gave; no other names.
		// A report travels beyond the room: counts per perspective, never who took part (a card
		// shows its author's name only when they chose so).
		expect(markdown).not.toContain('Bram Jansen');
		// A participant's markup stays text.
		expect(markdown).toContain('\\<b\\>Snel\\</b\\> besluiten');
		expect(markdown).not.toContain('<b>');
	});

	it('keeps a line that starts like a list item as text', () => {
		const markdown = renderMarkdown({
			fileStem: 'x',
			blocks: [{ kind: 'paragraph', text: '- geen lijst\n2. ook niet\n2027 wordt het' }]
		});
		expect(markdown).toBe('\\- geen lijst  \n2\\. ook niet  \n2027 wordt het\n');
	});

	it('speaks English when asked', () => {
		const markdown = renderMarkdown(buildReport(reportFixture(), { locale: 'en', now: NOW }));
		expectGolden('report.en.md', markdown);
		expect(markdown).toContain('# Draft year plan');
	});
});

describe('the CSV export', () => {
	it('matches the golden file: UTF-8 with a byte-order mark, semicolons, CRLF', () => {
		const csv = renderCsv(reportFixture(), 'nl');
		expect(csv.startsWith('\uFEFFNr.;Thema;Doel;')).toBe(true);
		expect(csv.split('\r\n')).toHaveLength(4);
		expectGolden('plan.nl.csv', csv);
	});

	it('quotes separators, quotes and line breaks, and defuses formulas', () => {
		expect(csvCell('a;b')).toBe('"a;b"');
		expect(csvCell('zei "ja"')).toBe('"zei ""ja"""');
		expect(csvCell('regel\nregel')).toBe('"regel\nregel"');
		expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
		expect(csvCell('-1')).toBe("'-1");
		expect(csvCell('gewoon')).toBe('gewoon');
	});
});
