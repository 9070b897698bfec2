import { sessionByApi } from './api';
import { expect, expectAccessible, test } from './fixtures';

/**
 * "Mijn sessies" on a board without organizer sign-in: kept in the browser, from the sessions it
 * created or opened as facilitator, each with its title, its date and a way back to its console.
 */
test('the start page lists the sessions this browser created or opened as facilitator, and forgets one on request', async ({
	page,
	request,
	openDevice
}) => {
	await page.goto('/');
	await expect(page.getByLabel('Titel van de sessie')).toBeVisible();
	await expect(page.getByTestId('my-sessions')).toHaveCount(0);

	await page.getByLabel('Titel van de sessie').fill('Leersessie Zuid');
	await page.getByRole('button', { name: 'Sessie aanmaken' }).click();
	await expect(page).toHaveURL(/\/f\/[A-Za-z0-9_-]+$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leersessie Zuid');
	const zuid = new URL(page.url()).pathname;

	// A session made elsewhere and opened here with its facilitator link joins the list.
	const { session } = await sessionByApi(request, 'Leersessie West');
	await page.goto(session.links.facilitator);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leersessie West');

	await page.goto('/');
	const mine = page.getByTestId('my-sessions');
	await expect(mine.getByRole('heading', { name: 'Mijn sessies' })).toBeVisible();
	await expect(mine.getByRole('link')).toHaveText(['Leersessie West', 'Leersessie Zuid']);
	await expect(mine.getByRole('listitem').first()).toContainText(
		`Aangemaakt op ${new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }).format(Date.now())}`
	);
	await expectAccessible(page);

	// Back to a console by its title; its key is still in this browser.
	await mine.getByRole('link', { name: 'Leersessie Zuid' }).click();
	await expect(page).toHaveURL(zuid);
	await expect(page.getByTestId('join-code')).toBeVisible();

	// Taken off the list by keyboard; the session itself stays, and its link still opens it.
	await page.goto('/');
	await mine.getByRole('button', { name: 'Haal Leersessie Zuid uit deze lijst' }).focus();
	await page.keyboard.press('Enter');
	await expect(mine.getByRole('link')).toHaveText(['Leersessie West']);
	await expect(mine.getByRole('heading', { name: 'Mijn sessies' })).toBeFocused();
	await page.reload();
	await expect(page.getByTestId('my-sessions').getByRole('link')).toHaveText(['Leersessie West']);

	// The list is this browser's: another one has none.
	const other = await openDevice();
	await other.goto('/');
	await expect(other.getByLabel('Titel van de sessie')).toBeVisible();
	await expect(other.getByTestId('my-sessions')).toHaveCount(0);

	// Erasing a session in its console takes it off the list too.
	await page.goto(session.links.facilitator);
	await page.getByRole('button', { name: 'Sessie verwijderen' }).click();
	await page.getByRole('button', { name: 'Ja, verwijder alles' }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByLabel('Titel van de sessie')).toBeVisible();
	await expect(page.getByTestId('my-sessions')).toHaveCount(0);
});
