import type { APIRequestContext, Page } from '@playwright/test';
import { sessionByApi } from './api';
import { expect, expectAccessible, test } from './fixtures';
import {
	BOARD,
	boardByApi,
	cardIn,
	column,
	moveOver,
	openBoard,
	pickUp,
	showColumns
} from './board-helpers';
import { addAndShow, joinAs, openRoom } from './room';

async function post(phone: Page, text: string, poles?: [string, string]): Promise<void> {
	await phone.getByLabel('Jouw dilemma').fill(text);
	if (poles) {
		await phone.getByLabel('Enerzijds… (optioneel)').fill(poles[0]);
		await phone.getByLabel('Anderzijds… (optioneel)').fill(poles[1]);
	}
	await phone.getByRole('button', { name: 'Dilemma insturen' }).click();
	await expect(
		phone.getByRole('status').filter({ hasText: 'Je dilemma staat op het bord.' })
	).toBeVisible();
	await expect(phone.getByLabel('Jouw dilemma')).toHaveValue('');
}

const SCRIPTY = '<script>window.__owned = true</script><b>Vet?</b> Snel beslissen of samen?';

test('phones post dilemmas, the facilitator sorts them by mouse and keyboard, dots rank them', async ({
	page,
	openPhone,
	openDevice
}) => {
	const room = await openRoom({ page, openPhone, openDevice }, ['Wethouder', 'Jeugdhulpaanbieder']);
	const { facilitator, projector, phones } = room;
	const [alderman, provider] = phones as [Page, Page];
	const boardId = await addAndShow(facilitator, 'Dilemma’s verzamelen toevoegen');

	// Two phones post four dilemmas, one with markup that must stay text.
	await expect(alderman.getByLabel('Jouw dilemma')).toBeVisible();
	await alderman.getByLabel('Jouw dilemma').fill('x'.repeat(10));
	await expect(alderman.getByText('10 van 280 tekens')).toBeVisible();
	await post(alderman, 'Meer sturen op resultaat of meer ruimte voor de regio’s?', [
		'Sturen',
		'Ruimte'
	]);
	await post(alderman, 'Voorop lopen of de basis op orde?');
	await post(provider, SCRIPTY);
	await post(provider, 'Per gemeente regelen of bovenregionaal?');
	await expectAccessible(alderman);

	const column = (p: Page, cluster: string) => p.locator(`[data-cluster="${cluster}"]`);
	// By the card's own text: other cards' "stack onto" lists mention it too.
	const card = (p: Page, text: string) =>
		p
			.locator('li[data-card]')
			.filter({ has: p.locator('p.text', { hasText: text }) })
			.first();
	await expect(column(facilitator, 'unsorted').locator('li[data-card]')).toHaveCount(4);
	await expect(card(projector, 'Snel beslissen of samen?')).toContainText(
		'<script>window.__owned = true</script><b>Vet?</b>'
	);
	await expect(card(facilitator, 'Snel beslissen of samen?')).toContainText('<b>Vet?</b>');
	for (const p of [projector, facilitator, alderman, provider]) {
		expect(await p.evaluate(() => (window as { __owned?: boolean }).__owned)).toBeUndefined();
		await expect(p.locator('li[data-card] b')).toHaveCount(0);
	}
	await expectAccessible(facilitator);
	await expectAccessible(projector);

	// Two cards dragged with the mouse into the Besturingsparadox.
	const target = column(facilitator, 'besturingsparadox').getByRole('heading', {
		name: 'Besturingsparadox'
	});
	await card(facilitator, 'Meer sturen op resultaat').locator('[data-card-handle]').dragTo(target);
	await expect(column(facilitator, 'besturingsparadox').locator('li[data-card]')).toHaveCount(1);
	await card(facilitator, 'Snel beslissen of samen?').locator('[data-card-handle]').dragTo(target);
	await expect(column(facilitator, 'besturingsparadox').locator('li[data-card]')).toHaveCount(2);

	// One card moved with the keyboard only: focus its handle, arrow right, and it is announced.
	const handle = card(facilitator, 'Voorop lopen').locator('[data-card-handle]');
	await handle.focus();
	await facilitator.keyboard.press('ArrowRight');
	await expect(column(facilitator, 'besturingsparadox').locator('li[data-card]')).toHaveCount(3);
	await expect(facilitator.getByTestId('announcer')).toHaveText(
		'Kaart verplaatst naar Besturingsparadox, plek 3 van 3.'
	);
	await expect(card(facilitator, 'Voorop lopen').locator('[data-card-handle]')).toBeFocused();
	await facilitator.keyboard.press('ArrowUp');
	await expect(
		column(facilitator, 'besturingsparadox').locator(':scope > ol > li[data-card]').nth(1)
	).toContainText('Voorop lopen');
	await expect(column(projector, 'besturingsparadox').locator('li[data-card]')).toHaveCount(3);
	await expect(column(projector, 'unsorted').locator('li[data-card]')).toHaveCount(1);

	// A duplicate dropped on the lower part of a card stacks onto it; it comes off again.
	const stackTarget = card(facilitator, 'Voorop lopen');
	const box = (await stackTarget.boundingBox())!;
	await card(facilitator, 'Per gemeente')
		.locator('[data-card-handle]')
		.dragTo(stackTarget, { targetPosition: { x: box.width / 2, y: box.height * 0.8 } });
	await expect(stackTarget).toContainText('1 dubbel');
	await expect(facilitator.getByTestId('announcer')).toHaveText('Kaart op stapel gelegd.');
	await expect(card(projector, 'Voorop lopen')).toContainText('1 dubbel');
	await stackTarget.getByRole('button', { name: 'Van stapel halen' }).click();
	await expect(stackTarget.getByText('1 dubbel')).toHaveCount(0);
	await expect(
		column(facilitator, 'besturingsparadox').locator(':scope > ol > li[data-card]')
	).toHaveCount(4);

	// Dot voting: 3 dots each, at most 2 on one card.
	await facilitator.getByLabel('Stippen per deelnemer').fill('3');
	await facilitator.getByLabel('Maximaal per kaart').fill('2');
	await facilitator.getByRole('button', { name: 'Stippen plakken openen' }).click();
	await expect(alderman.getByTestId('dots-left')).toHaveText('Nog 3 van 3 stippen');
	const addDot = (phone: Page, text: string) =>
		phone.getByRole('button', { name: new RegExp(`^Stip op: .*${text}`) }).click();
	await addDot(alderman, 'Per gemeente');
	await expect(alderman.getByTestId('dots-left')).toHaveText('Nog 2 van 3 stippen');
	await addDot(alderman, 'Per gemeente');
	await expect(alderman.getByTestId('dots-left')).toHaveText('Nog 1 van 3 stippen');
	const plus = (phone: Page, text: string) =>
		phone.getByRole('button', { name: new RegExp(`^Stip op: .*${text}`) });
	await expect(plus(alderman, 'Per gemeente')).toBeDisabled();
	await expect(plus(alderman, 'Per gemeente')).toHaveAccessibleDescription(
		'Op één kaart mogen maximaal 2 stippen.'
	);
	await addDot(alderman, 'Meer sturen');
	await expect(alderman.getByTestId('dots-left')).toHaveText('Nog 0 van 3 stippen');
	await expect(
		alderman.getByRole('status').filter({ hasText: 'Je hebt al je stippen' })
	).toHaveText('Je hebt al je stippen geplakt.');
	await expect(plus(alderman, 'Voorop lopen')).toBeDisabled();
	await expectAccessible(alderman);
	await addDot(provider, 'Meer sturen');
	await expect(provider.getByTestId('dots-left')).toHaveText('Nog 2 van 3 stippen');
	await addDot(provider, 'Meer sturen');
	await expect(provider.getByTestId('dots-left')).toHaveText('Nog 1 van 3 stippen');
	await addDot(provider, '<b>Vet');
	await expect(provider.getByTestId('dots-left')).toHaveText('Nog 0 van 3 stippen');

	// Two people's dots are no ranking yet: dots show from three people on.
	await facilitator.getByRole('button', { name: 'Stippen plakken sluiten' }).click();
	const tooFew = 'De stippen verschijnen zodra minstens 3 mensen stippen hebben gezet.';
	await expect(projector.getByText(tooFew)).toBeVisible();
	await expect(facilitator.getByTestId('dots-too-few')).toHaveText(tooFew);
	await expect(projector.getByTestId('ranking')).toHaveCount(0);
	await expect(provider.getByTestId('ranking')).toHaveCount(0);

	// Reopened, a third person (through the API) puts a dot on the top card.
	await facilitator.getByRole('button', { name: 'Stippen plakken openen' }).click();
	await expect(facilitator.getByRole('button', { name: 'Stippen plakken sluiten' })).toBeVisible();
	const third = await room.joinByApi('onderwijs');
	const cardId = await card(facilitator, 'Meer sturen op resultaat').getAttribute('data-card');
	await third.send({ type: 'dots.place', stepId: boardId, cardId });

	// Closing shows the ranking on the projector: most dots first, markup still text.
	await facilitator.getByRole('button', { name: 'Stippen plakken sluiten' }).click();
	const overall = projector.getByTestId('ranking-overall').locator('li');
	await expect(overall).toHaveCount(4);
	await expect(overall.nth(0)).toContainText('4 stippen');
	await expect(overall.nth(0)).toContainText('Meer sturen op resultaat');
	await expect(overall.nth(1)).toContainText('2 stippen');
	await expect(overall.nth(1)).toContainText('Per gemeente regelen');
	await expect(overall.nth(2)).toContainText('<b>Vet?</b>');
	await expectAccessible(projector);
	await expect(provider.getByTestId('ranking-overall').locator('li').nth(0)).toContainText(
		'Meer sturen'
	);
	await expect(provider.getByTestId('ranking-overall').locator('li').nth(2)).toContainText(
		'<b>Vet?</b>'
	);
	await expect(provider.locator('[data-testid=ranking-overall] b')).toHaveCount(0);
});

