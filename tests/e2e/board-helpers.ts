import type { APIRequestContext, Locator, Page } from '@playwright/test';
import type { DilemmaStep, SessionSnapshot } from '../../src/lib/model/types';
import { bearer, sessionByApi } from './api';
import { expect } from './fixtures';

export const BOARD = 'board';

/** A dilemma board made through the API, shown on every screen. */
export interface ApiBoard {
	session: Awaited<ReturnType<typeof sessionByApi>>['session'];
	/** Sends a facilitator intent that must be applied. */
	facilitator: (intent: Record<string, unknown>) => Promise<void>;
	/** The board's clusters in order, the unsorted pile first. */
	clusters: { id: string; title: string }[];
	/** The cards, in the pile's order. */
	cards: string[];
	/** The board as the server has it now. */
	read: () => Promise<DilemmaStep>;
}

/**
 * A board with the template's pile and four paradoxes, `extraClusters` clusters more, and
 * `cards` cards in the pile (a facilitator may post too, so no phones are needed).
 */
export async function boardByApi(
	request: APIRequestContext,
	{ extraClusters, cards }: { extraClusters: number; cards: number }
): Promise<ApiBoard> {
	const { session, facilitator } = await sessionByApi(request, 'Leersessie 2');
	await facilitator({ type: 'step.add', kind: 'dilemmas' }, BOARD);
	for (let i = 1; i <= extraClusters; i++) {
		await facilitator({ type: 'cluster.add', stepId: BOARD, title: `Eigen cluster ${i}` }, `c${i}`);
	}
	const ids: string[] = [];
	for (let i = 1; i <= cards; i++) {
		ids.push(`card${i}`);
		await facilitator(
			{
				type: 'dilemma.post',
				stepId: BOARD,
				text: `Dilemma ${i}: snel zelf beslissen of eerst draagvlak in de regio zoeken?`
			},
			`card${i}`
		);
	}
	await facilitator({ type: 'step.activate', stepId: BOARD });
	const read = async (): Promise<DilemmaStep> => {
		const response = await request.get(`/api/sessions/${session.id}/snapshot`, {
			headers: bearer(session.facilitatorKey)
		});
		const snapshot = (await response.json()) as SessionSnapshot;
		return snapshot.steps.find((s) => s.id === BOARD) as DilemmaStep;
	};
	const clusters = (await read()).clusters.map(({ id, title }) => ({ id, title }));
	return { session, facilitator: (intent) => facilitator(intent), clusters, cards: ids, read };
}

/** Opens the console on the board and returns it. */
export async function openBoard(page: Page, board: ApiBoard): Promise<Locator> {
	await page.goto(board.session.links.facilitator);
	await page.locator(`li[data-step="${BOARD}"] .link`).click();
	const element = page.getByTestId('dilemma-board');
	await expect(element.locator('li[data-card]')).toHaveCount(board.cards.length);
	return element;
}

export const column = (scope: Page | Locator, cluster: string): Locator =>
	scope.locator(`[data-cluster="${cluster}"]`);

export const cardIn = (scope: Page | Locator, cluster: string, card: string): Locator =>
	column(scope, cluster).locator(`li[data-card="${card}"]`);

/** Brings the board's columns wholly into the window, as a facilitator would before sorting. */
export async function showColumns(board: Locator): Promise<Locator> {
	const columns = board.getByTestId('board-columns');
	await columns.evaluate((element) => element.scrollIntoView({ block: 'end' }));
	return columns;
}

/** Presses the mouse on a card's drag handle. */
export async function pickUp(page: Page, board: Locator, card: string): Promise<void> {
	const handle = board.locator(`[data-card-handle="${card}"]`);
	const box = (await handle.boundingBox())!;
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.down();
}

/** Moves the pressed mouse in small steps, as a hand does, to a point of an element's box. */
export async function moveOver(
	page: Page,
	target: Locator,
	at: { x: number; y: number } = { x: 0.5, y: 0.5 }
): Promise<void> {
	const box = (await target.boundingBox())!;
	await page.mouse.move(box.x + box.width * at.x, box.y + box.height * at.y, { steps: 12 });
}
