import { copyFileSync, mkdirSync } from 'node:fs';
import { expect, test } from './fixtures';
import { joinAs } from './room';
import { realisticSession } from './realistic';

/**
 * The README's tour: the console, the projector and a phone in one room, photographed. The
 * pictures go with the run's results; with DOCS_SCREENSHOTS=1 they also replace the ones
 * committed under docs/screenshots/.
 */
test('a room in three pictures: console, projector and phone', async ({
	page,
	openDevice,
	openPhone
}) => {
	test.setTimeout(180_000);
	const room = await realisticSession(page.request);
	// A phone joins in the lobby, then the room moves to the poll it voted in.
	const phone = await openPhone();
	await joinAs(phone, room.session.joinCode, 'Ervaringsdeskundige');
	await room.show(room.steps.poll);

	await page.setViewportSize({ width: 1366, height: 768 });
	await page.goto(room.session.links.facilitator);
	await page.locator('li[data-step="poll"] .link').click();
	await expect(page.getByTestId('editing-on-screen')).toBeVisible();

	const projector = await openDevice({ width: 1280, height: 720 });
	await projector.goto(room.session.links.screen);
	await expect(projector.getByTestId('by-perspective').first()).toBeVisible();

	await expect(phone.locator('.step-title').first()).toHaveText('Positionering');

	const shots = [
		['console.png', page],
		['projector.png', projector],
		['phone.png', phone]
	] as const;
	const keep = process.env.DOCS_SCREENSHOTS === '1';
	if (keep) mkdirSync('docs/screenshots', { recursive: true });
	for (const [name, device] of shots) {
		const path = test.info().outputPath(name);
		await device.screenshot({ path });
		if (keep) copyFileSync(path, `docs/screenshots/${name}`);
	}
});
