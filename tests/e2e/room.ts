import type { BrowserContext, Page, WebSocketRoute } from '@playwright/test';
import { formatJoinCode } from '../../src/lib/model/join-code';
import { phonesByApi, type ApiPhone, type CreatedSession } from './api';
import { expect } from './fixtures';

export interface Room {
	facilitator: Page;
	projector: Page;
	phones: Page[];
	code: string;
	session: CreatedSession;
	/**
	 * Joins one more phone through the API (see `phonesByApi`): for results that need more
	 * voters than the test has browsers. It is not connected, so it is not counted as present.
	 */
	joinByApi: (perspective?: string) => Promise<ApiPhone>;
}

interface Openers {
	page: Page;
	openPhone: () => Promise<Page>;
	openDevice: () => Promise<Page>;
}

/** A phone joins by the QR link and picks its perspective (and gives a name, if any). */
export async function joinAs(
	phone: Page,
	code: string,
	perspective: string,
	name?: string
): Promise<void> {
	await openJoinLink(phone, code);
	if (name) await phone.getByLabel('Je naam (mag leeg blijven)').fill(name);
	await phone.getByRole('radio', { name: perspective }).check();
	await phone.getByRole('button', { name: 'Verder' }).click();
	await expect(phone.getByRole('heading', { name: 'Je doet mee' })).toBeVisible();
}

/** A phone opens the join link (scans the QR code) and presses the button to join. */
export async function openJoinLink(phone: Page, code: string): Promise<void> {
	await phone.goto(`/j/${code}`);
	await phone.getByRole('button', { name: 'Doe mee' }).click();
	await expect(phone.getByRole('heading', { name: 'Wie ben je?' })).toBeVisible();
}

/**
 * A session as a room has it: the facilitator's console, the projector, and phones that joined
 * with the given perspectives, each in its own browser context. Its agenda starts empty: each
 * test adds the steps it is about with the agenda's buttons.
 */
export async function openRoom(
	{ page, openPhone, openDevice }: Openers,
	perspectives: string[]
): Promise<Room> {
	const response = await page.request.post('/api/sessions', {
		data: { title: 'Leersessie 1', agenda: 'empty' }
	});
	expect(response.status()).toBe(201);
	const session = (await response.json()) as CreatedSession;
	const { joinCode, links } = session;
	await page.goto(links.facilitator);
	await expect(page.getByTestId('join-code')).toHaveText(formatJoinCode(joinCode));
	const projector = await openDevice();
	await projector.goto(links.screen);
	await expect(projector.getByTestId('join-code')).toHaveText(formatJoinCode(joinCode));
	const phones: Page[] = [];
	for (const perspective of perspectives) {
		const phone = await openPhone();
		await joinAs(phone, joinCode, perspective);
		phones.push(phone);
	}
	await expect(projector.getByTestId('present-count')).toHaveText(
		`${perspectives.length} aanwezig`
	);
	const join = phonesByApi(new URL(links.join).origin, joinCode);
	return {
		facilitator: page,
		projector,
		phones,
		code: joinCode,
		session,
		joinByApi: (perspective) => join(perspective === undefined ? {} : { perspective })
	};
}

/** Adds a step with one of the agenda's buttons, shows it on every screen, and returns its id. */
/** Unfolds the agenda's ways to add a step (folded once the agenda has steps). */
export async function openAdds(facilitator: Page): Promise<void> {
	const toggle = facilitator.getByRole('button', { name: 'Stap toevoegen', exact: true });
	if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) !== 'true') {
		await toggle.click();
	}
}

export async function addAndShow(facilitator: Page, button: string): Promise<string> {
	const before = await facilitator.locator('li[data-step]').count();
	await openAdds(facilitator);
	await facilitator.getByRole('button', { name: button, exact: true }).click();
	const row = facilitator.locator('li[data-step]').nth(before);
	await expect(row).toBeVisible();
	await expect(facilitator.getByTestId('step-panel')).toBeVisible();
	await row.getByRole('button', { name: 'Toon op alle schermen' }).click();
	await expect(row.getByRole('button', { name: 'Nu op alle schermen' })).toBeVisible();
	return (await row.getAttribute('data-step'))!;
}

/**
 * Waits until the editor saved the edit just made: edits save as you type, and the editor says
 * "Wordt opgeslagen…" from the edit until the server applied it.
 */
export async function saved(facilitator: Page): Promise<void> {
	await expect(facilitator.getByText('Opgeslagen', { exact: true })).toBeVisible();
}

/** Changes the poll's way of voting in the editor, and waits until it is saved. */
export async function setMode(facilitator: Page, mode: string): Promise<void> {
	await facilitator.getByLabel('Manier van stemmen').selectOption({ label: mode });
	await saved(facilitator);
}

/** Votes for one option on a phone and waits until the phone says it arrived. */
export async function vote(
	phone: Page,
	option: string,
	confirmation = 'Je stem is ontvangen.'
): Promise<void> {
	await phone.getByRole('radio', { name: new RegExp(`^${option}`) }).check();
	await phone.getByRole('button', { name: /^Stem( wijzigen)?$/ }).click();
	await expect(phone.getByText(confirmation)).toBeVisible();
}

/**
 * Puts a context's sync sockets on a line the test can cut: `cut()` drops the open socket and
 * refuses new ones (as a lost network would), `restore()` lets them through again. Call before
 * the page opens its socket. The browser's offline/online events fire along.
 */
export async function cuttableSync(
	context: BrowserContext
): Promise<{ cut: () => Promise<void>; restore: () => Promise<void> }> {
	let down = false;
	const open = new Set<WebSocketRoute>();
	await context.routeWebSocket(/\/sync\//, (ws) => {
		if (down) {
			void ws.close({ code: 1011, reason: 'network down' });
			return;
		}
		ws.connectToServer();
		open.add(ws);
		ws.onClose(() => open.delete(ws));
	});
	return {
		async cut() {
			down = true;
			await context.setOffline(true);
			for (const ws of open) await ws.close({ code: 1011, reason: 'network down' });
		},
		async restore() {
			down = false;
			await context.setOffline(false);
		}
	};
}
