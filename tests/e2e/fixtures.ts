import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { startBoard, type BoardServer } from './server';

export interface Fixtures {
	board: BoardServer;
	/** Opens a phone: its own browser context, as a separate device would be. */
	openPhone: () => Promise<Page>;
	/** Opens another device (projector, second laptop) in its own context. */
	openDevice: (options?: { width: number; height: number }) => Promise<Page>;
	/** Origins besides the board's that pages may reach: an identity provider's, in a sign-in. */
	otherOrigins: string[];
}

/**
 * Watches a context for what must never happen on any page: a request to another origin (the
 * board loads nothing from elsewhere) or a Content-Security-Policy violation.
 */
export function guard(
	context: BrowserContext,
	origin: string,
	problems: string[],
	otherOrigins: readonly string[] = []
): void {
	context.on('request', (request) => {
		const url = new URL(request.url());
		if (url.protocol === 'data:' || url.protocol === 'blob:') return;
		if (otherOrigins.includes(url.origin)) return;
		if (url.origin !== origin && url.origin !== origin.replace(/^http/, 'ws')) {
			problems.push(`request to another origin: ${url.origin}`);
		}
	});
	context.on('console', (message) => {
		if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
			problems.push(`CSP violation: ${message.text()}`);
		}
	});
}

export const test = base.extend<Fixtures & { problems: string[] }>({
	// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
	board: async ({}, use) => {
		const board = await startBoard();
		await use(board);
		await board.stop();
	},
	baseURL: async ({ board }, use) => use(board.url),
	otherOrigins: [[], { option: true }],
	// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
	problems: async ({}, use) => {
		const problems: string[] = [];
		await use(problems);
		expect(problems, 'third-party requests or CSP violations').toEqual([]);
	},
	context: async ({ context, board, problems, otherOrigins }, use) => {
		guard(context, board.url, problems, otherOrigins);
		await use(context);
	},
	openDevice: async ({ browser, board, problems, otherOrigins }, use) => {
		const contexts: BrowserContext[] = [];
		await use(async (size = { width: 1920, height: 1080 }) => {
			const context = await browser.newContext({ baseURL: board.url, viewport: size });
			guard(context, board.url, problems, otherOrigins);
			contexts.push(context);
			return context.newPage();
		});
		for (const context of contexts) await context.close();
	},
	openPhone: async ({ browser, board, problems }, use) => {
		const contexts: BrowserContext[] = [];
		await use(async () => {
			const context = await browser.newContext({
				baseURL: board.url,
				viewport: { width: 390, height: 844 },
				isMobile: true,
				hasTouch: true
			});
			guard(context, board.url, problems);
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
