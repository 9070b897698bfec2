import { readFileSync } from 'node:fs';
import type { APIRequestContext, Download, Page } from '@playwright/test';
import { formatJoinCode } from '../../src/lib/model/join-code';
import { sessionByApi, type CreatedSession } from './api';
import { expect, expectAccessible, test } from './fixtures';
import { openAdds } from './room';

/**
 * A session that has voted and ranked, prepared through the API as the phones would: a revealed
 * positioning poll, a passed consent round, a revealed governance poll, and dilemmas sorted into
 * paradoxes with dots.
 */
async function rankedSession(request: APIRequestContext): Promise<CreatedSession> {
	const { session: created, send, facilitator, join } = await sessionByApi(request, 'Leersessie 2');
	const phones: string[] = [];
	for (const perspective of ['wethouder', 'wethouder', 'aanbieder']) {
		phones.push(await join({ perspective }));
	}
	const [a, b, c] = phones as [string, string, string];

	await facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
	await facilitator({ type: 'poll.open', stepId: 'poll' });
	for (const [phone, choice] of [
		[a, 'leernetwerk'],
		[b, 'leernetwerk'],
		[c, 'facilitator']
	] as const) {
		await send(phone, { type: 'vote.cast', stepId: 'poll', choice });
	}
	await facilitator({ type: 'poll.close', stepId: 'poll' });
	await facilitator({ type: 'poll.reveal', stepId: 'poll' });

	await facilitator({ type: 'step.add', kind: 'consent' }, 'consent');
	await facilitator({ type: 'consent.open', stepId: 'consent' });
	for (const phone of phones) {
		await send(phone, { type: 'consent.respond', stepId: 'consent', answer: 'consent' });
	}
	await facilitator({ type: 'consent.close', stepId: 'consent' });

	// Then "which form of governance do we have?": a vote, but not on the positioning.
	await facilitator({ type: 'step.add', kind: 'poll', optionSet: 'governance' }, 'governance');
	await facilitator({ type: 'poll.open', stepId: 'governance' });
	for (const phone of phones) {
		await send(phone, { type: 'vote.cast', stepId: 'governance', choice: 'netwerkorganisatie' });
	}
	await facilitator({ type: 'poll.close', stepId: 'governance' });
	await facilitator({ type: 'poll.reveal', stepId: 'governance' });

	await facilitator({ type: 'step.add', kind: 'dilemmas' }, 'board');
	const cards = [
		['c1', a, 'Sturen op resultaat of ruimte voor de regio’s?', 'besturingsparadox'],
		['c2', b, 'Besluiten in negen regio’s duurt lang', 'besturingsparadox'],
		['c3', c, 'Koploper blijven met minder geld?', 'koploperparadox']
	] as const;
	for (const [id, phone, text, cluster] of cards) {
		await send(phone, { type: 'dilemma.post', stepId: 'board', text }, id);
		await facilitator({ type: 'card.move', stepId: 'board', cardId: id, clusterId: cluster });
	}
	await facilitator({ type: 'dots.open', stepId: 'board' });
	for (const [phone, card] of [
		[a, 'c1'],
		[b, 'c1'],
		[c, 'c1'],
		[a, 'c3'],
		[b, 'c2']
	] as const) {
		await send(phone, { type: 'dots.place', stepId: 'board', cardId: card });
	}
	await facilitator({ type: 'dots.close', stepId: 'board' });
	return created;
}

async function openPlan(facilitator: Page): Promise<void> {
	await facilitator
		.getByRole('button', { name: /^Jaarplan/ })
		.first()
		.click();
	await expect(facilitator.getByRole('heading', { name: 'Bewerken: Jaarplan' })).toBeVisible();
}

async function saved(download: Download): Promise<Buffer> {
	return readFileSync((await download.path())!);
}

