import { sessionByApi } from './api';
import { expect, expectAccessible, test } from './fixtures';

/*
 * Issue 14: a facilitator hands a read-only results link to people who were not in the room,
 * and can take it back.
 */

test('a results link opens the report on another device, in either language, until it is revoked', async ({
	page,
	openDevice
}) => {
	const { session, facilitator, join } = await sessionByApi(page.request, 'Leersessie 2');
	// Three named people vote in a poll, so the report has results (and names to keep out).
	const names = ['Naam-Anna-7Q', 'Naam-Bram-3K', 'Naam-Cato-9X'];
	const phones = [];
	for (const name of names) phones.push(await join({ name, perspective: 'wethouder' }));
	await facilitator({ type: 'step.add', kind: 'poll' }, 'peiling');
	await facilitator({ type: 'poll.open', stepId: 'peiling' });
	for (const [i, token] of phones.entries()) {
		const answer = await page.request.post(`/api/sessions/${session.id}/intents`, {
			headers: { Authorization: `Bearer ${token}` },
			data: { id: `stem-${i}`, type: 'vote.cast', stepId: 'peiling', choice: 'leernetwerk' }
		});
		expect(answer.status()).toBe(200);
	}
	await facilitator({ type: 'poll.close', stepId: 'peiling' });

	// The console: off by default; one click makes the link, shown this once.
	await page.goto(session.links.facilitator);
	const panel = page.getByTestId('results-link');
	await expect(panel).toContainText('Er is geen resultatenlink');
	await panel.getByRole('button', { name: 'Link maken' }).click();
	await expect(panel).toContainText('Bewaar de link nu; hij wordt niet opnieuw getoond.');
	const url = await panel.getByTestId('results-link-url').inputValue();
	expect(url).toMatch(new RegExp(`/r/${session.id}#key=rk_`));
	await expect(panel).toContainText('Er is een resultatenlink, gemaakt op');
	await expectAccessible(page);

	// Someone who was not there opens it on their own device.
	const reader = await openDevice({ width: 1280, height: 900 });
	await reader.goto(url);
	await expect(reader.getByRole('heading', { level: 1, name: 'Concept jaarplan' })).toBeVisible();
	await expect(reader.getByRole('heading', { level: 2, name: 'Positionering' })).toBeVisible();
	await expect(reader.getByTestId('report')).toContainText('3 deelnemers stemden.');
	await expect(reader.getByText('Alleen lezen')).toBeVisible();
	await expect(reader).toHaveTitle('Leersessie 2 · Resultaten');
	for (const name of names) await expect(reader.locator('body')).not.toContainText(name);
	// Nothing to change on it, and the key is gone from the address bar.
	await expect(reader.getByRole('textbox')).toHaveCount(0);
	await expect.poll(() => new URL(reader.url()).hash).toBe('');
	await expect(reader.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
	await expectAccessible(reader);

	// The language switch reloads the page in English, the report with it.
	await reader.getByRole('button', { name: 'English' }).click();
	await expect(reader.getByRole('heading', { level: 1, name: 'Draft year plan' })).toBeVisible();
	await expect(reader.getByTestId('report')).toContainText('3 participants voted.');

	// The facilitator revokes it, after a confirmation.
	await panel.getByRole('button', { name: 'Link intrekken' }).click();
	const dialog = page.getByRole('dialog', { name: /resultatenlink intrekken/ });
	await dialog.getByRole('button', { name: 'Intrekken' }).click();
	await expect(panel).toContainText('De resultatenlink is ingetrokken.');
	await expect(panel.getByTestId('results-link-url')).toHaveCount(0);

	// The reader's next visit says so, in their language, without a trace of the report.
	await reader.reload();
	await expect(reader.getByTestId('results-invalid')).toHaveText(
		/This results link does not work \(any more\)/
	);
	await expect(reader.getByTestId('report')).toHaveCount(0);
	await expectAccessible(reader);
	// The link itself, opened anew, is as dead.
	const other = await openDevice({ width: 1280, height: 900 });
	await other.goto(url);
	await expect(other.getByTestId('results-invalid')).toContainText('werkt niet (meer)');

	// After a reload the console knows the link is off, and offers to make one again.
	await page.reload();
	await expect(panel).toContainText('Er is geen resultatenlink');
	await expect(panel.getByRole('button', { name: 'Link maken' })).toBeVisible();
});
