import type { Locator, Page } from '@playwright/test';
import { phonesByApi, sessionByApi, type ApiPhone } from './api';
import { misfits, PROJECTOR_SIZES, settled, stageSize } from './fit-helpers';
import { expect, expectAccessible, test } from './fixtures';
import { addAndShow, openRoom, saved } from './room';

/** The order a phone's list shows now, by item title. */
const shownOrder = (phone: Page): Promise<string[]> =>
	phone.getByTestId('order').locator('li .title').allTextContents();

/**
 * Presses Tab until `target` has the focus, as someone without a pointer reaches it; fails when
 * a whole round through the page does not get there.
 */
async function tabTo(page: Page, target: Locator): Promise<void> {
	for (let i = 0; i < 60; i++) {
		if (await target.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error('the keyboard never reached the element');
}

/** Drags an item by its grip with a finger (real touch events), `by` items down (or up). */
async function dragByTouch(phone: Page, title: string, to: string): Promise<void> {
	const order = phone.getByTestId('order');
	const grip = order.locator('li', { hasText: title }).locator('.grip');
	const target = order.locator('li', { hasText: to });
	const from = (await grip.boundingBox())!;
	const onto = (await target.boundingBox())!;
	const touch = await phone.context().newCDPSession(phone);
	const at = (x: number, y: number) => [{ x: Math.round(x), y: Math.round(y) }];
	const x = from.x + from.width / 2;
	const startY = from.y + from.height / 2;
	// Just above the target's middle: the item lands in its place.
	const endY = onto.y + onto.height * 0.25;
	await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(x, startY) });
	for (let i = 1; i <= 6; i++) {
		await touch.send('Input.dispatchTouchEvent', {
			type: 'touchMove',
			touchPoints: at(x, startY + ((endY - startY) * i) / 6)
		});
	}
	await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

test('phones put the positioning options in order, one by keyboard only and one by touch, and the projector shows the room’s order and each perspective’s', async ({
	page,
	openPhone,
	openDevice
}) => {
	const room = await openRoom({ page, openPhone, openDevice }, ['Wethouder', 'Jeugdhulpaanbieder']);
	const { facilitator, projector, phones } = room;
	const [alderman, provider] = phones as [Page, Page];
	// More people through the API: groups show on their own only from three people.
	const others: [ApiPhone, string[]][] = [
		[
			await room.joinByApi('wethouder'),
			['bestuurlijk-hart', 'leernetwerk', 'facilitator', 'ontmoetingsplaats']
		],
		[
			await room.joinByApi('wethouder'),
			['bestuurlijk-hart', 'facilitator', 'ontmoetingsplaats', 'leernetwerk']
		],
		[
			await room.joinByApi('aanbieder'),
			['facilitator', 'leernetwerk', 'ontmoetingsplaats', 'bestuurlijk-hart']
		],
		[
			await room.joinByApi('aanbieder'),
			['leernetwerk', 'facilitator', 'ontmoetingsplaats', 'bestuurlijk-hart']
		],
		[
			await room.joinByApi('onderwijs'),
			['leernetwerk', 'ontmoetingsplaats', 'facilitator', 'bestuurlijk-hart']
		],
		[
			await room.joinByApi('onderwijs'),
			['ontmoetingsplaats', 'leernetwerk', 'facilitator', 'bestuurlijk-hart']
		],
		[
			await room.joinByApi(),
			['facilitator', 'leernetwerk', 'bestuurlijk-hart', 'ontmoetingsplaats']
		]
	];

	const stepId = await addAndShow(facilitator, 'Rangorde van de positioneringsopties toevoegen');
	await expect(facilitator.getByTestId('ranking-items').getByRole('textbox')).toHaveCount(4);
	await expect(facilitator.getByLabel('Uitslag')).toHaveValue('hidden');
	await expectAccessible(facilitator);
	for (const phone of phones) {
		await expect(phone.getByText('De rangorde is nog niet geopend.')).toBeVisible();
	}
	await expect(
		projector.getByRole('heading', {
			level: 2,
			name: 'Welke positionering past het best bij BORN?'
		})
	).toBeVisible();
	await expect(projector.getByTestId('items').locator('li')).toHaveCount(4);
	await facilitator.getByRole('button', { name: 'Rangorde openen' }).click();

	// The alderman uses only the keyboard: Bestuurlijk hart to the top, then Facilitator second.
	await expect(alderman.getByTestId('order')).toBeVisible();
	expect(await shownOrder(alderman)).toEqual([
		'Ontmoetingsplaats',
		'Leernetwerk',
		'Facilitator',
		'Bestuurlijk hart'
	]);
	await expectAccessible(alderman);
	const up = (title: string) => alderman.getByRole('button', { name: `${title} omhoog` });
	const down = (title: string) => alderman.getByRole('button', { name: `${title} omlaag` });
	await tabTo(alderman, up('Bestuurlijk hart'));
	await alderman.keyboard.press('Enter');
	// The focus stays on the item that moved, and the move is said.
	await expect(up('Bestuurlijk hart')).toBeFocused();
	await expect(alderman.getByTestId('announcer')).toHaveText(
		'Bestuurlijk hart staat nu op plaats 3 van 4.'
	);
	await alderman.keyboard.press('Space');
	await alderman.keyboard.press('Enter');
	// At the top the up button has nothing left to do: the focus is on the way back down.
	await expect(up('Bestuurlijk hart')).toBeDisabled();
	await expect(down('Bestuurlijk hart')).toBeFocused();
	await expect(alderman.getByTestId('announcer')).toHaveText(
		'Bestuurlijk hart staat nu op plaats 1 van 4.'
	);
	await tabTo(alderman, up('Facilitator'));
	await alderman.keyboard.press('Enter');
	await alderman.keyboard.press('Enter');
	expect(await shownOrder(alderman)).toEqual([
		'Bestuurlijk hart',
		'Facilitator',
		'Ontmoetingsplaats',
		'Leernetwerk'
	]);
	await alderman.screenshot({ path: test.info().outputPath('phone-ordering.png'), fullPage: true });
	await tabTo(alderman, alderman.getByRole('button', { name: 'Volgorde versturen' }));
	await alderman.keyboard.press('Enter');
	await expect(alderman.getByText('Je volgorde is ontvangen.')).toBeVisible();

	// The provider drags Facilitator to the top with a finger, and sends it.
	await dragByTouch(provider, 'Facilitator', 'Ontmoetingsplaats');
	expect(await shownOrder(provider)).toEqual([
		'Facilitator',
		'Ontmoetingsplaats',
		'Leernetwerk',
		'Bestuurlijk hart'
	]);
	await expect(provider.getByTestId('announcer')).toHaveText(
		'Facilitator staat nu op plaats 1 van 4.'
	);
	await provider.getByRole('button', { name: 'Volgorde versturen' }).click();
	await expect(provider.getByText('Je volgorde is ontvangen.')).toBeVisible();
	// It may be changed and sent again while open.
	await dragByTouch(provider, 'Leernetwerk', 'Ontmoetingsplaats');
	expect(await shownOrder(provider)).toEqual([
		'Facilitator',
		'Leernetwerk',
		'Ontmoetingsplaats',
		'Bestuurlijk hart'
	]);
	await provider.getByRole('button', { name: 'Volgorde versturen' }).click();
	await expect(provider.getByText('Je gewijzigde volgorde is ontvangen.')).toBeVisible();

	for (const [phone, order] of others) {
		await phone.send({ type: 'ranking.submit', stepId, order });
	}
	await expect(projector.getByTestId('voted')).toHaveText(
		'9 van 9 aanwezigen hebben een volgorde gestuurd'
	);
	// Hidden: nobody sees a count while it is open, not even the facilitator.
	await expect(projector.getByText('De uitslag volgt.')).toBeVisible();
	await expect(facilitator.getByText('De uitslag volgt.')).toBeVisible();
	await expect(facilitator.getByTestId('figure')).toHaveCount(0);
	await expectAccessible(projector);

	// A reload keeps the order the phone sent.
	await alderman.reload();
	await expect(alderman.getByTestId('order')).toBeVisible();
	expect(await shownOrder(alderman)).toEqual([
		'Bestuurlijk hart',
		'Facilitator',
		'Ontmoetingsplaats',
		'Leernetwerk'
	]);

	await facilitator.getByRole('button', { name: 'Rangorde sluiten' }).click();
	await expect(facilitator.getByTestId('ranking-status')).toHaveText('Gesloten');
	// Closed and still hidden: the facilitator sees the count and the places per perspective.
	const table = facilitator.getByTestId('by-perspective');
	await expect(table).toBeVisible();
	await expect(projector.getByText('De uitslag volgt.')).toBeVisible();
	await expectAccessible(facilitator);
	await facilitator.getByRole('button', { name: 'Uitslag tonen' }).click();

	// Facilitator: places 2, 1, 3, 2, 1, 2, 3, 3, 1 of 4, so 9 × 5 − 18 = 27 Borda points.
	const rows = projector.getByTestId('by-perspective').locator('tbody tr');
	await expect(rows).toHaveCount(4);
	await expect(rows.first()).toHaveAttribute('data-item', 'facilitator');
	await expect(rows.first().getByTestId('leader')).toHaveText('Bovenaan');
	await expect(rows.first().getByTestId('figure')).toHaveText('27 punten');
	await expect(rows.first().getByTestId('stats')).toHaveText(
		'gem. plaats 2,0 · spreiding 0,8 · 3× eerste'
	);
	// The aldermen put Bestuurlijk hart first; the small groups count together.
	const cell = (item: string, group: string) =>
		projector.locator(`tbody tr[data-item="${item}"] td[data-perspective="${group}"]`);
	await expect(cell('bestuurlijk-hart', 'wethouder')).toHaveText('1');
	await expect(cell('facilitator', 'aanbieder')).toHaveText('1');
	await expect(cell('leernetwerk', 'merged')).toHaveText('1');
	await expect(projector.locator('td[data-perspective="onderwijs"]')).toHaveCount(0);
	await expect(projector.getByTestId('merged-note')).toContainText('Onderwijs (SWV-VO)');
	await settled(projector);
	expect(await misfits(projector)).toEqual([]);
	await projector.screenshot({ path: test.info().outputPath('projector-closed.png') });
	await facilitator
		.getByTestId('step-panel')
		.screenshot({ path: test.info().outputPath('console-closed.png') });
	await expectAccessible(projector);

	// The phones say it closed, show their own order and the room's.
	await expect(alderman.getByText('De rangorde is gesloten.')).toBeVisible();
	await expect(alderman.getByTestId('mine').locator('li')).toHaveText([
		'Bestuurlijk hart',
		'Facilitator',
		'Ontmoetingsplaats',
		'Leernetwerk'
	]);
	await expect(alderman.getByTestId('by-perspective')).toBeVisible();
	await alderman.screenshot({ path: test.info().outputPath('phone-closed.png'), fullPage: true });
	await expectAccessible(alderman);
});

test('the console takes a board’s top dilemmas over as items only once its dots show, and edits them', async ({
	page
}) => {
	const { session, facilitator } = await sessionByApi(page.request, 'Prioriteiten');
	await facilitator({ type: 'step.add', kind: 'dilemmas' }, 'board');
	const join = phonesByApi(new URL(session.links.join).origin, session.joinCode);
	const people = [await join(), await join(), await join()];
	const texts = [
		'Snel besluiten of alle negen regio’s meenemen?',
		'Eén inkoopmodel voor iedereen of maatwerk per gemeente?',
		'Wie neemt het mandaat als een besluit in één regio gevolgen heeft voor aanbieders die in alle regio’s werken, en wie draagt dan de kosten van de afstemming daarover?',
		'Investeren in vernieuwing terwijl de budgetten krimpen?'
	];
	for (const [i, text] of texts.entries()) {
		await people[0]!.send({ id: `card-${i}`, type: 'dilemma.post', stepId: 'board', text });
	}
	await facilitator({
		type: 'dots.open',
		stepId: 'board',
		perParticipant: 5,
		visibility: 'hidden'
	});
	const dots = ['card-2', 'card-2', 'card-1', 'card-2', 'card-1', 'card-0'];
	for (const [i, cardId] of dots.entries()) {
		await people[i % 3]!.send({ type: 'dots.place', stepId: 'board', cardId });
	}
	await facilitator({ type: 'dots.close', stepId: 'board' });

	await page.goto(session.links.facilitator);
	await expect(page.locator('li[data-step]')).toHaveCount(1);
	await addAndShow(page, 'Rangorde toevoegen');
	await expect(page.getByText('Nog geen onderdelen.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Rangorde openen' })).toBeDisabled();
	const takeTop = page.getByRole('button', { name: /^Top van het bord overnemen/ });
	// The dots are hidden from the room: the items would give the top away.
	await expect(takeTop).toBeDisabled();
	await expect(page.getByText('De stippen van dit bord zijn nog niet getoond.')).toBeVisible();
	await expectAccessible(page);

	await facilitator({ type: 'dots.reveal', stepId: 'board' });
	await expect(takeTop).toBeEnabled();
	await page.getByLabel('Aantal dilemma’s').fill('3');
	await takeTop.click();
	await expect(
		page.getByRole('status').filter({ hasText: '3 onderdelen overgenomen.' })
	).toBeVisible();
	await saved(page);
	const items = page.getByTestId('ranking-items').getByRole('textbox');
	await expect(items).toHaveCount(3);
	// Most dots first; a dilemma longer than an item's title is cut at a word.
	await expect(items.nth(0)).toHaveValue(/^Wie neemt het mandaat .*…$/);
	expect([...(await items.nth(0).inputValue())].length).toBeLessThanOrEqual(140);
	await expect(items.nth(1)).toHaveValue(texts[1]!);
	await expect(items.nth(2)).toHaveValue(texts[0]!);

	// Edited by hand: a fourth item, moved up by its button, and saved as typed.
	await page.getByRole('button', { name: 'Onderdeel toevoegen' }).click();
	await expect(page.getByLabel('Onderdeel 4', { exact: true })).toBeFocused();
	await page.keyboard.type('Gedeelde cijfers');
	await page.getByRole('button', { name: 'Onderdeel 4 omhoog' }).click();
	await expect(page.getByRole('button', { name: 'Onderdeel 3 omhoog' })).toBeFocused();
	await saved(page);
	await expect(items.nth(2)).toHaveValue('Gedeelde cijfers');

	// The positioning options replace them at one press.
	await page.getByRole('button', { name: 'De positioneringsopties overnemen' }).click();
	await saved(page);
	await expect(items).toHaveCount(4);
	await expect(items.nth(0)).toHaveValue('Ontmoetingsplaats');
	const snapshot = await page.request.get(`/api/sessions/${session.id}/snapshot`, {
		headers: { Authorization: `Bearer ${session.facilitatorKey}` }
	});
	const steps = ((await snapshot.json()) as { steps: { kind: string; items?: unknown }[] }).steps;
	expect(steps.find((s) => s.kind === 'ranking')?.items).toEqual([
		{ id: 'ontmoetingsplaats', title: 'Ontmoetingsplaats' },
		{ id: 'leernetwerk', title: 'Leernetwerk' },
		{ id: 'facilitator', title: 'Facilitator' },
		{ id: 'bestuurlijk-hart', title: 'Bestuurlijk hart' }
	]);
	await expect(page.getByRole('button', { name: 'Rangorde openen' })).toBeEnabled();
	await expectAccessible(page);
});