test('a year plan from ranked dilemmas, co-edited by two facilitators, exported and carried on', async ({
	page,
	openDevice
}) => {
	const session = await rankedSession(page.request);
	await page.goto(session.links.facilitator);
	await expect(page.getByTestId('join-code')).toHaveText(formatJoinCode(session.joinCode));
	const projector = await openDevice();
	await projector.goto(session.links.screen);

	// The facilitator adds the plan and shows it everywhere.
	await openAdds(page);
	await page.getByRole('button', { name: 'Jaarplan toevoegen' }).click();
	await expect(page.getByRole('heading', { name: 'Bewerken: Jaarplan' })).toBeVisible();
	// A session has one plan: the agenda no longer offers one.
	await openAdds(page);
	await expect(page.getByRole('button', { name: 'Stemming toevoegen' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Jaarplan toevoegen' })).toHaveCount(0);
	await page
		.locator('li[data-step]')
		.last()
		.getByRole('button', { name: 'Toon op alle schermen' })
		.click();
	const outcome = page.getByTestId('plan-outcome');
	await expect(outcome).toContainText('Meeste steun: Leernetwerk');
	await expect(outcome).toContainText('Consent in ronde 1: geen bezwaar.');
	await expect(projector.getByTestId('plan-outcome')).toContainText('Meeste steun: Leernetwerk');
	// The passed proposal heads the plan and says where it came from; the later governance poll
	// does not take its place.
	for (const screen of [page, projector]) {
		await expect(screen.getByTestId('plan-headline')).toHaveText('BORN positioneert zich als …');
		await expect(screen.getByTestId('plan-headline-source')).toHaveText(
			'Uit consentronde 1 van ‘Consentronde’'
		);
		await expect(screen.getByTestId('plan-outcome')).not.toContainText('Netwerkorganisatie');
	}
	// The facilitator names the poll instead: every screen follows.
	await page.getByLabel('Positionering uit stemming').selectOption({ label: 'Positionering' });
	for (const screen of [page, projector]) {
		await expect(screen.getByTestId('plan-headline')).toHaveText('Meeste steun: Leernetwerk');
		await expect(screen.getByTestId('plan-headline-source')).toHaveText(
			'Uit de stemming ‘Positionering’'
		);
	}

	// Two items, one click each: the top dilemma, and the cluster it belongs to.
	await page
		.getByRole('button', {
			name: 'Maak item van dilemma: Sturen op resultaat of ruimte voor de regio’s?'
		})
		.click();
	await expect(page.getByLabel('Thema', { exact: true })).toHaveValue(
		'Sturen op resultaat of ruimte voor de regio’s?'
	);
	await expect(page.getByTestId('plan-item-editor')).toContainText(
		'Uit Besturingsparadox: 1 dilemma, 3 stippen'
	);
	await page.getByRole('button', { name: 'Maak item van cluster Besturingsparadox' }).click();
	await expect(page.getByLabel('Thema', { exact: true })).toHaveValue('Besturingsparadox');
	const rows = (p: Page) => p.getByTestId('plan-table').locator('tbody tr');
	await expect(rows(page)).toHaveCount(2);
	await expect(rows(projector)).toHaveCount(2);
	await expect(rows(projector).nth(1)).toContainText('Besturingsparadox');

	// A co-facilitator opens the same item; both type in its goal at the same moment.
	const second = await openDevice({ width: 1280, height: 900 });
	await second.goto(session.links.facilitator);
	await openPlan(second);
	await second.getByRole('button', { name: /^Item 1:/ }).click();
	await page.getByRole('button', { name: /^Item 1:/ }).click();
	const goal = (p: Page) => p.getByLabel('Doel', { exact: true });
	// Each puts the caret in the goal first, as a person clicks before typing.
	for (const p of [page, second]) {
		await goal(p).click();
		await expect(goal(p)).toBeFocused();
	}
	await Promise.all([
		goal(page).pressSequentially('Minder wachttijd', { delay: 15 }),
		goal(second).pressSequentially('Samen leren', { delay: 15 })
	]);
	for (const p of [page, second]) {
		await expect(goal(p)).toHaveValue(/Minder wachttijd/);
		await expect(goal(p)).toHaveValue(/Samen leren/);
	}
	expect(await goal(page).inputValue()).toBe(await goal(second).inputValue());
	await expect(rows(projector).first()).toContainText('Minder wachttijd');

	// Structured fields from both consoles: quarters, intensity, a region that opts out.
	await page.getByRole('checkbox', { name: 'Q1' }).check();
	await second.getByRole('checkbox', { name: 'Q2' }).check();
	await second.getByLabel('Samenwerkingsintensiteit').selectOption({ index: 2 });
	await page.getByRole('checkbox', { name: 'IJmond' }).uncheck();
	await page.getByRole('button', { name: /^Item 2:/ }).click();
	await page.getByRole('checkbox', { name: 'Q4' }).check();
	for (const p of [page, second, projector]) {
		// The projector shows the quarters as columns of its one table.
		const timeline = p.getByTestId(p === projector ? 'plan-table' : 'plan-timeline');
		const bars = (row: number) => timeline.locator('tbody tr').nth(row).locator('td:has(.bar)');
		await expect(bars(0)).toHaveCount(2);
		await expect(
			timeline.locator('tbody tr').first().locator('[data-quarter="q1"] .bar')
		).toHaveCount(1);
		await expect(
			timeline.locator('tbody tr').first().locator('[data-quarter="q2"] .bar')
		).toHaveCount(1);
		await expect(bars(1)).toHaveCount(1);
		await expect(
			timeline.locator('tbody tr').nth(1).locator('[data-quarter="q4"] .bar')
		).toHaveCount(1);
	}
	await expect(rows(projector).first()).toContainText('2. Gezamenlijk strategie bepalen');
	await expectAccessible(page);
	await expectAccessible(projector);

	// The four downloads.
	const download = async (label: string) => {
		const [file] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: label }).click()
		]);
		return file;
	};
	const docx = await download('Word (.docx)');
	expect(docx.suggestedFilename()).toMatch(
		/^concept-jaarplan-leersessie-2-\d{4}-\d{2}-\d{2}\.docx$/
	);
	const docxBytes = await saved(docx);
	expect(docxBytes.subarray(0, 2).toString()).toBe('PK');
	expect(docxBytes.length).toBeGreaterThan(8000);
	const pdfFile = await download('PDF');
	expect(pdfFile.suggestedFilename()).toMatch(
		/^concept-jaarplan-leersessie-2-\d{4}-\d{2}-\d{2}\.pdf$/
	);
	expect((await saved(pdfFile)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	const markdown = (await saved(await download('Markdown'))).toString('utf8');
	expect(markdown).toMatch(/^# Concept jaarplan \d{4}\n/);
	expect(markdown).toContain('## Jaarplan ');
	expect(markdown).toContain('Minder wachttijd');
	expect(markdown).toContain('Samen leren');
	expect(markdown).toContain('Alle regio’s behalve IJmond');
	expect(markdown).toContain('**Positionering: Leernetwerk**\n\nUit de stemming ‘Positionering’');
	const csv = (await saved(await download('CSV (Excel)'))).toString('utf8');
	expect(csv.startsWith('\uFEFFNr.;Thema;Doel;')).toBe(true);
	expect(csv.trimEnd().split('\r\n')).toHaveLength(3);

	// The print page: the same report, laid out for A4.
	const [print] = await Promise.all([
		page.context().waitForEvent('page'),
		page.getByRole('link', { name: 'Afdrukbare pagina' }).click()
	]);
	await expect(print.getByRole('heading', { level: 1, name: 'Concept jaarplan' })).toBeVisible();
	await expect(print.getByRole('heading', { level: 2, name: /^Jaarplan \d{4}$/ })).toBeVisible();
	await expect(print.getByTestId('report').locator('table.timeline .bar')).toHaveCount(3);
	await expectAccessible(print);
	await print.emulateMedia({ media: 'print' });
	await expect(print.getByRole('button', { name: 'Afdrukken of opslaan als PDF' })).toBeHidden();
	const pdf = await print.pdf({ format: 'A4' });
	expect(pdf.subarray(0, 4).toString()).toBe('%PDF');

	// The next session of the series starts from this one, with its own code.
	await page.getByLabel('Titel van de volgende sessie').fill('Leersessie 3');
	await page.getByRole('button', { name: 'Volgende sessie starten' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Leersessie 3' })).toBeVisible();
	const newCode = page.getByTestId('join-code');
	await expect(newCode).toHaveText(/^[A-Z0-9]{4} [A-Z0-9]{4}$/);
	expect(await newCode.textContent()).not.toBe(formatJoinCode(session.joinCode));
	await openPlan(page);
	await expect(rows(page)).toHaveCount(2);
	await expect(rows(page).first()).toContainText('Minder wachttijd');
	await expect(page.getByTestId('plan-outcome')).toContainText(
		'Uit de vorige sessie: Leersessie 2'
	);
	await expect(page.getByTestId('plan-headline')).toHaveText('Meeste steun: Leernetwerk');
	await expect(page.getByTestId('plan-headline-source')).toHaveText(
		'Uit de stemming ‘Positionering’'
	);
	// It starts with the template's agenda, the board and plan carried over in their places.
	await expect(page.locator('li[data-step] .title span')).toHaveText([
		'Positionering',
		'Voorstel positionering',
		'Dilemma’s',
		'Jaarplan'
	]);
});