test('the projector stays one screen with 150 cards: a long column pages on its own', async ({
	page,
	openDevice
}) => {
	const created = await page.request.post('/api/sessions', { data: { title: 'Grote zaal' } });
	const { id, joinCode, facilitatorKey, links } = (await created.json()) as {
		id: string;
		joinCode: string;
		facilitatorKey: string;
		links: { screen: string };
	};
	let counter = 0;
	const intent = (credential: string, body: Record<string, unknown>, intentId = `i${++counter}`) =>
		page.request.post(`/api/sessions/${id}/intents`, {
			headers: { Authorization: `Bearer ${credential}` },
			data: { id: intentId, ...body }
		});
	expect(
		(await intent(facilitatorKey, { type: 'step.add', kind: 'dilemmas' }, 'board')).status()
	).toBe(200);
	await intent(facilitatorKey, { type: 'step.activate', stepId: 'board' });
	// A full room: five phones post 30 dilemmas each, as many as one participant may.
	const tokens: string[] = [];
	for (let i = 0; i < 5; i++) {
		const joined = await page.request.post('/api/join', { data: { code: joinCode } });
		tokens.push(((await joined.json()) as { token: string }).token);
	}
	for (let i = 0; i < 150; i++) {
		const posted = await intent(tokens[i % tokens.length]!, {
			type: 'dilemma.post',
			stepId: 'board',
			text: `Dilemma ${i + 1}: enerzijds snelheid, anderzijds draagvlak bij alle regio’s`
		});
		expect(posted.status()).toBe(200);
	}
	const projector = await openDevice();
	await projector.goto(links.screen);
	const unsorted = projector.locator('[data-cluster="unsorted"]');
	await expect(unsorted.locator('li')).toHaveCount(150);
	// The page itself fits the screen; the long column shows a page of its cards at a time.
	await expect(unsorted.getByTestId('page-line')).toHaveText(/^Pagina 1 van \d+/);
	expect(await projector.evaluate(() => document.documentElement.scrollHeight <= innerHeight)).toBe(
		true
	);
	const shown = await unsorted.locator('li:visible').count();
	expect(shown).toBeGreaterThan(0);
	expect(shown).toBeLessThan(150);
	await expect(projector.locator('[data-cluster="besturingsparadox"]')).toBeInViewport();
	await expectAccessible(projector);
});