/** A room's twelve priorities, as long as items get: shortened dilemmas and plain themes. */
const PRIORITIES = [
	'Wie neemt het mandaat als een besluit in één regio gevolgen heeft voor aanbieders die in alle regio’s werken?',
	'Sturen op resultaat of ruimte laten voor de eigen aanpak van elke regio?',
	'Snel besluiten of alle negen regio’s meenemen?',
	'Investeren in vernieuwing terwijl de budgetten krimpen en de vraag naar zorg blijft groeien, ook bij de kleinere gemeenten in de regio?',
	'Koploper blijven kost geld dat we niet hebben.',
	'Eén inkoopmodel voor iedereen of maatwerk per gemeente?',
	'Ervaringsdeskundigen aan tafel bij besluiten, ook als dat het proces vertraagt en het gesprek anders maakt?',
	'Gedeelde cijfers, maar wie is eigenaar van de data?',
	'Onderwijs en jeugdhulp samen plannen of ieder de eigen wettelijke taak?',
	'Lange contracten voor zekerheid of korte voor bijsturen?',
	'Wachtlijsten voor de zwaarste zorg samen terugdringen',
	'De rol van de gecertificeerde instellingen verhelderen'
];

const PERSPECTIVES = [
	'wethouder',
	'ambtenaar',
	'aanbieder',
	'gi',
	'onderwijs',
	'ervaringsdeskundige',
	'anders'
];

