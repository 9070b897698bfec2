import { expect, expectAccessible, test } from './fixtures';

test('a participant opens the privacy notice from the join page, in Dutch and in English', async ({
	openPhone
}) => {
	const phone = await openPhone();
	await phone.goto('/j');
	await phone.getByRole('link', { name: 'Privacy: wat we bewaren en wie wat ziet' }).click();

	await expect(phone).toHaveURL(/\/privacy$/);
	await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Privacyverklaring');
	for (const section of [
		'Wat we bewaren',
		'Wie ziet wat',
		'Hoe lang we het bewaren',
		'Je gegevens zelf wissen',
		'Vragen'
	]) {
		await expect(phone.getByRole('heading', { level: 2, name: section })).toBeVisible();
	}
	await expect(phone.getByRole('link', { name: 'Terug naar meedoen' })).toHaveAttribute(
		'href',
		'/j'
	);
	await expectAccessible(phone);

	await phone.getByRole('button', { name: 'English' }).click();
	await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Privacy notice');
	await expect(phone.locator('html')).toHaveAttribute('lang', 'en');
	await expectAccessible(phone);

	await phone.getByRole('link', { name: 'Back to joining' }).click();
	await expect(phone.getByRole('heading', { level: 1, name: 'Join a session' })).toBeVisible();
});
