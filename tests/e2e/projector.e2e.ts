import { expect, expectAccessible, test } from './fixtures';
import { realisticSession } from './realistic';
import { misfits, PROJECTOR_SIZES, settled, stageSize } from './fit-helpers';

/** Screenshots at these sizes are kept with the run's results, to be looked at. */
const PHOTOGRAPHED = new Set(['1920x1080', '1280x720', '1024x768']);

test('every step fits the projector at every size, with a real room’s content', async ({
	page,
	openDevice
}) => {
	test.setTimeout(240_000);
	const room = await realisticSession(page.request);
	const projector = await openDevice(PROJECTOR_SIZES[0]);
	await projector.goto(room.session.links.screen);
	await expect(projector.getByTestId('join-code')).toBeVisible();

	const views: [string, string, RegExp][] = [
		['lobby', '', /Doe mee op je telefoon/],
		['poll', room.steps.poll, /Welke positionering past het best bij BORN\?/],
		['now-desired', room.steps.nowDesired, /Wat is BORN nu\?/],
		['consent', room.steps.consent, /BORN positioneert zich als/],
		['board', room.steps.board, /Welk dilemma zie jij/],
		['ranking', room.steps.ranking, /Welk dilemma zie jij/],
		['plan', room.steps.plan, /Jaarplan/]
	];
	for (const [view, stepId, heading] of views) {
		await room.show(stepId);
		await expect(projector.getByRole('heading', { level: 2, name: heading })).toBeVisible();
		for (const size of PROJECTOR_SIZES) {
			await projector.setViewportSize(size);
			await settled(projector);
			await expect
				.poll(() => misfits(projector), { message: `${view} at ${size.width}×${size.height}` })
				.toEqual([]);
			// Readable from the back of the room: the stage's text never below 14 px.
			expect(await stageSize(projector)).toBeGreaterThanOrEqual(14);
			const label = `${size.width}x${size.height}`;
			if (PHOTOGRAPHED.has(label)) {
				await projector.screenshot({
					path: test.info().outputPath(`projector-${view}-${label}.png`)
				});
			}
		}
		if (view !== 'lobby') {
			// The way in stays in a corner on every step after the lobby.
			await expect(projector.getByTestId('corner-code')).toContainText(
				room.session.joinCode.slice(0, 2)
			);
		}
	}
	await expectAccessible(projector);
});

test('a board too full for the screen pages on its own and says so', async ({
	page,
	openDevice
}) => {
	test.setTimeout(120_000);
	const room = await realisticSession(page.request);
	const projector = await openDevice({ width: 1024, height: 768 });
	await projector.goto(room.session.links.screen);
	await room.show(room.steps.board);
	const column = projector.locator('[data-cluster="besturingsparadox"]');
	await expect(column.getByTestId('page-line')).toHaveText(/Pagina 1 van \d · wisselt vanzelf/);
	const first = await column.locator('li:visible').first().textContent();
	// The next page comes by itself.
	await expect(column.getByTestId('page-line')).toHaveText(/Pagina 2 van \d/, { timeout: 15_000 });
	await expect(column.locator('li:visible').first()).not.toHaveText(first ?? '');
	await expect.poll(() => misfits(projector)).toEqual([]);
});
