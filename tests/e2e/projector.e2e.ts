import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures';
import { realisticSession } from './realistic';

/** The screens a projector meets: full HD, a laptop, a beamer, an old beamer. */
const SIZES = [
	{ width: 1920, height: 1080 },
	{ width: 1366, height: 768 },
	{ width: 1280, height: 720 },
	{ width: 1024, height: 768 }
];

/** Screenshots at these sizes are kept with the run's results, to be looked at. */
const PHOTOGRAPHED = new Set(['1920x1080', '1280x720', '1024x768']);

/**
 * What does not fit: the page scrolling, an element outside the viewport, or an element cut off
 * by a box around it that hides its overflow. Elements hidden on purpose (a page not shown, text
 * for screen readers only) have no box and are skipped.
 */
function misfits(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const width = window.innerWidth;
		const height = window.innerHeight;
		const root = document.documentElement;
		if (root.scrollHeight > height || root.scrollWidth > width) {
			problems.push(`the page scrolls: ${root.scrollWidth}×${root.scrollHeight}`);
		}
		const name = (el: Element): string =>
			`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
		for (const el of document.querySelectorAll('[data-screen] *')) {
			if (el.closest('.visually-hidden')) continue;
			const box = el.getBoundingClientRect();
			if (box.width === 0 && box.height === 0) continue;
			if (box.left < -1 || box.top < -1 || box.right > width + 1 || box.bottom > height + 1) {
				problems.push(`${name(el)} is outside the screen`);
				continue;
			}
			for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
				const style = getComputedStyle(up);
				if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
				const frame = up.getBoundingClientRect();
				if (
					box.bottom > frame.bottom + 1 ||
					box.right > frame.right + 1 ||
					box.top < frame.top - 1 ||
					box.left < frame.left - 1
				) {
					problems.push(`${name(el)} is cut off by ${name(up)}`);
					break;
				}
			}
		}
		return problems.slice(0, 10);
	});
}

/** Waits until the fitter has fitted the stage at its present size (after a resize, a new step). */
async function settled(page: Page): Promise<void> {
	await expect
		.poll(() =>
			page
				.getByTestId('stage')
				.evaluate((stage) => stage.dataset.fit === `${stage.clientWidth}x${stage.clientHeight}`)
		)
		.toBe(true);
}

/** The stage's font size, in px: the fitter's choice. */
const stageSize = (page: Page): Promise<number> =>
	page
		.getByTestId('stage')
		.evaluate((stage) => Number.parseFloat(getComputedStyle(stage).fontSize));

test('every step fits the projector at every size, with a real room’s content', async ({
	page,
	openDevice
}) => {
	test.setTimeout(240_000);
	const room = await realisticSession(page.request);
	const projector = await openDevice(SIZES[0]);
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
		for (const size of SIZES) {
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
