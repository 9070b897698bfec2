import type { Page } from '@playwright/test';
import { formatJoinCode } from '../../src/lib/model/join-code';
import { sessionByApi } from './api';
import { expect, expectAccessible, test } from './fixtures';
import { joinAs, openJoinLink } from './room';
import { startBoard } from './server';

/** Joins on a phone by typing the code on the start page, then picks a perspective. */
async function joinByCode(
	phone: Page,
	code: string,
	perspective: string,
	name = ''
): Promise<void> {
	await phone.goto('/');
	await phone.getByLabel('Code', { exact: true }).fill(code.toLowerCase());
	await phone.getByRole('button', { name: 'Doe mee' }).click();
	await expect(phone.getByRole('heading', { name: 'Wie ben je?' })).toBeVisible();
	if (name) await phone.getByLabel('Je naam (mag leeg blijven)').fill(name);
	await phone.getByRole('radio', { name: perspective }).check();
	await phone.getByRole('button', { name: 'Verder' }).click();
	await expect(phone.getByRole('heading', { name: 'Je doet mee' })).toBeVisible();
}

function perspectiveCount(page: Page, perspective: string) {
	return page.getByTestId('presence').locator(`tr[data-perspective="${perspective}"] td`);
}

test('a facilitator creates a session, three phones join, the projector counts them, and all survives a crash', async ({
	page,
	board,
	openPhone,
	openDevice
}) => {
	// The facilitator creates a session on the start page.
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Nieuwe sessie starten' })).toBeVisible();
	await expectAccessible(page);
	await page.getByLabel('Titel van de sessie').fill('Leersessie 1: positionering');
	await page.getByRole('button', { name: 'Sessie aanmaken' }).click();
	await expect(page).toHaveURL(/\/f\/[A-Za-z0-9_-]+$/);
	await expect(page.getByRole('heading', { name: 'Leersessie 1: positionering' })).toBeVisible();
	// A BORN session starts with its typical agenda, after the lobby that welcomes everyone.
	await expect(page.locator('li[data-step] .title span')).toHaveText([
		'Positionering',
		'Voorstel positionering',
		'Dilemma’s',
		'Jaarplan'
	]);
	// Eight characters without look-alikes, shown in two halves for reading off a screen.
	const shown = (await page.getByTestId('join-code').textContent())?.trim() ?? '';
	expect(shown).toMatch(
		/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4} [ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}$/
	);
	const code = shown.replace(' ', '');
	await expect(page.getByRole('img', { name: /QR-code om mee te doen/ })).toBeVisible();
	await expectAccessible(page);

	// The projector opens the screen link from the console, in its own context.
	const screenLink = await page
		.getByRole('link', { name: 'Open het scherm voor de beamer' })
		.getAttribute('href');
	expect(screenLink).toContain('#key=');
	const projector = await openDevice();
	await projector.goto(screenLink!);
	await expect(projector.getByTestId('join-code')).toHaveText(shown);
	await expect(projector).not.toHaveURL(/key=/);
	await expect(projector.getByTestId('present-count')).toHaveText('0 aanwezig');
	await expectAccessible(projector);

	// Three phones join with different perspectives; one scans the QR code (opens /j/CODE).
	const phones = [await openPhone(), await openPhone(), await openPhone()];
	await joinByCode(phones[0]!, code, 'Wethouder', 'Anna');
	await joinByCode(phones[1]!, code, 'Jeugdhulpaanbieder');
	await openJoinLink(phones[2]!, code);
	await expectAccessible(phones[2]!);
	await phones[2]!.getByRole('radio', { name: 'Wethouder' }).check();
	await phones[2]!.getByRole('button', { name: 'Verder' }).click();
	await expect(phones[2]!.getByRole('heading', { name: 'Je doet mee' })).toBeVisible();
	await expect(phones[0]!.getByText('Naam: Anna')).toBeVisible();
	await expectAccessible(phones[0]!);

	// The projector's live count reaches 3, with the right numbers per perspective.
	await expect(projector.getByTestId('present-count')).toHaveText('3 aanwezig');
	await expect(perspectiveCount(projector, 'wethouder')).toHaveText('2');
	await expect(perspectiveCount(projector, 'aanbieder')).toHaveText('1');
	await expect(perspectiveCount(projector, 'onderwijs')).toHaveText('0');
	await expect(page.getByTestId('present-count')).toHaveText('3 aanwezig van 3 aangemeld');

	// The server is killed right after the last acknowledged change and started again.
	await board.crashAndRestart();

	// Everyone reconnects by themselves; a reloaded phone is still in, with its perspective.
	await expect(projector.getByTestId('present-count')).toHaveText('3 aanwezig', {
		timeout: 20_000
	});
	await phones[1]!.reload();
	await expect(phones[1]!.getByRole('heading', { name: 'Je doet mee' })).toBeVisible();
	await expect(phones[1]!.getByText('Perspectief: Jeugdhulpaanbieder')).toBeVisible();

	// Its token still works for changes: it switches perspective and the projector follows.
	await phones[1]!.getByRole('button', { name: 'Wijzigen' }).click();
	await phones[1]!.getByRole('radio', { name: 'Onderwijs (SWV-VO)' }).check();
	await phones[1]!.getByRole('button', { name: 'Verder' }).click();
	await expect(phones[1]!.getByText('Perspectief: Onderwijs (SWV-VO)')).toBeVisible();
	await expect(perspectiveCount(projector, 'onderwijs')).toHaveText('1');
	await expect(perspectiveCount(projector, 'aanbieder')).toHaveText('0');

	// Scanning the QR code again on the same phone rejoins instead of adding a participant.
	await phones[0]!.goto(`/j/${code}`);
	await expect(phones[0]!.getByText('Naam: Anna')).toBeVisible();
	await expect(page.getByTestId('present-count')).toHaveText('3 aanwezig van 3 aangemeld');
});

