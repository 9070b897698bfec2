import type { Page } from '@playwright/test';
import { phonesByApi, sessionByApi } from './api';
import { misfits, PROJECTOR_SIZES, settled, stageSize } from './fit-helpers';
import { expect, expectAccessible, test } from './fixtures';
import { addAndShow, openRoom, saved } from './room';

/**
 * Sixty answers as the room of a BORN learning session gives them: short, Dutch, many sharing a
 * word (samenwerking, vertrouwen, kennisdelen, regio’s), some long compounds that must still
 * fit a beamer.
 */
const ANSWERS = [
	'Samenwerking tussen regio’s',
	'Minder bureaucratie',
	'Kennisdelen',
	'Elkaar kennen en vertrouwen',
	'Sneller besluiten in de stuurgroep',
	'Heldere mandaten per thema',
	'Ervaringsdeskundigen aan tafel',
	'Samenwerking met het onderwijs',
	'Gezamenlijke inkoop van specialistische jeugdhulp',
	'Minder regels, meer vertrouwen',
	'Vertrouwen tussen gemeenten',
	'Jongeren zo thuis mogelijk laten opgroeien',
	'Continuïteit van zorg',
	'Gedeelde cijfers en data',
	'Korte lijnen met aanbieders',
	'Kennisdelen over wachtlijsten',
	'Leren van elkaars praktijk',
	'Bovenregionale afstemming',
	'Samenwerkingsverbanden VO eerder betrekken',
	'Betaalbaarheid van dure voorzieningen',
	'Samen optrekken richting het Rijk',
	'Ruimte voor maatwerk per regio',
	'Minder vergaderen, meer doen',
	'Transparantie over resultaten',
	'De jeugdbeschermingsketen als één geheel',
	'Koploper blijven',
	'Gecertificeerde instellingen betrekken',
	'Wachtlijsten verkorten',
	'Vertrouwen',
	'Samenwerking',
	'Kennisdelen tussen de negen regio’s',
	'De stem van jongeren',
	'Regionale verschillen accepteren',
	'Meer samenwerking met aanbieders',
	'Vertrouwen in elkaars expertise',
	'Een gezamenlijke agenda',
	'Bestuurlijk commitment',
	'Kwaliteit van de jeugdhulp',
	'Minder losse projecten',
	'Data delen zonder gedoe',
	'Ontmoeten en kennisdelen',
	'Duidelijke keuzes maken',
	'Financiële zekerheid voor aanbieders',
	'Leren van wat misgaat',
	'Een sterk kernteam',
	'Samenwerking met huisartsen',
	'Passend onderwijs en jeugdhulp samen',
	'Meer tijd voor de jongere',
	'Regio’s die elkaar helpen',
	'Gezamenlijk contractmanagement',
	'Kennis van crisisopvang delen',
	'Netwerk blijft ontmoetingsplaats',
	'Vertrouwen en lef',
	'Zorg dichtbij huis',
	'Eén aanspreekpunt per regio',
	'Minder wachttijd voor gezinnen',
	'Evalueren en bijsturen',
	'Continuïteit in bestuur',
	'Ouders meer betrekken',
	'Samen verantwoordelijk'
];

/** Presses Tab until the focus is on an element that matches `selector` (at most 40 times). */
async function tabTo(page: Page, selector: string): Promise<void> {
	for (let i = 0; i < 40; i++) {
		await page.keyboard.press('Tab');
		const found = await page.evaluate(
			(selector) => document.activeElement?.matches(selector) ?? false,
			selector
		);
		if (found) return;
	}
	throw new Error(`Tab never reached ${selector}`);
}

/** Answers on a phone with the pointer: types, presses the button, waits until it arrived. */
async function answer(phone: Page, text: string): Promise<void> {
	await phone.getByLabel('Jouw antwoord (kort, één regel)').fill(text);
	await phone.getByRole('button', { name: 'Toevoegen' }).click();
	await expect(
		phone.getByRole('status').filter({ hasText: 'Je antwoord is toegevoegd.' })
	).toBeVisible();
	await expect(phone.getByRole('listitem').filter({ hasText: text })).toBeVisible();
}

