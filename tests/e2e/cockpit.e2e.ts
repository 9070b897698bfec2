import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures';
import { joinAs } from './room';
import { realisticSession } from './realistic';
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/store/sqlite';

const LAPTOP = { width: 1366, height: 768 };

/** Whether the whole of an element is within the window, without scrolling. */
async function inView(page: Page, element: Locator): Promise<boolean> {
	const box = await element.boundingBox();
	return (
		box !== null &&
		box.x >= 0 &&
		box.y >= 0 &&
		box.x + box.width <= LAPTOP.width &&
		box.y + box.height <= LAPTOP.height
	);
}

/** Opens a step in the console's editor by its agenda entry. */
async function edit(console: Page, title: string): Promise<void> {
	await console
		.locator('li[data-step]')
		.getByRole('button', { name: new RegExp(`^${title}`) })
		.first()
		.click();
	await expect(
		console.getByRole('heading', { level: 2, name: `Stap bewerken: ${title}` })
	).toBeVisible();
}

test('on a laptop, the controls of every step are in view without scrolling', async ({ page }) => {
	test.setTimeout(180_000);
	await page.setViewportSize(LAPTOP);
	const room = await realisticSession(page.request);
	await page.goto(room.session.links.facilitator);
	await expect(page.getByTestId('presenter')).toBeVisible();

	// The poll's title was not changed: each step by its template title.
	await page.locator('li[data-step="poll"] .link').click();
	await expect(page.getByTestId('poll-status')).toBeVisible();
	expect(await inView(page, page.getByRole('button', { name: 'Opnieuw openen' }))).toBe(true);
	expect(await inView(page, page.getByTestId('next'))).toBe(true);

	await page.locator('li[data-step="consent"] .link').click();
	expect(
		await inView(page, page.getByRole('button', { name: 'Volgende ronde met dit voorstel' }))
	).toBe(true);

	await page.locator('li[data-step="board"] .link').click();
	expect(await inView(page, page.getByRole('button', { name: 'Stippen plakken openen' }))).toBe(
		true
	);
	await page.screenshot({ path: test.info().outputPath('console-board-1366x768.png') });

	await page.locator('li[data-step="plan"] .link').click();
	expect(await inView(page, page.getByRole('button', { name: 'Leeg item toevoegen' }))).toBe(true);

	// What the room sees is in view beside the step being edited.
	await page.locator('li[data-step="poll"] .link').click();
	expect(await inView(page, page.getByTestId('screen-preview'))).toBe(true);
	await page.screenshot({ path: test.info().outputPath('console-1366x768.png') });
	await expectAccessible(page);
});

test('one press shows the next step on every screen and opens it; the console follows', async ({
	page,
	openDevice,
	openPhone
}) => {
	await page.setViewportSize(LAPTOP);
	const created = await page.request.post('/api/sessions', {
		data: { title: 'Leersessie 1' }
	});
	const session = (await created.json()) as {
		joinCode: string;
		links: { facilitator: string; screen: string };
	};
	await page.goto(session.links.facilitator);
	const projector = await openDevice();
	await projector.goto(session.links.screen);
	const phone = await openPhone();
	await joinAs(phone, session.joinCode, 'Wethouder');

	// The template's agenda: a positioning poll comes first.
	const next = page.getByTestId('next');
	await expect(next).toHaveText(/Volgende: Positionering/);
	await next.click();
	await expect(page.getByTestId('on-screen')).toHaveText('Positionering');
	await expect(projector.getByRole('heading', { level: 2 })).toHaveText(
		'Welke positionering past het best bij BORN?'
	);
	// Open at once: the phone can vote without another press.
	await expect(phone.getByRole('button', { name: 'Stem' })).toBeVisible();
	await expect(page.getByTestId('poll-status')).toHaveText('Open');
	await expect(page.getByTestId('editing-on-screen')).toBeVisible();

	// The same with the keyboard: the poll closes, the consent round opens.
	await page.getByTestId('presenter').click();
	await page.keyboard.press('ArrowRight');
	await expect(page.getByTestId('on-screen')).toHaveText(/Voorstel positionering/);
	await expect(phone.getByRole('radio', { name: /Instemming/ })).toBeVisible();
	await expect(projector.getByTestId('consent-round')).toContainText('Ronde 1');

	// B blanks every screen; the next step brings them back.
	await page.keyboard.press('b');
	await expect(projector.getByTestId('blank')).toBeVisible();
	await page.keyboard.press('b');
	await expect(projector.getByTestId('blank')).toBeHidden();
});

test('the step being edited and the step on screen are told apart', async ({ page }) => {
	await page.setViewportSize(LAPTOP);
	const created = await page.request.post('/api/sessions', { data: { title: 'Leersessie 1' } });
	const session = (await created.json()) as { links: { facilitator: string } };
	await page.goto(session.links.facilitator);
	await page.getByTestId('next').click();
	await expect(page.getByTestId('editing-on-screen')).toBeVisible();

	await edit(page, 'Voorstel positionering');
	await expect(page.getByTestId('editing-elsewhere')).toContainText(
		'Je bewerkt een stap die niet op het scherm staat. De zaal ziet: Positionering.'
	);
	await page.getByRole('button', { name: 'Toon deze stap op alle schermen' }).click();
	await expect(page.getByTestId('editing-on-screen')).toBeVisible();
	await expect(page.getByTestId('on-screen')).toHaveText('Voorstel positionering');
});

