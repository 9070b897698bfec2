import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TIME, reportFixture } from '../../../tests/helpers/report-fixture.ts';
import { positioningOutcome } from '../model/outcome.ts';
import { positioningPolls } from '../model/positioning.ts';
import { newPoll } from '../kinds/poll/model.ts';
import { bornTemplate } from '../model/templates.ts';
import type { Locale, PollStep, SessionSnapshot } from '../model/types.ts';
import type { Table } from './blocks.ts';
import { buildReport } from './build.ts';
import { columnWidths } from './columns.ts';
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

	it('reads as a document: title block, summary, the plan, then the appendices', () => {
		const markdown = renderMarkdown(buildReport(reportFixture(), { locale: 'nl', now: NOW }));
		const lines = `\n${markdown}`;
		const order = [
			'# Concept jaarplan 2027',
			'**BORN · Leersessie 2: koers \\| keuzes**',
			'20 november 2026 · Concept',
			'## Samenvatting',
			'### Besluit',
			'### Belangrijkste prioriteiten',
			'### Het plan in het kort',
			'## Jaarplan 2027',
			'### Tijdlijn',
			'### Items in detail',
			'## Bijlage A: Deelnemers',
			'## Bijlage B: Positionering',
			'## Bijlage C: Consentrondes',
			'## Bijlage D: Dilemma’s en clusters'
		];
		const at = order.map((line) => lines.indexOf(`\n${line}\n`));
		expect(
			at.every((i) => i >= 0),
			order.filter((_, i) => at[i]! < 0).join(', ')
		).toBe(true);
		expect(at).toEqual([...at].sort((a, b) => a - b));
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

describe('the positioning at the head of the year plan', () => {
	/** The report's year-plan section up to its next part, where the headline stands. */
	const planSection = (snapshot: SessionSnapshot, locale: Locale = 'nl'): string => {
		const markdown = renderMarkdown(buildReport(snapshot, { locale, now: NOW }));
		const start = markdown.indexOf(locale === 'nl' ? '## Jaarplan' : '## Year plan');
		return markdown.slice(start, markdown.indexOf('\n---\n', start));
	};

	/** The report's summary, on its first page. */
	const summary = (snapshot: SessionSnapshot, locale: Locale = 'nl'): string => {
		const markdown = renderMarkdown(buildReport(snapshot, { locale, now: NOW }));
		return markdown.slice(0, markdown.indexOf('\n---\n'));
	};

	/** The fixture with a governance poll revealed after everything else, its own winner clear. */
	function withGovernancePoll(fixture = reportFixture()): SessionSnapshot {
		const governance: PollStep = {
			...newPoll(bornTemplate, 'nl', 'governance', 'governance'),
			status: 'closed',
			revealed: true,
			tally: { voters: 4, totals: { gedeeld: 1, 'leidende-organisatie': 0, netwerkorganisatie: 3 } }
		};
		const plan = fixture.steps.findIndex((s) => s.kind === 'plan');
		return {
			...fixture,
			steps: [...fixture.steps.slice(0, plan), governance, ...fixture.steps.slice(plan)]
		};
	}

	const withoutConsent = (fixture: SessionSnapshot): SessionSnapshot => ({
		...fixture,
		steps: fixture.steps.filter((s) => s.kind !== 'consent')
	});

	it('is the passed proposal, and names the consent round it comes from', () => {
		const section = planSection(withGovernancePoll());
		expect(section).toContain(
			'**Positionering: Voorstel A**\n\nUit consentronde 2 van ‘Consentronde’\n'
		);
		expect(section).not.toContain('Netwerkorganisatie');
		// The summary says the same, with the poll's result beside it and the decision; the
		// governance poll is not the positioning.
		const first = summary(withGovernancePoll());
		expect(first).toContain(
			'**Positionering: Voorstel A**\n\nUit consentronde 2 van ‘Consentronde’\n\nPositionering: meeste steun voor Leernetwerk\n'
		);
		expect(first).toContain('### Besluit\n\nConsentronde, ronde 2: Aangenomen (geen bezwaar)\n');
		expect(first).not.toContain('Netwerkorganisatie');
		expect(planSection(withGovernancePoll(), 'en')).toContain(
			'**Positioning: Voorstel A**\n\nFrom consent round 2 of ‘Consentronde’\n'
		);
	});

	it('is the positioning poll, never a later governance poll, while no proposal has passed', () => {
		const section = planSection(withoutConsent(withGovernancePoll()));
		expect(section).toContain(
			'**Positionering: Leernetwerk**\n\nUit de stemming ‘Positionering’\n'
		);
		expect(section).not.toContain('Netwerkorganisatie');
		expect(summary(withoutConsent(withGovernancePoll()))).toContain(
			'## Samenvatting\n\n**Positionering: Leernetwerk**\n\nUit de stemming ‘Positionering’\n'
		);
	});

	it('is the poll the facilitator picked, named as such', () => {
		const fixture = withGovernancePoll();
		const snapshot: SessionSnapshot = {
			...fixture,
			steps: fixture.steps.map((s) => (s.kind === 'plan' ? { ...s, pollId: 'governance' } : s))
		};
		expect(planSection(snapshot)).toContain(
			'**Positionering: Netwerkorganisatie**\n\nUit de stemming ‘Netwerksturing’\n'
		);
	});

	it('names the source of the positioning a session continues from', () => {
		const fixture = reportFixture();
		const plan = fixture.steps.find((s) => s.kind === 'plan');
		const snapshot: SessionSnapshot = {
			...fixture,
			// The next session: it has voted on nothing yet.
			steps: fixture.steps.filter((s) => s.kind === 'plan' || s.kind === 'dilemmas'),
			previous: {
				id: 'earlier',
				title: 'Leersessie 1',
				createdAt: FIXTURE_TIME,
				outcome: positioningOutcome(
					fixture.steps,
					positioningPolls(fixture.template, fixture.options),
					plan?.kind === 'plan' ? plan : undefined
				)
			}
		};
		const markdown = renderMarkdown(buildReport(snapshot, { locale: 'nl', now: NOW }));
		const earlier = markdown.slice(markdown.indexOf('### Uitkomst van de vorige sessie'));
		expect(earlier).toContain(
			'**Positionering: Voorstel A**\n\nUit consentronde 2 van ‘Consentronde’\n'
		);
		// The plan, which has no positioning of its own yet, stands on that one, as on the screens.
		expect(markdown.slice(markdown.indexOf('## Jaarplan'))).toContain(
			'Uit de vorige sessie: Leersessie 1\n\n**Positionering: Voorstel A**\n\nUit consentronde 2'
		);
	});
});

describe('the report as a document', () => {
	const report = () => buildReport(reportFixture(), { locale: 'nl', now: NOW });

	it('starts every part on a new page and turns the pages of wide tables', () => {
		const { blocks } = report();
		expect(blocks[0]).toEqual({ kind: 'section', part: 'front', landscape: false });
		expect(blocks[1]).toMatchObject({
			kind: 'title',
			title: 'Concept jaarplan 2027',
			network: 'BORN',
			session: 'Leersessie 2: koers | keuzes',
			date: '20 november 2026',
			status: 'Concept'
		});
		const sections = blocks.filter((b) => b.kind === 'section');
		// The plan's overview has seven columns: landscape; its items in full, and the
		// appendices of this small session, portrait.
		expect(sections.map((s) => `${s.part}${s.landscape ? ' (landscape)' : ''}`)).toEqual([
			'front',
			'plan (landscape)',
			'plan',
			'appendix',
			'appendix',
			'appendix',
			'appendix'
		]);
		const appendices = blocks.flatMap((b) => (b.kind === 'heading' && b.appendix ? [b] : []));
		expect(appendices.map((h) => h.text)).toEqual([
			'Bijlage A: Deelnemers',
			'Bijlage B: Positionering',
			'Bijlage C: Consentrondes',
			'Bijlage D: Dilemma’s en clusters'
		]);
	});

	it('tells renderers which columns stay narrow, so "Nr." is not as wide as "Doel"', () => {
		const overview = report().blocks.find(
			(b): b is Table => b.kind === 'table' && b.header[0] === 'Nr.'
		)!;
		expect(overview.wide).toBe(true);
		const widths = columnWidths(overview, 140);
		expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
		const share = (label: string) => widths[overview.header.indexOf(label)]!;
		expect(share('Nr.')).toBeLessThan(0.05);
		expect(share('Doel')).toBeGreaterThan(4 * share('Nr.'));
		// The longest word of every column fits: no "Thematrekk er".
		for (const [i, label] of overview.header.entries()) {
			const longest = Math.max(
				...[label, ...overview.rows.map((r) => r[i]!)]
					.flatMap((t) => t.split(/\s+/))
					.map((w) => w.length)
			);
			expect(widths[i]! * 140, label).toBeGreaterThanOrEqual(Math.min(longest, 16));
		}
	});

	it('has no double colon in a consent round’s verdict, in either language', () => {
		const nl = renderMarkdown(report());
		expect(nl).toContain('**Ronde 1: Niet aangenomen (er is bezwaar)**');
		expect(nl).toContain('Consentronde, ronde 2: Aangenomen (geen bezwaar)');
		const en = renderMarkdown(buildReport(reportFixture(), { locale: 'en', now: NOW }));
		expect(en).toContain('**Round 1: Not passed (there is an objection)**');
		for (const markdown of [nl, en]) {
			expect(markdown).not.toMatch(/\b[Rr]o(?:nde|und) \d+: [^\n]*: /);
		}
	});
});

describe('the charts in the report', () => {
	const charts = (snapshot: SessionSnapshot) => {
		const { blocks } = buildReport(snapshot, { locale: 'nl', now: NOW });
		return blocks.flatMap((block, i) =>
			block.kind === 'chart' ? [{ chart: block, before: blocks[i - 1] }] : []
		);
	};

	it('follows each per-perspective table with its chart, described in words', () => {
		const found = charts(reportFixture());
		expect(found.map(({ chart }) => chart.spec.key)).toEqual([
			'poll-perspectives',
			'consent-round-1-perspectives',
			'consent-round-2-perspectives'
		]);
		for (const { chart, before } of found) {
			expect(before?.kind).toBe('table');
			expect(chart.alt).toMatch(/^(Positionering|Consentronde)\. .*Iedereen \(\d+\): /);
		}
	});

	it('draws no breakdown that is not released', () => {
		const fixture = reportFixture();
		const withheld: SessionSnapshot = {
			...fixture,
			steps: fixture.steps.map((step) =>
				step.kind === 'poll'
					? { ...step, tally: { ...step.tally, byPerspective: undefined, merged: undefined } }
					: step
			)
		};
		expect(charts(withheld).map(({ chart }) => chart.spec.key)).toEqual([
			'consent-round-1-perspectives',
			'consent-round-2-perspectives'
		]);
	});

	it('leaves them out of the Markdown, whose tables hold the same figures', () => {
		const markdown = renderMarkdown(buildReport(reportFixture(), { locale: 'nl', now: NOW }));
		expect(markdown).not.toMatch(/undefined|Per perspectief\. /);
	});
});

describe('a now-against-desired poll in the report', () => {
	/** The fixture with a closed now-vs-desired poll: 1 of 5 "Leernetwerk" now, 4 of 5 desired. */
	function withNowDesired(): SessionSnapshot {
		const fixture = reportFixture();
		const poll: PollStep = {
			...newPoll(bornTemplate, 'nl', 'now-desired'),
			title: 'Nu en straks',
			mode: 'nowDesired',
			status: 'closed',
			revealed: true,
			tally: {
				voters: 5,
				now: { ontmoetingsplaats: 0, leernetwerk: 1, facilitator: 4, 'bestuurlijk-hart': 0 },
				desired: { ontmoetingsplaats: 0, leernetwerk: 4, facilitator: 1, 'bestuurlijk-hart': 0 }
			}
		};
		return { ...fixture, steps: [poll, ...fixture.steps] };
	}

	it('labels now and desired, and gives the shift in percentage points as the screen does', () => {
		const nl = renderMarkdown(buildReport(withNowDesired(), { locale: 'nl', now: NOW }));
		expect(nl).toContain(
			'| Optie | Nu (huidige situatie) | Gewenst (gewenste situatie) | Verschuiving nu → gewenst |'
		);
		expect(nl).toContain('| Leernetwerk | 1 (20%) | 4 (80%) | +60 procentpunt |');
		expect(nl).toContain('| Facilitator | 4 (80%) | 1 (20%) | -60 procentpunt |');
		expect(nl).toContain('| Ontmoetingsplaats | 0 (0%) | 0 (0%) | 0 procentpunt |');
		expect(nl).toContain('in procentpunten.');
		const en = renderMarkdown(buildReport(withNowDesired(), { locale: 'en', now: NOW }));
		expect(en).toContain('| Leernetwerk | 1 (20%) | 4 (80%) | +60 percentage points |');
		expect(en).toContain('Now (current situation)');
	});
});
