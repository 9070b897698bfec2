import type { Page } from '@playwright/test';
import { freePort } from '../helpers/loopback';
import {
	startTestProvider,
	TEST_ACCOUNTS,
	type TestAccount,
	type TestProvider
} from '../helpers/oidc-provider';
import { expect, expectAccessible, test as base } from './fixtures';
import { startBoard } from './server';

/**
 * Organizer sign-in in Chromium against a real OpenID Provider (oidc-provider) on another
 * loopback port: the built board runs with OIDC_* and its ORIGIN, and people sign in on the
 * provider's own page.
 */
const test = base.extend<{ signIn: { provider: TestProvider; port: number } }>({
	// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
	signIn: async ({}, use) => {
		// The board's port first: the provider registers its redirect URI, the board its ORIGIN.
		const port = await freePort();
		const provider = await startTestProvider({
			redirectUri: `http://127.0.0.1:${port}/auth/callback`
		});
		await use({ provider, port });
		await provider.close();
	},
	board: async ({ signIn }, use) => {
		const board = await startBoard(
			{ ...signIn.provider.env, ORIGIN: `http://127.0.0.1:${signIn.port}` },
			signIn.port
		);
		await use(board);
		await board.stop();
	},
	otherOrigins: async ({ signIn }, use) => use([signIn.provider.issuer])
});

/** Signs in from the start page through the provider's page, and lands back on the start page. */
async function signIn(page: Page, account: TestAccount): Promise<void> {
	await page.goto('/');
	await page.getByRole('link', { name: 'Inloggen' }).click();
	await expect(page.getByRole('heading', { name: /test identity provider/ })).toBeVisible();
	await page.getByLabel('Username').fill(account.login);
	await page.getByLabel('Password').fill(account.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByTestId('signed-in')).toContainText(`Ingelogd als ${account.name}`);
}

/** The entry of a session in "Mijn sessies". */
const entry = (page: Page, title: string) =>
	page.getByTestId('my-sessions').getByRole('listitem').filter({ hasText: title }).first();