test('a participant sorts a card by touch on the phone once the facilitator allows it', async ({
	page,
	openPhone,
	openDevice
}) => {
	const { facilitator, phones } = await openRoom({ page, openPhone, openDevice }, ['Anders']);
	const phone = phones[0]!;
	await addAndShow(facilitator, 'Dilemma’s verzamelen toevoegen');
	await post(phone, 'Eigen regio eerst of samen sterker?');
	await expect(phone.locator('[data-cluster=unsorted]')).toHaveCount(0);
	await facilitator.getByRole('button', { name: 'Deelnemers mogen indelen: uit' }).click();

	const handle = phone.locator('[data-cluster=unsorted] li[data-card] button.handle');
	await expect(handle).toBeVisible();
	await phone.locator('[data-cluster=unsorted]').evaluate((el) => el.scrollIntoView());
	const from = (await handle.boundingBox())!;
	const to = (await phone.getByRole('heading', { name: 'Besturingsparadox' }).boundingBox())!;
	// A finger on the handle, dragged onto the cluster's heading, and lifted.
	const touch = await phone.context().newCDPSession(phone);
	const at = (x: number, y: number) => [{ x: Math.round(x), y: Math.round(y) }];
	await touch.send('Input.dispatchTouchEvent', {
		type: 'touchStart',
		touchPoints: at(from.x + from.width / 2, from.y + from.height / 2)
	});
	for (let i = 1; i <= 5; i++) {
		const x = from.x + from.width / 2 + ((to.x + 20 - from.x - from.width / 2) * i) / 5;
		const y =
			from.y + from.height / 2 + ((to.y + to.height / 2 - from.y - from.height / 2) * i) / 5;
		await touch.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(x, y) });
	}
	await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });

	await expect(phone.locator('[data-cluster=besturingsparadox] li[data-card]')).toHaveCount(1);
	await expect(
		facilitator
			.locator('[data-cluster=besturingsparadox] li[data-card]')
			.filter({ hasText: 'Eigen regio eerst' })
	).toHaveCount(1);
	await expectAccessible(phone);
});