test('a ranking of twelve items, ranked by twenty-one people of seven perspectives, fits the projector at every size', async ({
	page,
	openDevice
}) => {
	test.setTimeout(180_000);
	const { session, facilitator } = await sessionByApi(page.request, 'Leersessie 2: prioriteiten');
	await facilitator({ type: 'step.add', kind: 'ranking' }, 'ranking');
	await facilitator({
		type: 'ranking.update',
		stepId: 'ranking',
		title: 'Prioriteiten voor het jaarplan',
		prompt: 'Welke dilemma’s moet het netwerk dit jaar als eerste oppakken?',
		items: PRIORITIES.map((title, i) => ({ id: `p${i + 1}`, title }))
	});
	await facilitator({ type: 'ranking.open', stepId: 'ranking' });
	const projector = await openDevice(PROJECTOR_SIZES[0]);
	await projector.goto(session.links.screen);
	await facilitator({ type: 'step.activate', stepId: 'ranking' });

	const join = phonesByApi(new URL(session.links.join).origin, session.joinCode);
	const ids = PRIORITIES.map((_, i) => `p${i + 1}`);
	for (let n = 0; n < 21; n++) {
		const phone = await join({ perspective: PERSPECTIVES[n % PERSPECTIVES.length]! });
		// Orders that agree on the top and differ on the rest, each perspective with a favourite
		// of its own, as a room's do.
		const weight = (i: number): number => i + ((i * 7 + n * 5) % 6) - (i % 7 === n % 7 ? 5 : 0);
		const order = [...ids].sort(
			(a, b) => weight(ids.indexOf(a)) - weight(ids.indexOf(b)) || a.localeCompare(b)
		);
		await phone.send({ type: 'ranking.submit', stepId: 'ranking', order });
	}

	const check = async (view: string): Promise<void> => {
		for (const size of PROJECTOR_SIZES) {
			await projector.setViewportSize(size);
			await settled(projector);
			await expect
				.poll(() => misfits(projector), { message: `${view} at ${size.width}×${size.height}` })
				.toEqual([]);
			expect(await stageSize(projector)).toBeGreaterThanOrEqual(14);
			await projector.screenshot({
				path: test.info().outputPath(`ranking-${view}-${size.width}x${size.height}.png`)
			});
		}
	};
	await expect(projector.getByTestId('voted')).toContainText('21 van 21');
	await check('open');
	// Shown while still open: the room's order, without the breakdown.
	await facilitator({ type: 'ranking.reveal', stepId: 'ranking' });
	await expect(projector.getByTestId('overall').locator('li')).toHaveCount(12);
	await check('live');
	await facilitator({ type: 'ranking.close', stepId: 'ranking' });
	await expect(projector.getByTestId('by-perspective')).toBeVisible();
	await expect(projector.locator('thead th.group')).toHaveCount(7);
	await check('closed');
	await expectAccessible(projector);
});