test('a wrong code gets a clear message, and the board speaks English on request', async ({
	openPhone
}) => {
	const phone = await openPhone();
	await phone.goto('/');
	await phone.getByLabel('Code', { exact: true }).fill('ZZZZ ZZZZ');
	await phone.getByRole('button', { name: 'Doe mee' }).click();
	await expect(phone.getByRole('alert')).toHaveText(
		'Deze code kennen we niet. Kijk nog eens op het scherm.'
	);
	await phone.getByLabel('Code', { exact: true }).fill('AB');
	await phone.getByRole('button', { name: 'Doe mee' }).click();
	await expect(phone.getByRole('alert')).toHaveText(
		'Een code heeft 8 tekens: letters en cijfers, zonder 0, O, 1, I of L.'
	);
	// A look-alike is named: codes never use it, so the person looks again at the screen.
	await phone.getByLabel('Code', { exact: true }).fill('KB7M 4QX0');
	await phone.getByRole('button', { name: 'Doe mee' }).click();
	await expect(phone.getByRole('alert')).toHaveText(
		'Er staat een ‘0’ in je code, maar codes gebruiken geen 0, O, 1, I of L, omdat die op andere tekens lijken. Kijk nog eens goed op het scherm.'
	);
	await expectAccessible(phone);

	await phone.getByRole('button', { name: 'English' }).click();
	await expect(phone.getByRole('heading', { name: 'Join a session' })).toBeVisible();
	await expect(phone.locator('html')).toHaveAttribute('lang', 'en');
	await expect(phone.getByRole('button', { name: 'English' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await expectAccessible(phone);
});

test('a console or phone without valid credentials says so instead of showing a blank page', async ({
	page,
	openPhone
}) => {
	await page.goto('/f/nosuchsession');
	await expect(page.getByRole('alert')).toContainText('facilitatorlink');
	await expectAccessible(page);
	await page.goto('/f/othersession#key=fk_' + 'a'.repeat(43));
	await expect(page.getByRole('alert')).toHaveText('Deze sessie bestaat niet meer.');
	await expect(page).not.toHaveURL(/key=/);
	await page.goto('/s/othersession#key=sk_' + 'a'.repeat(32));
	await expect(page.getByRole('alert')).toHaveText('Deze sessie bestaat niet meer.');

	const phone = await openPhone();
	await phone.goto('/p/nosuchsession');
	await expect(
		phone.getByRole('heading', { name: 'Je bent nog niet aangemeld voor deze sessie.' })
	).toBeVisible();
	await expectAccessible(phone);
});

test('a facilitator erases a session from the console, after confirming, and sees the start page alone', async ({
	page,
	openPhone,
	openDevice
}) => {
	const created = await page.request.post('/api/sessions', { data: { title: 'Te wissen' } });
	const { id, joinCode, facilitatorKey, links } = (await created.json()) as {
		id: string;
		joinCode: string;
		facilitatorKey: string;
		links: { facilitator: string; screen: string };
	};
	const phone = await openPhone();
	await joinAs(phone, joinCode, 'Wethouder');

	// Pages opened from a link with a key take the key without a script error.
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	const projector = await openDevice();
	projector.on('pageerror', (error) => errors.push(`projector: ${error.message}`));
	await projector.goto(links.screen);
	await expect(projector).not.toHaveURL(/key=/);
	await page.goto(links.facilitator);
	await expect(page).not.toHaveURL(/key=/);
	await page.getByRole('button', { name: 'Sessie verwijderen' }).click();
	const dialog = page.getByRole('dialog', {
		name: 'Weet je het zeker? Dit kan niet ongedaan worden gemaakt.'
	});
	await expect(dialog).toBeVisible();
	await expectAccessible(page);
	await dialog.getByRole('button', { name: 'Annuleren' }).click();
	await expect(dialog).toBeHidden();
	await page.getByRole('button', { name: 'Sessie verwijderen' }).click();
	await dialog.getByRole('button', { name: 'Ja, verwijder alles' }).click();

	await expect(page.getByRole('heading', { name: 'Nieuwe sessie starten' })).toBeVisible();
	// The start page replaced the console: nothing of the console is left below it.
	await expect(page.locator('main')).toHaveCount(1);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(['Koersbord']);
	await expect(page.getByText('Facilitatorconsole')).toHaveCount(0);
	const gone = await page.request.get(`/api/sessions/${id}/snapshot`, {
		headers: { Authorization: `Bearer ${facilitatorKey}` }
	});
	expect(gone.status()).toBe(404);
	await expect(phone.getByRole('status')).toHaveText('Deze sessie bestaat niet meer.');
	await expect(projector.getByRole('alert')).toHaveText('Deze sessie bestaat niet meer.');
	expect(errors).toEqual([]);
});

test('opening the join link makes nobody a participant until they press the join button', async ({
	page,
	openPhone
}) => {
	const { session, join } = await sessionByApi(page.request, 'Wie doet mee?');
	await page.goto(session.links.facilitator);
	await expect(page.getByTestId('present-count')).toHaveText('0 aanwezig van 0 aangemeld');

	// Someone scans the QR code and looks, without joining: the code is filled in, nothing more.
	const curious = await openPhone();
	await curious.goto(`/j/${session.joinCode}`);
	await expect(curious.getByLabel('Code', { exact: true })).toHaveValue(
		formatJoinCode(session.joinCode)
	);
	await expect(curious.getByRole('button', { name: 'Doe mee' })).toBeEnabled();
	await join({ perspective: 'wethouder' });
	await expect(page.getByTestId('present-count')).toHaveText('0 aanwezig van 1 aangemeld');
	await expectAccessible(curious);

	// Pressing the button joins.
	await curious.getByRole('button', { name: 'Doe mee' }).click();
	await expect(curious.getByRole('heading', { name: 'Wie ben je?' })).toBeVisible();
	await expect(page.getByTestId('present-count')).toHaveText('1 aanwezig van 2 aangemeld');
	// The same phone opening the link again goes straight back in, as the same participant.
	await curious.goto(`/j/${session.joinCode}`);
	await expect(curious.getByRole('heading', { name: 'Wie ben je?' })).toBeVisible();
	await expect(page.getByTestId('present-count')).toHaveText('1 aanwezig van 2 aangemeld');
});

test('a console opened on a loopback address warns that phones cannot reach it, and offers the network address', async ({
	page,
	browser
}) => {
	// This board listens on 127.0.0.1 only: there is no address phones could use.
	const { session } = await sessionByApi(page.request, 'Op de laptop');
	await page.goto(session.links.facilitator);
	const warning = page.getByTestId('join-address-warning');
	await expect(warning).toContainText('Telefoons kunnen dit adres niet bereiken');
	await expect(warning).toContainText('geen netwerkadres');
	await expect(warning.getByRole('link')).toHaveCount(0);
	await expectAccessible(page);

	// A board told its public address (ORIGIN) offers the console there, key and all.
	const lan = await startBoard({ ORIGIN: 'http://192.0.2.10:3000' });
	const context = await browser.newContext({ baseURL: lan.url });
	try {
		const laptop = await context.newPage();
		const created = await laptop.request.post('/api/sessions', { data: { title: 'In de zaal' } });
		const { id, facilitatorKey } = (await created.json()) as {
			id: string;
			facilitatorKey: string;
		};
		await laptop.goto(`/f/${id}#key=${facilitatorKey}`);
		const offered = laptop.getByTestId('join-address-warning');
		await expect(offered).toContainText('Telefoons kunnen dit adres niet bereiken');
		await expect(offered.getByRole('link', { name: /192\.0\.2\.10:3000/ })).toHaveAttribute(
			'href',
			`http://192.0.2.10:3000/f/${id}#key=${facilitatorKey}`
		);
	} finally {
		await context.close();
		await lan.stop();
	}
});