test('phones answer (one by keyboard only), the facilitator hides one, the projector shows a cloud and a wall', async ({
	page,
	openPhone,
	openDevice
}) => {
	const room = await openRoom({ page, openPhone, openDevice }, [
		'Wethouder',
		'Jeugdhulpaanbieder',
		'Onderwijs'
	]);
	const { facilitator, projector, phones } = room;
	const [keyboard, provider, school] = phones as [Page, Page, Page];
	await addAndShow(facilitator, 'Open vraag (woordwolk)');

	await facilitator.getByLabel('Vraag', { exact: true }).fill('Wat moet BORN vasthouden?');
	await saved(facilitator);
	await expect(
		projector.getByRole('heading', { level: 2, name: 'Wat moet BORN vasthouden?' })
	).toBeVisible();
	await expect(keyboard.getByText('De vraag is nog niet geopend. Even geduld.')).toBeVisible();
	await facilitator.getByRole('button', { name: 'Vraag openen' }).click();
	await expect(facilitator.getByTestId('question-status')).toHaveText('Open');

	// One phone with the keyboard only: Tab to the field, type, Enter; three answers, then one
	// taken back.
	const field = keyboard.getByLabel('Jouw antwoord (kort, één regel)');
	await expect(field).toBeVisible();
	await tabTo(keyboard, '#question-answer');
	for (const text of ['Kennisdelen', 'Minder bureaucratie', 'Oeps, een typfout']) {
		await keyboard.keyboard.type(text);
		await keyboard.keyboard.press('Enter');
		await expect(keyboard.getByRole('listitem').filter({ hasText: text })).toBeVisible();
	}
	await expect(keyboard.getByTestId('question-count')).toHaveText('3 van 3 gegeven');
	// At the limit the field gives way to a line that says so, and the focus is on it.
	const limit = keyboard.getByText(
		'Je hebt het maximum van 3 antwoorden gegeven. Haal er een weg als je iets anders wilt zeggen.'
	);
	await expect(limit).toBeFocused();
	await expect(field).toHaveCount(0);
	await tabTo(keyboard, '[aria-label="Weghalen: Oeps, een typfout"]');
	await keyboard.keyboard.press('Enter');
	await expect(keyboard.getByTestId('question-count')).toHaveText('2 van 3 gegeven');
	await expect(field).toBeFocused();
	await expect(keyboard.getByRole('listitem').filter({ hasText: 'Oeps' })).toHaveCount(0);
	await expectAccessible(keyboard);
	await keyboard.screenshot({ path: test.info().outputPath('question-phone.png'), fullPage: true });

	// One person's answers are not on the wall: the room could read them off that person.
	await expect(projector.getByTestId('question-answered')).toHaveText(
		'1 deelnemer heeft geantwoord'
	);
	await expect(
		projector.getByText('De antwoorden verschijnen zodra minstens 3 mensen hebben geantwoord.')
	).toBeVisible();
	await answer(provider, 'Samenwerking tussen regio’s');
	await answer(provider, 'Kennisdelen en elkaar kennen');
	await expect(projector.getByTestId('word-cloud')).toHaveCount(0);
	await answer(school, 'Minder regels, meer samenwerking');

	// The third person's answer releases them all: the cloud, and its text alternative.
	await expect(projector.getByTestId('question-answered')).toHaveText(
		'3 deelnemers hebben geantwoord'
	);
	const words = projector.getByTestId('cloud-words');
	await expect(words).toContainText('Kennisdelen: in 2 antwoorden');
	// Grouped regardless of case; on a tie the lowercase form shows.
	await expect(words).toContainText('samenwerking: in 2 antwoorden');
	await expect(words).toContainText('regels: in 1 antwoord');
	await expect(words).not.toContainText('Oeps');
	await expect(projector.locator('.cloud li')).toContainText(['Kennisdelen']);
	await expectAccessible(projector);

	// The facilitator hides one: it leaves every screen, and stays listed (hidden) in the console.
	await expect(facilitator.getByTestId('question-review-counts')).toHaveText(
		'Op het scherm: 5 · wachten: 0 · verborgen: 0'
	);
	await facilitator
		.getByRole('button', { name: 'Verbergen: Minder regels, meer samenwerking' })
		.click();
	await expect(
		facilitator.getByRole('button', { name: 'Tonen: Minder regels, meer samenwerking' })
	).toBeFocused();
	await expect(facilitator.getByTestId('question-review-counts')).toHaveText(
		'Op het scherm: 4 · wachten: 0 · verborgen: 1'
	);
	await expect(words).not.toContainText('regels');
	await expect(words).toContainText('Samenwerking: in 1 antwoord');
	await expectAccessible(facilitator);
	await facilitator.screenshot({ path: test.info().outputPath('question-console.png') });

	// As a wall: the answers themselves, the hidden one not among them.
	await facilitator.getByLabel('Tonen als').selectOption({ label: 'Antwoordenmuur' });
	await saved(facilitator);
	const wall = projector.getByTestId('answer-wall');
	// Long words carry soft hyphens, so they break between syllables on a narrow card.
	await expect
		.poll(async () =>
			(await wall.getByRole('listitem').allTextContents()).map((t) => t.replaceAll('\u00ad', ''))
		)
		.toEqual([
			'Kennisdelen',
			'Kennisdelen en elkaar kennen',
			'Minder bureaucratie',
			'Samenwerking tussen regio’s'
		]);
	await expectAccessible(projector);

	// Closed, the phone says so and keeps showing its own answers, without a way to change them.
	await facilitator.getByRole('button', { name: 'Vraag sluiten' }).click();
	await expect(keyboard.getByText('De vraag is gesloten.')).toBeVisible();
	await expect(keyboard.getByTestId('my-answers').getByRole('listitem')).toHaveText([
		/^Kennisdelen/,
		/^Minder bureaucratie/
	]);
	await expect(keyboard.getByRole('button', { name: /^Weghalen/ })).toHaveCount(0);
});

