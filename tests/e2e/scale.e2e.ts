import type { Page } from '@playwright/test';
import { phonesByApi, sessionByApi, type ApiPhone } from './api';
import { misfits, PROJECTOR_SIZES, settled, stageSize } from './fit-helpers';
import { expect, expectAccessible, test } from './fixtures';
import { addAndShow, openRoom, saved } from './room';

/** The statements a new step starts with (kinds/scale/presets.ts), and one the test adds. */
const STATEMENTS = [
	'BORN moet meer sturen op resultaten dan nu.',
	'Besluiten over bovenregionale thema’s duren te lang.',
	'Wat BORN oplevert, is voor mijn organisatie duidelijk.',
	'Ervaringsdeskundigen horen aan tafel bij elk besluit van het netwerk.',
	'Ook met minder geld moet het netwerk zijn huidige inzet vasthouden.'
];
const ADDED = 'Aanbieders krijgen te veel verschillende afspraken per regio.';
const LABELS = ['Helemaal oneens', 'Oneens', 'Neutraal', 'Eens', 'Helemaal eens'];

/** A statement's fieldset on a phone: its legend is the statement. */
const statementOn = (phone: Page, text: string) =>
	phone.getByRole('group', { name: text, exact: true });

/** Answers every statement on a phone by tapping, and waits until each is received. */
async function answerByTapping(phone: Page, points: number[]): Promise<void> {
	for (const [i, text] of [...STATEMENTS, ADDED].entries()) {
		const group = statementOn(phone, text);
		await group.getByRole('radio', { name: LABELS[points[i]!]!, exact: true }).check();
		await expect(group.getByTestId('statement-state')).toHaveText('Ontvangen');
	}
	await expect(phone.getByTestId('scale-progress')).toHaveText('6 van 6 beantwoord');
}