test('an organizer signs in, creates a session, hands it to a co-organizer, who opens it on their own device, and it is erased', async ({
	page,
	openDevice
}) => {
	// Anna: the start page asks her to sign in before she can create a session.
	await page.goto('/');
	await expect(page.getByRole('link', { name: 'Inloggen' })).toBeVisible();
	await expect(page.getByLabel('Titel van de sessie')).toHaveCount(0);
	await expectAccessible(page);
	await signIn(page, TEST_ACCOUNTS.anna);
	await expect(page.getByTestId('my-sessions')).toContainText('Je hebt nog geen sessies.');
	await expectAccessible(page);

	await page.getByLabel('Titel van de sessie').fill('Leersessie Noord');
	await page.getByRole('button', { name: 'Sessie aanmaken' }).click();
	await expect(page).toHaveURL(/\/f\/[A-Za-z0-9_-]+$/);
	const consolePath = new URL(page.url()).pathname;
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leersessie Noord');

	// Her sessions, from the server: title, date, participants, and the way back to the console.
	await page.goto('/');
	const mine = entry(page, 'Leersessie Noord');
	await expect(mine).toContainText('0 deelnemers');
	await expect(mine).toContainText('Aangemaakt op');
	await expect(mine).toContainText('Anna de Vries (jij)');
	await expectAccessible(page);
	await mine.getByRole('link', { name: 'Leersessie Noord' }).click();
	await expect(page).toHaveURL(consolePath);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leersessie Noord');

	// Bram signs in once on his own laptop (a cancelled try first), so Anna can hand it to him.
	const bram = await openDevice({ width: 1280, height: 800 });
	await bram.goto('/');
	await bram.getByRole('link', { name: 'Inloggen' }).click();
	await bram.getByRole('button', { name: 'Cancel' }).click();
	await expect(bram.getByRole('alert')).toHaveText(
		'Het inloggen is afgebroken. Log opnieuw in als je een sessie wilt maken.'
	);
	await expect(bram).toHaveURL(/\/$/);
	await signIn(bram, TEST_ACCOUNTS.bram);
	await expect(bram.getByTestId('my-sessions')).toContainText('Je hebt nog geen sessies.');

	await page.goto('/');
	const handOver = entry(page, 'Leersessie Noord').getByLabel('Overdragen aan (e-mailadres)');
	await handOver.fill('carla@example.org');
	await handOver.press('Enter');
	await expect(entry(page, 'Leersessie Noord').getByRole('alert')).toContainText(
		'Niemand met dit e-mailadres heeft al eens op dit bord ingelogd.'
	);
	await handOver.fill('bram@example.org');
	await entry(page, 'Leersessie Noord').getByRole('button', { name: 'Overdragen' }).click();
	await expect(entry(page, 'Leersessie Noord').getByRole('status')).toHaveText(
		'Bram Jansen is nu organisator van deze sessie.'
	);
	await expect(entry(page, 'Leersessie Noord')).toContainText('Bram Jansen');
	await expectAccessible(page);

	// Bram sees it and opens its console: his browser has no key, so it gets one of his own.
	await bram.reload();
	const his = entry(bram, 'Leersessie Noord');
	await expect(his).toContainText('Bram Jansen (jij)');
	await his.getByRole('link', { name: 'Leersessie Noord' }).click();
	await expect(bram).toHaveURL(consolePath);
	await expect(bram.getByRole('heading', { level: 1 })).toHaveText('Leersessie Noord');
	await expect(bram.getByTestId('join-code')).toBeVisible();
	await expectAccessible(bram);

	// Bram erases it from his list; Anna's open console learns that it is gone.
	await page.goto(consolePath);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leersessie Noord');
	await bram.goto('/');
	await entry(bram, 'Leersessie Noord')
		.getByRole('button', { name: 'Wis Leersessie Noord' })
		.click();
	await bram.getByRole('button', { name: 'Ja, verwijder alles' }).click();
	await expect(bram.getByTestId('my-sessions')).toContainText('Je hebt nog geen sessies.');
	await expect(page.getByRole('alert')).toHaveText('Deze sessie bestaat niet meer.');
	await page.goto('/');
	await expect(page.getByTestId('my-sessions')).toContainText('Je hebt nog geen sessies.');

	// Signing out ends it: the start page asks to sign in again.
	await page.getByRole('button', { name: 'Uitloggen' }).click();
	await expect(page.getByRole('link', { name: 'Inloggen' })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('link', { name: 'Inloggen' })).toBeVisible();
});

test('a console opened without a key on a device that is not signed in offers to sign in, and returns to it', async ({
	page,
	openDevice
}) => {
	await signIn(page, TEST_ACCOUNTS.anna);
	await page.getByLabel('Titel van de sessie').fill('Leersessie Zuid');
	await page.getByRole('button', { name: 'Sessie aanmaken' }).click();
	await expect(page).toHaveURL(/\/f\/[A-Za-z0-9_-]+$/);
	const consolePath = new URL(page.url()).pathname;

	const laptop = await openDevice({ width: 1280, height: 800 });
	await laptop.goto(consolePath);
	await expect(laptop.getByRole('alert')).toHaveText(
		'Deze pagina opent alleen met de facilitatorlink die je kreeg bij het aanmaken van de sessie.'
	);
	await expectAccessible(laptop);
	await laptop.getByRole('link', { name: 'Inloggen' }).click();
	await laptop.getByLabel('Username').fill('anna');
	await laptop.getByLabel('Password').fill('anna-wachtwoord');
	await laptop.getByRole('button', { name: 'Sign in' }).click();
	await expect(laptop).toHaveURL(consolePath);
	await expect(laptop.getByRole('heading', { level: 1 })).toHaveText('Leersessie Zuid');
});