test('a moderated question shows an answer only once the facilitator approves it', async ({
	page,
	openPhone,
	openDevice
}) => {
	const room = await openRoom({ page, openPhone, openDevice }, ['Wethouder']);
	const { facilitator, projector, phones } = room;
	const stepId = await addAndShow(facilitator, 'Open vraag (woordwolk)');
	await facilitator
		.getByLabel('Antwoorden eerst goedkeuren voordat ze op het scherm komen')
		.check();
	await saved(facilitator);
	await facilitator.getByRole('button', { name: 'Vraag openen' }).click();
	await expect(
		phones[0]!.getByText('De facilitator bekijkt de antwoorden voordat ze op het scherm komen.')
	).toBeVisible();
	await answer(phones[0]!, 'Vertrouwen tussen gemeenten');
	for (const text of ['Kennisdelen', 'Heldere mandaten']) {
		const phone = await room.joinByApi('aanbieder');
		await phone.send({ type: 'question.answer', stepId, text });
	}
	const approve = facilitator.getByRole('button', { name: 'Goedkeuren: Kennisdelen' });
	await expect(approve).toBeVisible();
	await expect(projector.getByText('De antwoorden verschijnen hier.')).toBeVisible();
	await approve.click();
	// The approve button goes; the keyboard stays in the row, on its hide button.
	await expect(facilitator.getByRole('button', { name: 'Verbergen: Kennisdelen' })).toBeFocused();
	await expect(projector.getByTestId('cloud-words')).toHaveText('Kennisdelen: in 1 antwoord');
	await expectAccessible(facilitator);
});

test('a cloud and a wall of sixty answers fit the projector at every size', async ({
	page,
	openDevice
}) => {
	test.setTimeout(180_000);
	const { session, facilitator } = await sessionByApi(
		page.request,
		'Leersessie 2: wat houden we vast?'
	);
	await facilitator({ type: 'step.add', kind: 'question' }, 'q');
	await facilitator({
		type: 'question.update',
		stepId: 'q',
		prompt: 'Wat moet BORN de komende jaren vooral vasthouden, en wat mag anders?'
	});
	await facilitator({ type: 'question.open', stepId: 'q' });
	const join = phonesByApi(new URL(session.links.join).origin, session.joinCode, 100);
	for (let p = 0; p < 20; p++) {
		const phone = await join({ perspective: 'aanbieder' });
		for (let i = 0; i < 3; i++) {
			await phone.send({
				type: 'question.answer',
				stepId: 'q',
				text: ANSWERS[p * 3 + i]!
			});
		}
	}
	await facilitator({ type: 'question.close', stepId: 'q' });
	await facilitator({ type: 'step.activate', stepId: 'q' });

	const projector = await openDevice(PROJECTOR_SIZES[0]);
	await projector.goto(session.links.screen);
	await expect(projector.getByTestId('question-answered')).toHaveText(
		'20 deelnemers hebben geantwoord'
	);
	for (const display of ['cloud', 'wall'] as const) {
		await facilitator({ type: 'question.update', stepId: 'q', display });
		await expect(
			projector.getByTestId(display === 'cloud' ? 'word-cloud' : 'answer-wall')
		).toBeVisible();
		for (const size of PROJECTOR_SIZES) {
			await projector.setViewportSize(size);
			await settled(projector);
			await expect
				.poll(() => misfits(projector), { message: `${display} at ${size.width}×${size.height}` })
				.toEqual([]);
			expect(await stageSize(projector)).toBeGreaterThanOrEqual(14);
			const label = `${size.width}x${size.height}`;
			if (label === '1920x1080' || label === '1280x720') {
				await projector.screenshot({
					path: test.info().outputPath(`question-${display}-${label}.png`)
				});
			}
		}
		await expectAccessible(projector);
	}
	// Every answer, sixty of them, is in the wall (a page at a time where the screen is small).
	await expect(projector.getByTestId('answer-wall').locator('li')).toHaveCount(60);
});