test('phones answer statements, one by keyboard only; the projector shows each distribution and what divides', async ({
	page,
	openPhone,
	openDevice
}) => {
	test.setTimeout(180_000);
	const room = await openRoom({ page, openPhone, openDevice }, [
		'Wethouder',
		'Jeugdhulpaanbieder',
		'Gecertificeerde instelling'
	]);
	const { facilitator, projector, phones } = room;
	const stepId = await addAndShow(facilitator, 'Stellingen (eens–oneens) toevoegen');
	await expect(projector.getByRole('heading', { level: 2, name: 'Stellingen' })).toBeVisible();

	// The facilitator adds a statement and shows the results as they come.
	await facilitator.getByRole('button', { name: 'Stelling toevoegen', exact: true }).click();
	await expect(facilitator.getByLabel('Stelling 6', { exact: true })).toBeFocused();
	await facilitator.keyboard.type(ADDED);
	await facilitator
		.getByLabel('Uitslag', { exact: true })
		.selectOption({ label: 'Direct zichtbaar' });
	await saved(facilitator);
	await expect(projector.getByTestId('distributions')).toContainText(ADDED);
	await expectAccessible(facilitator);
	await facilitator.getByRole('button', { name: 'Stellingen openen' }).click();
	await expect(facilitator.getByTestId('scale-status')).toHaveText('Open');

	// One phone answers by tapping.
	const [alderman, keyboard, institution] = phones as [Page, Page, Page];
	await expect(statementOn(alderman, STATEMENTS[0]!)).toBeVisible();
	await answerByTapping(alderman, [0, 0, 1, 3, 4, 0]);

	// One by keyboard only: Tab into the first statement, Space to choose its first point,
	// arrows along the scale (each choice goes out; the last one counts), Tab to the next.
	await expect(keyboard.getByTestId('scale-progress')).toHaveText('0 van 6 beantwoord');
	for (let presses = 0; presses < 40; presses++) {
		await keyboard.keyboard.press('Tab');
		const onRadio = await keyboard.evaluate(
			() => (document.activeElement as HTMLInputElement | null)?.type === 'radio'
		);
		if (onRadio) break;
	}
	const targets = [3, 4, 1, 3, 4, 3];
	for (const [i, text] of [...STATEMENTS, ADDED].entries()) {
		const group = statementOn(keyboard, text);
		await expect(group.getByRole('radio', { name: LABELS[0]!, exact: true })).toBeFocused();
		await keyboard.keyboard.press('Space');
		for (let step = 0; step < targets[i]!; step++) await keyboard.keyboard.press('ArrowRight');
		await expect(
			group.getByRole('radio', { name: LABELS[targets[i]!]!, exact: true })
		).toBeChecked();
		await expect(group.getByTestId('statement-state')).toHaveText('Ontvangen');
		await keyboard.keyboard.press('Tab');
	}
	await expect(keyboard.getByTestId('scale-progress')).toHaveText('6 van 6 beantwoord');
	await expectAccessible(keyboard);
	await keyboard.screenshot({ path: test.info().outputPath('phone-open.png'), fullPage: true });

	await answerByTapping(institution, [4, 4, 2, 3, 0, 3]);

	// Results are live: three people answered, so every statement's distribution shows.
	const first = projector.locator(`[data-statement]`).first().getByRole('img');
	await expect(first).toHaveAttribute('aria-label', /Helemaal oneens: 1 \(33%\).*Eens: 1 \(33%\)/);

	// Two more aldermen and two more providers, so a group shows of its own once closed.
	const more: ApiPhone[] = [];
	for (const perspective of ['wethouder', 'wethouder', 'aanbieder', 'aanbieder']) {
		more.push(await room.joinByApi(perspective));
	}
	const statementIds = await projector
		.locator('[data-testid="distributions"] [data-statement]')
		.evaluateAll((items) => items.map((item) => item.getAttribute('data-statement')!));
	for (const [n, phone] of more.entries()) {
		for (const [i, statementId] of statementIds.entries()) {
			await phone.send({
				type: 'scale.answer',
				stepId,
				statementId,
				point: n < 2 ? 0 : (i + 3) % 5
			});
		}
	}
	await expect(projector.getByTestId('voted')).toContainText('7 van 7');

	await facilitator.getByRole('button', { name: 'Stellingen sluiten' }).click();
	await expect(facilitator.getByTestId('scale-status')).toHaveText('Gesloten');
	const dividing = projector.getByTestId('dividing');
	await expect(dividing.getByRole('heading', { name: 'Verdeelt het meest' })).toBeVisible();
	await expect(dividing).toContainText('Verdeelt: hoe ver de antwoorden uiteenlopen');
	// The first statement: three aldermen fully disagree, the providers do not.
	await expect(dividing.locator('li').first()).toContainText('perspectieven');

	// The console has each statement's counts per perspective; GI's one person is merged.
	const row = facilitator.locator(`[data-statement="${statementIds[0]}"]`);
	await row.getByText('Aantallen per perspectief').click();
	const table = row.getByTestId('scale-table');
	await expect(table.locator('tr[data-group="wethouder"]')).toContainText('100% (3)');
	await expect(table.locator('tr[data-group="merged"]')).toContainText('Overige perspectieven');
	await expect(table.locator('tr[data-group="all"] th')).toContainText('(7)');
	await expectAccessible(facilitator);
	await facilitator
		.getByTestId('step-panel')
		.screenshot({ path: test.info().outputPath('console-closed.png') });

	// The keyboard phone sees what it answered, and the results.
	await expect(keyboard.getByText('De stellingen zijn gesloten.')).toBeVisible();
	await expect(keyboard.getByText('Jouw antwoord: Eens', { exact: true })).toHaveCount(3);
	await expect(keyboard.getByTestId('dividing')).toBeVisible();
	await keyboard.screenshot({ path: test.info().outputPath('phone-closed.png'), fullPage: true });
	await expectAccessible(projector);
});

test('the agenda adds statements on the level of themes, and the scale takes another preset', async ({
	page,
	openPhone,
	openDevice
}) => {
	const room = await openRoom({ page, openPhone, openDevice }, ['Onderwijs (SWV-VO)']);
	const { facilitator, projector, phones } = room;
	await addAndShow(facilitator, 'Stellingen op niveau (lokaal–bovenregionaal) toevoegen');
	await expect(
		projector.getByRole('heading', { level: 2, name: 'Op welk niveau hoort dit thema?' })
	).toBeVisible();
	const labels = facilitator
		.getByRole('group', { name: 'Schaal', exact: true })
		.getByRole('textbox');
	await expect(labels).toHaveCount(3);
	await expect(labels.nth(2)).toHaveValue('Bovenregionaal');
	await facilitator.getByRole('button', { name: 'Stellingen openen' }).click();
	const phone = phones[0]!;
	const theme = statementOn(phone, 'Crisisopvang en spoedplekken');
	await expect(theme.getByRole('radio')).toHaveCount(3);
	await theme.getByRole('radio', { name: 'Regionaal', exact: true }).check();
	await expect(theme.getByTestId('statement-state')).toHaveText('Ontvangen');
	// Answered: the scale is fixed until the facilitator resets.
	await expect(facilitator.getByText('Er is al geantwoord')).toBeVisible();
	await facilitator.getByRole('button', { name: 'Terugzetten' }).click();
	await facilitator.getByRole('button', { name: 'Ja, wissen' }).click();
	await expect(facilitator.getByTestId('scale-status')).toHaveText('Nog niet geopend');
	await facilitator.getByRole('button', { name: 'Eens–oneens (5)' }).click();
	await expect(labels).toHaveCount(5);
	await saved(facilitator);
	await facilitator.getByRole('button', { name: 'Stellingen openen' }).click();
	await expect(theme.getByRole('radio')).toHaveCount(5);
});