/**
 * A phone that joined a session whose board (`board`) holds `cards` dilemmas, posted through
 * the API, and is now shown on every screen.
 */
async function phoneAtBoard(request: APIRequestContext, phone: Page, cards: number) {
	const made = await sessionByApi(request, 'Stippen');
	await made.facilitator({ type: 'step.add', kind: 'dilemmas' }, 'board');
	await joinAs(phone, made.session.joinCode, 'Wethouder');
	await made.facilitator({ type: 'step.activate', stepId: 'board' });
	const author = await made.join({ perspective: 'aanbieder' });
	for (let i = 1; i <= cards; i++) {
		await made.send(author, {
			type: 'dilemma.post',
			stepId: 'board',
			text: `Dilemma ${i}: snel beslissen of iedereen meenemen?`
		});
	}
	return made;
}

test('on a phone, the + buttons turn off once the dots are spent or a card is full, and it says so where the person looks', async ({
	page,
	openPhone
}) => {
	const phone = await openPhone();
	const { facilitator } = await phoneAtBoard(page.request, phone, 8);
	await facilitator({ type: 'dots.open', stepId: 'board', perParticipant: 3, perCard: 2 });
	const plus = (n: number) =>
		phone.getByRole('button', { name: new RegExp(`^Stip op: Dilemma ${n}:`) });
	await expect(plus(8)).toBeVisible();

	// The last cards are far down the list: the person scrolls there and spends the dots.
	await plus(8).scrollIntoViewIfNeeded();
	await plus(8).click();
	await plus(8).click();
	await expect(plus(8)).toBeDisabled();
	await expect(plus(7)).toBeEnabled();
	await plus(7).click();
	const left = phone.getByTestId('dots-left');
	await expect(left).toHaveText('Nog 0 van 3 stippen');
	for (let n = 1; n <= 8; n++) await expect(plus(n)).toBeDisabled();
	const spent = phone.getByText('Je hebt al je stippen geplakt.');
	await expect(spent).toBeInViewport();
	await expect(left).toBeInViewport();
	// Taking a dot off frees the + buttons again.
	await phone.getByRole('button', { name: /^Stip eraf: Dilemma 7:/ }).click();
	await expect(left).toHaveText('Nog 1 van 3 stippen');
	await expect(plus(1)).toBeEnabled();
	await expect(plus(8)).toBeDisabled();
	await expect(spent).toHaveCount(0);
	await expectAccessible(phone);
});

