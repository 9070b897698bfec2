import AxeBuilder from '@axe-core/playwright';
import {
	test as base,
	expect,
	type Browser,
	type BrowserContext,
	type Page
} from '@playwright/test';
import { startBoard, type BoardServer } from './server';

export interface Fixtures {
	board: BoardServer;
	/** Opens a phone: its own browser context, as a separate device would be. */
	openPhone: () => Promise<Page>;
}

async function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
	return browser.newContext({
		baseURL,
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true
	});
}

export const test = base.extend<Fixtures>({
	// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
	board: async ({}, use) => {
		const board = await startBoard();
		await use(board);
		await board.stop();
	},
	baseURL: async ({ board }, use) => use(board.url),
	openPhone: async ({ browser, board }, use) => {
		const contexts: BrowserContext[] = [];
		await use(async () => {
			const context = await phoneContext(browser, board.url);
			contexts.push(context);
			return context.newPage();
		});
		for (const context of contexts) await context.close();
	}
});

export { expect };

/** Fails on any serious or critical WCAG 2.1 A/AA violation axe finds on the page as it is. */
export async function expectAccessible(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	const serious = results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
	expect(serious, `axe violations on ${page.url()}`).toEqual([]);
}