/** Statements as a network writes them: short and long. */
const REALISTIC = [
	'BORN moet meer sturen op resultaten dan nu.',
	'Besluiten over bovenregionale thema’s duren te lang, omdat negen regio’s en tweeënveertig gemeenten moeten instemmen.',
	'Wat BORN oplevert, is voor mijn organisatie duidelijk.',
	'Ervaringsdeskundigen horen aan tafel bij elk besluit van het netwerk, ook als dat het proces vertraagt.',
	'Met het ravijnjaar in zicht moet het netwerk zijn huidige inzet vasthouden.',
	'Aanbieders krijgen te maken met te veel verschillende afspraken per regio.',
	'Het kernteam heeft genoeg tijd en mandaat om de thema’s uit te voeren.',
	'BORN is eerder een leernetwerk dan een verzekeringspremie.',
	'Onderwijs en jeugdhulp moeten hun plannen samen maken, in plaats van ieder de eigen wettelijke taak uit te voeren.',
	'Gedeelde cijfers over de jeugdigen met de meest complexe problematiek zijn nodig om te kunnen sturen.',
	'Wethouders dragen in hun eigen regio uit wat BORN doet en wat niet.',
	'Een regio die niet meedoet aan een thema, moet dat kunnen zonder het netwerk te verlaten.'
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

/** Checks the projector at every size; photographs it at the sizes worth looking at. */
async function fitsEverywhere(projector: Page, name: string): Promise<void> {
	for (const size of PROJECTOR_SIZES) {
		await projector.setViewportSize(size);
		await settled(projector);
		const label = `${size.width}x${size.height}`;
		if (label !== '1366x768') {
			await projector.screenshot({ path: test.info().outputPath(`scale-${name}-${label}.png`) });
		}
		await expect
			.poll(() => misfits(projector), { message: `${name} at ${size.width}×${size.height}` })
			.toEqual([]);
		expect(await stageSize(projector)).toBeGreaterThanOrEqual(14);
	}
}

test('twelve statements on five points from twenty-one people in seven perspectives fit the projector at every size', async ({
	page,
	openDevice
}) => {
	test.setTimeout(240_000);
	const { session, facilitator } = await sessionByApi(page.request, 'Leersessie 2: stellingen');
	const join = phonesByApi(new URL(session.links.join).origin, session.joinCode);
	const phones: ApiPhone[] = [];
	for (let i = 0; i < 21; i++) phones.push(await join({ perspective: PERSPECTIVES[i % 7]! }));
	await facilitator({ type: 'step.add', kind: 'scale' }, 'scale');
	await facilitator({
		type: 'scale.update',
		stepId: 'scale',
		title: 'Hoe kijk jij naar het netwerk?',
		visibility: 'live',
		statements: REALISTIC.map((text, i) => ({ id: `st${i + 1}`, text }))
	});
	await facilitator({ type: 'step.activate', stepId: 'scale' });
	await facilitator({ type: 'scale.open', stepId: 'scale' });

	const projector = await openDevice(PROJECTOR_SIZES[0]);
	await projector.goto(session.links.screen);
	await expect(projector.getByRole('heading', { level: 2, name: /Hoe kijk jij/ })).toBeVisible();
	await fitsEverywhere(projector, 'draft');

	for (const [i, phone] of phones.entries()) {
		const perspective = i % 7;
		for (let k = 0; k < REALISTIC.length; k++) {
			// Some statements split the perspectives, some the room, some hardly anyone.
			const point =
				k % 3 === 0
					? perspective < 2 + k / 3
						? (i + k) % 2
						: 4 - ((i * k) % 3)
					: k % 3 === 1
						? (i * 7 + k) % 5
						: 3 + ((i + k) % 2);
			await phone.send({ type: 'scale.answer', stepId: 'scale', statementId: `st${k + 1}`, point });
		}
	}
	await projector.setViewportSize(PROJECTOR_SIZES[0]!);
	await expect(projector.getByTestId('voted')).toContainText('21 van 21');
	await expect(
		projector.locator('[data-testid="distributions"] [role="img"]').first()
	).toHaveAttribute('aria-label', /\(\d+%\)/);
	await fitsEverywhere(projector, 'open');

	await facilitator({ type: 'scale.close', stepId: 'scale' });
	await expect(projector.getByTestId('dividing').locator('li')).toHaveCount(3);
	await fitsEverywhere(projector, 'closed');
	await expectAccessible(projector);
});