test('the phone stops saying its dilemma is on the board once dot voting starts', async ({
	page,
	openPhone
}) => {
	const phone = await openPhone();
	const { facilitator } = await phoneAtBoard(page.request, phone, 0);
	await post(phone, 'Eigen regio eerst of samen sterker?');

	await facilitator({ type: 'step.update', stepId: 'board', postingLocked: true });
	await expect(phone.getByText('Insturen is gesloten. Kijk naar het scherm.')).toBeVisible();
	await facilitator({ type: 'dots.open', stepId: 'board', perParticipant: 3, perCard: 2 });
	await expect(phone.getByTestId('dots-left')).toHaveText('Nog 3 van 3 stippen');
	await expect(phone.getByText('Je dilemma staat op het bord.', { exact: false })).toHaveCount(0);
});

test.describe('sorting a large board', () => {
	test('at 1366×768 six columns fit side by side, and a card dragged by mouse reaches the last one', async ({
		page,
		openDevice
	}) => {
		await page.setViewportSize({ width: 1366, height: 768 });
		const api = await boardByApi(page.request, { extraClusters: 1, cards: 60 });
		expect(api.clusters).toHaveLength(6);
		const projector = await openDevice();
		await projector.goto(api.session.links.screen);
		const board = await openBoard(page, api);
		const columns = await showColumns(board);

		// Nothing scrolls sideways: not the page, not the columns, and every column is in view.
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(
			true
		);
		expect(await columns.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
		for (const { id } of api.clusters)
			await expect(column(board, id)).toBeInViewport({ ratio: 0.99 });
		// The board is as high as the window: the long pile scrolls within its column.
		const pile = column(board, 'unsorted').locator('ol');
		expect(await pile.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
		expect(await page.evaluate(() => innerHeight)).toBeGreaterThanOrEqual(
			(await columns.boundingBox())!.height
		);

		const last = api.clusters.at(-1)!;
		await pickUp(page, board, 'card1');
		await moveOver(page, column(board, last.id));
		await expect(column(board, last.id)).toHaveClass(/\bdrop\b/);
		await page.mouse.up();
		await expect(cardIn(board, last.id, 'card1')).toHaveCount(1);
		await expect(cardIn(projector, last.id, 'card1')).toHaveCount(1);
		expect((await api.read()).cards.find((c) => c.id === 'card1')?.cluster).toBe(last.id);
		await expectAccessible(page);

		// Undo puts it back on top of the pile, on every screen.
		await board
			.getByRole('button', { name: `Ongedaan maken: kaart verplaatst naar ${last.title}` })
			.click();
		await expect(cardIn(projector, 'unsorted', 'card1')).toHaveCount(1);
		await expect(pile.locator(':scope > li[data-card]').first()).toHaveAttribute(
			'data-card',
			'card1'
		);
	});

	test('on a narrower screen, dragging to an edge scrolls the columns and a column’s list', async ({
		page
	}) => {
		await page.setViewportSize({ width: 1024, height: 768 });
		const api = await boardByApi(page.request, { extraClusters: 3, cards: 60 });
		expect(api.clusters).toHaveLength(8);
		const board = await openBoard(page, api);
		const columns = await showColumns(board);
		const last = api.clusters.at(-1)!;
		await expect(column(board, last.id)).not.toBeInViewport();

		// Held at the right edge of the columns, the card carries them along to the last one.
		await pickUp(page, board, 'card1');
		const area = (await columns.boundingBox())!;
		await page.mouse.move(area.x + area.width - 8, area.y + area.height / 2, { steps: 12 });
		await expect(column(board, last.id)).toBeInViewport({ ratio: 0.99, timeout: 20_000 });
		await moveOver(page, column(board, last.id));
		await page.mouse.up();
		await expect(cardIn(board, last.id, 'card1')).toHaveCount(1);
		await expect(column(board, 'unsorted')).not.toBeInViewport();

		// And back: at the left edge the columns scroll back to the pile, at the top of the pile's
		// list (scrolled down a long way) the list scrolls up, and the card goes first.
		await showColumns(board);
		const pile = column(board, 'unsorted').locator('ol');
		await pile.evaluate((el) => (el.scrollTop = 1500));
		await expect(cardIn(board, 'unsorted', 'card2')).not.toBeInViewport();
		await pickUp(page, board, 'card1');
		const back = (await columns.boundingBox())!;
		await page.mouse.move(back.x + 8, back.y + back.height / 2, { steps: 12 });
		await expect(column(board, 'unsorted')).toBeInViewport({ ratio: 0.99, timeout: 20_000 });
		await moveOver(page, pile, { x: 0.5, y: 0 });
		await expect(cardIn(board, 'unsorted', 'card2')).toBeInViewport({
			ratio: 0.99,
			timeout: 20_000
		});
		await expect.poll(() => pile.evaluate((el) => el.scrollTop)).toBe(0);
		await moveOver(page, cardIn(board, 'unsorted', 'card2'), { x: 0.5, y: 0.15 });
		await expect(cardIn(board, 'unsorted', 'card2')).toHaveClass(/\bdrop-before\b/);
		await page.mouse.up();
		await expect(
			column(board, 'unsorted').locator(':scope > ol > li[data-card]').first()
		).toHaveAttribute('data-card', 'card1');
		expect((await api.read()).cards.find((c) => c.id === 'card1')?.cluster).toBe('unsorted');
	});

	test('undo takes back the facilitator’s last moves, but not a card someone else moved since', async ({
		page
	}) => {
		const api = await boardByApi(page.request, { extraClusters: 0, cards: 4 });
		const board = await openBoard(page, api);
		const [, governance, pioneer] = api.clusters as [
			{ id: string; title: string },
			{ id: string; title: string },
			{ id: string; title: string }
		];
		const announcer = page.getByTestId('announcer');
		const pileOrder = () =>
			column(board, 'unsorted')
				.locator(':scope > ol > li[data-card]')
				.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-card')));
		const undoButton = board.getByRole('button', { name: /^Ongedaan maken/ });
		await expect(undoButton).toHaveAttribute('aria-disabled', 'true');

		// A card moved with the keyboard, another one stacked onto it through its menu.
		await board.locator('[data-card-handle="card2"]').focus();
		await page.keyboard.press('ArrowRight');
		await expect(cardIn(board, governance.id, 'card2')).toHaveCount(1);
		const card3 = board.locator('li[data-card="card3"]');
		await card3.getByText('Bewerken').click();
		await card3.getByLabel('Stapel op (dubbel)').selectOption('card2');
		await expect(cardIn(board, governance.id, 'card2')).toContainText('1 dubbel');
		await expect(undoButton).toHaveAccessibleName('Ongedaan maken: kaart op stapel gelegd');

		// The button takes the stack back; the card returns between the same cards.
		await undoButton.click();
		await expect(announcer).toHaveText('Ongedaan gemaakt: kaart terug in Nog niet ingedeeld.');
		await expect.poll(pileOrder).toEqual(['card1', 'card3', 'card4']);
		await expect(undoButton).toHaveAccessibleName(
			`Ongedaan maken: kaart verplaatst naar ${governance.title}`
		);
		await expect(undoButton).toBeFocused();

		// Ctrl+Z on the board (here: on the moved card's handle) takes back the move before it,
		// and the focus stays with the card.
		await board.locator('[data-card-handle="card2"]').focus();
		await page.keyboard.press('Control+z');
		await expect(announcer).toHaveText('Ongedaan gemaakt: kaart terug in Nog niet ingedeeld.');
		await expect.poll(pileOrder).toEqual(['card1', 'card2', 'card3', 'card4']);
		await expect(board.locator('[data-card-handle="card2"]')).toBeFocused();
		await expect(undoButton).toHaveAttribute('aria-disabled', 'true');
		await expect(undoButton).toHaveAccessibleName('Ongedaan maken');
		expect((await api.read()).cards.filter((c) => c.cluster !== 'unsorted')).toEqual([]);

		// In a text field Ctrl+Z is the field's own: it takes back typing there, not a move.
		await page.keyboard.press('ArrowRight');
		await expect(cardIn(board, governance.id, 'card2')).toHaveCount(1);
		const moved = `Kaart verplaatst naar ${governance.title}, plek 1 van 1.`;
		await expect(announcer).toHaveText(moved);
		const field = board.getByLabel('Naam van het nieuwe cluster');
		await field.focus();
		await page.keyboard.type('Nieuw');
		await page.keyboard.press('Control+z');
		await expect(field).toHaveValue('');

		// Someone else (another facilitator) moves the card on: undo leaves it where they put it.
		await api.facilitator({
			type: 'card.move',
			stepId: BOARD,
			cardId: 'card2',
			clusterId: pioneer.id
		});
		await expect(cardIn(board, pioneer.id, 'card2')).toHaveCount(1);
		await expect(announcer).toHaveText(moved);
		await undoButton.click();
		await expect(announcer).toHaveText(
			'Niet ongedaan gemaakt: iemand anders heeft de kaart intussen verplaatst.'
		);
		await expect(cardIn(board, pioneer.id, 'card2')).toHaveCount(1);
		await expect(undoButton).toHaveAttribute('aria-disabled', 'true');
		// Playwright does not click what says it is disabled; a person can, and hears why not.
		await undoButton.click({ force: true });
		await expect(announcer).toHaveText('Er is geen verplaatsing om ongedaan te maken.');
		await expectAccessible(page);
	});

	test('the participants-may-sort toggle says how it is set', async ({ page }) => {
		const api = await boardByApi(page.request, { extraClusters: 0, cards: 1 });
		const board = await openBoard(page, api);
		const toggle = board.getByRole('button', { name: /^Deelnemers mogen indelen/ });
		await expect(toggle).toHaveText('Deelnemers mogen indelen: uit');
		await expect(toggle).toHaveAttribute('aria-pressed', 'false');
		await toggle.click();
		await expect(toggle).toHaveText('Deelnemers mogen indelen: aan');
		await expect(toggle).toHaveAttribute('aria-pressed', 'true');
		expect((await api.read()).participantsMayMove).toBe(true);
		await toggle.click();
		await expect(toggle).toHaveText('Deelnemers mogen indelen: uit');
		await expect(toggle).toHaveAttribute('aria-pressed', 'false');
		expect((await api.read()).participantsMayMove).toBe(false);
	});
});
