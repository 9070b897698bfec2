import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURE_TIME, reportFixture } from '../../../tests/helpers/report-fixture.ts';
import { positioningOutcome } from '../model/outcome.ts';
import { positioningPolls } from '../model/positioning.ts';
import { newPoll } from '../kinds/poll/model.ts';
import { bornTemplate } from '../model/templates.ts';
import type { Locale, PollStep, SessionSnapshot } from '../model/types.ts';
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

describe('the positioning at the head of the year plan', () => {
	/** The report's year-plan section, where the headline stands. */
	const planSection = (snapshot: SessionSnapshot, locale: Locale = 'nl'): string => {
		const markdown = renderMarkdown(buildReport(snapshot, { locale, now: NOW }));
		return markdown.slice(markdown.indexOf(locale === 'nl' ? '## Jaarplan' : '## Year plan'));
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
		// The poll's result stays beside it; the governance poll is not the positioning.
		expect(section).toContain('Positionering: meeste steun voor Leernetwerk');
		expect(section).not.toContain('Netwerkorganisatie');
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