test('edits save as you type, also when switching steps or language at once', async ({ page }) => {
	await page.setViewportSize(LAPTOP);
	const created = await page.request.post('/api/sessions', { data: { title: 'Leersessie 1' } });
	const session = (await created.json()) as { links: { facilitator: string } };
	await page.goto(session.links.facilitator);
	await edit(page, 'Positionering');
	await expect(page.getByRole('button', { name: 'Opslaan' })).toHaveCount(0);

	// Typed, and straight to another step: the edit goes to the step it was made in.
	await page.getByLabel('Titel', { exact: true }).fill('Positie van BORN');
	await page.locator('li[data-step]').nth(1).locator('.link').click();
	await expect(page.locator('li[data-step]').first()).toContainText('Positie van BORN');

	// Typed, and straight to English: saved, and the editor stays on its step.
	await edit(page, 'Positie van BORN');
	await page.getByLabel('Titel', { exact: true }).fill('Positie van BORN in 2027');
	await page.getByRole('button', { name: 'English' }).click();
	await expect(
		page.getByRole('heading', { level: 2, name: 'Edit step: Positie van BORN in 2027' })
	).toBeVisible();

	// An empty title is not saved, and says why.
	await page.getByLabel('Title', { exact: true }).fill('');
	await expect(
		page.getByText('Give the step a title; nothing is saved without one.')
	).toBeVisible();
	await page.reload();
	await expect(
		page.getByRole('heading', { level: 2, name: 'Edit step: Positie van BORN in 2027' })
	).toBeVisible();
});

test('the agenda names a step’s kind only where its title does not; a board’s question saves as typed; an empty plan says so on the projector', async ({
	page,
	openDevice
}) => {
	await page.setViewportSize(LAPTOP);
	const created = await page.request.post('/api/sessions', { data: { title: 'Leersessie 1' } });
	const session = (await created.json()) as { links: { facilitator: string; screen: string } };
	await page.goto(session.links.facilitator);
	const projector = await openDevice({ width: 1280, height: 720 });
	await projector.goto(session.links.screen);

	const row = (title: string) =>
		page.locator('li[data-step]', {
			has: page.locator('.name').getByText(title, { exact: true })
		});
	await expect(row('Positionering').locator('small')).toHaveText('Stemming · Nog niet geopend');
	await expect(row('Voorstel positionering').locator('small')).toHaveText('Consentronde');
	// Adding is folded away under one button once the agenda has steps.
	const toggle = page.getByRole('button', { name: 'Stap toevoegen', exact: true });
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
	await toggle.press('Enter');
	await expect(toggle).toHaveAttribute('aria-expanded', 'true');
	await page.getByRole('button', { name: 'Consentronde toevoegen' }).click();
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
	// Not "Consentronde / Consentronde": the title says it already.
	await expect(row('Consentronde').last().locator('small')).toHaveText('');

	await edit(page, 'Dilemma’s');
	await page.getByLabel('Vraag aan de deelnemers').fill('Welk dilemma zie jij deze week?');
	await expect(page.getByText('Opgeslagen', { exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Toon deze stap op alle schermen' }).click();
	await expect(projector.getByRole('heading', { level: 2 })).toHaveText(
		'Welk dilemma zie jij deze week?'
	);

	await edit(page, 'Jaarplan');
	await page.getByRole('button', { name: 'Toon deze stap op alle schermen' }).click();
	await expect(projector.getByTestId('plan-empty')).toHaveText(
		'Het jaarplan heeft nog geen items. Ze verschijnen hier zodra de facilitator ze toevoegt.'
	);
	// Poll states read with a space on both sides of the dot.
	await edit(page, 'Positionering');
	await page.getByRole('button', { name: 'Toon deze stap op alle schermen' }).click();
	await expect(projector.locator('.where .step')).toHaveText('Positionering · Nog niet geopend');
});

test('a step of a kind this version does not know is shown as unsupported, and can be removed', async ({
	page,
	board,
	openDevice
}) => {
	await page.setViewportSize(LAPTOP);
	const created = await page.request.post('/api/sessions', {
		data: { title: 'Leersessie 1', agenda: 'empty' }
	});
	const session = (await created.json()) as {
		id: string;
		links: { facilitator: string; screen: string };
	};
	// A stored document from a newer version: a step of a kind this one has never heard of, on
	// screen, with fields a poll also has.
	await board.crash();
	const store = openSqliteStore(board.dataDir);
	const doc = new Y.Doc();
	for (const update of store.loadUpdates(session.id)) Y.applyUpdate(doc, update);
	const before = Y.encodeStateVector(doc);
	doc.transact(() => {
		const step = new Y.Map<unknown>();
		doc.getMap('steps').set('future', step);
		step.set('kind', 'wordcloud3d');
		step.set('title', 'Woordwolk in 3D');
		step.set('options', [{ id: 'a', title: 'A' }]);
		doc.getArray<string>('stepOrder').push(['future']);
		doc.getMap('meta').set('currentStep', 'future');
	});
	store.appendUpdate(session.id, Y.encodeStateAsUpdate(doc, before));
	store.close();
	await board.start();

	await page.goto(session.links.facilitator);
	const entry = page.getByTestId('unsupported-step');
	await expect(entry).toContainText('Woordwolk in 3D');
	await expect(entry).toContainText('Onbekend staptype “wordcloud3d”');
	// Not a poll: nothing to open, and the projector shows no made-up question.
	await expect(page.getByRole('button', { name: 'Stemming openen' })).toHaveCount(0);
	const projector = await openDevice();
	await projector.goto(session.links.screen);
	await expect(projector.getByTestId('screen')).toBeVisible();
	// The projector shows the lobby rather than a made-up step.
	await expect(projector.locator('article')).toHaveCount(0);
	await page.screenshot({ path: test.info().outputPath('console-unsupported-step.png') });
	await expectAccessible(page);

	await entry.getByRole('button', { name: 'Woordwolk in 3D verwijderen' }).click();
	await page.getByRole('button', { name: 'Ja, verwijderen' }).click();
	await expect(entry).toHaveCount(0);
});
