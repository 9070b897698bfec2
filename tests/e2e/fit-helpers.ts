import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** The screens a projector meets: full HD, a laptop, a beamer, an old beamer. */
export const PROJECTOR_SIZES = [
	{ width: 1920, height: 1080 },
	{ width: 1366, height: 768 },
	{ width: 1280, height: 720 },
	{ width: 1024, height: 768 }
];

/**
 * What does not fit: the page scrolling, an element outside the viewport, or an element cut off
 * by a box around it that hides its overflow. Elements hidden on purpose (a page not shown, text
 * for screen readers only) have no box and are skipped.
 */
export function misfits(page: Page): Promise<string[]> {
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
export async function settled(page: Page): Promise<void> {
	await expect
		.poll(() =>
			page
				.getByTestId('stage')
				.evaluate((stage) => stage.dataset.fit === `${stage.clientWidth}x${stage.clientHeight}`)
		)
		.toBe(true);
}

/** The stage's font size, in px: the fitter's choice. */
export const stageSize = (page: Page): Promise<number> =>
	page
		.getByTestId('stage')
		.evaluate((stage) => Number.parseFloat(getComputedStyle(stage).fontSize));
