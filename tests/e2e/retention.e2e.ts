import { formatDate } from '../../src/lib/report/format';
import { sessionByApi } from './api';
import { expect, expectAccessible, test } from './fixtures';
import { joinAs } from './room';

/*
 * Issue 15: the console says when an unused session is erased and until when its code works;
 * the facilitator closes the session to newcomers (and opens it again), and a phone that comes
 * too late is told so.
 */

const DAY = 24 * 60 * 60 * 1000;

/** The date `days` from now as the console writes it; either side of midnight, for a slow run. */
function datesFromNow(days: number, locale: 'nl' | 'en'): RegExp {
	const dates = [Date.now(), Date.now() + 60_000].map((now) =>
		formatDate(now + days * DAY, locale)
	);
	return new RegExp([...new Set(dates)].join('|'));
}

test('the console shows when the session is erased and until when its code works, and closes it to newcomers', async ({
	page,
	openPhone
}) => {
	const { session } = await sessionByApi(page.request, 'Leersessie bewaren');
	const early = await openPhone();
	await joinAs(early, session.joinCode, 'Wethouder', 'Anna');

	await page.goto(session.links.facilitator);
	const erasesAt = page.getByTestId('erases-at');
	await expect(erasesAt).toContainText('Wordt automatisch gewist op ');
	await expect(erasesAt).toContainText(datesFromNow(90, 'nl'));
	const joining = page.getByTestId('joining');
	await expect(joining.getByRole('status')).toContainText('De code werkt tot ');
	await expect(joining.getByRole('status')).toContainText(datesFromNow(7, 'nl'));
	await expectAccessible(page);

	// The facilitator closes the session to newcomers.
	await joining.getByRole('button', { name: 'Sessie sluiten voor nieuwe deelnemers' }).click();
	await expect(joining.getByRole('status')).toHaveText(
		'Gesloten voor nieuwe deelnemers: de code werkt niet. Wie al meedoet, doet gewoon verder mee.'
	);
	await expectAccessible(page);

	// A phone that scans the code now is told why it cannot join, in its language.
	const late = await openPhone();
	await late.goto(`/j/${session.joinCode}`);
	await late.getByRole('button', { name: 'Doe mee' }).click();
	await expect(late.getByRole('alert')).toHaveText(
		'De begeleider heeft deze sessie gesloten voor nieuwe deelnemers. Je kunt pas meedoen als de begeleider de sessie weer opent.'
	);
	await expect(late).toHaveURL(new RegExp(`/j/${session.joinCode}$`));
	await expectAccessible(late);
	await late.getByRole('button', { name: 'English' }).click();
	await late.getByRole('button', { name: 'Join' }).click();
	await expect(late.getByRole('alert')).toHaveText(
		'The facilitator has closed this session to new participants. You can join once the facilitator opens it again.'
	);

	// Who joined before takes part as before: a reload keeps the phone in the session.
	await early.reload();
	await expect(early.getByRole('heading', { name: 'Je doet mee' })).toBeVisible();
	await expect(early.getByText('Naam: Anna')).toBeVisible();

	// A reload of the console still knows; opened again, the late phone gets in.
	await page.reload();
	await joining.getByRole('button', { name: 'Weer openen voor nieuwe deelnemers' }).click();
	await expect(joining.getByRole('status')).toContainText('De code werkt tot ');
	await late.getByRole('button', { name: 'Join' }).click();
	await expect(late.getByRole('heading', { name: 'Who are you?' })).toBeVisible();
	await expect(page.getByTestId('present-count')).toContainText('van 2 aangemeld');

	// In English the console says the same, its dates in English.
	await page.getByRole('button', { name: 'English' }).click();
	await expect(erasesAt).toContainText('Will be erased automatically on ');
	await expect(erasesAt).toContainText(datesFromNow(90, 'en'));
	await expect(joining.getByRole('status')).toContainText(datesFromNow(7, 'en'));
	await expect(
		joining.getByRole('button', { name: 'Close the session to new participants' })
	).toBeVisible();
	await expectAccessible(page);
});
