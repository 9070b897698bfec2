import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures';
import { addAndShow, joinAs, openJoinLink, openRoom, saved, vote } from './room';

/** The breakdown per perspective a page shows. */
const breakdown = (page: Page) => page.getByTestId('by-perspective');

const MERGED_NOTE =
	'Groepen van minder dan 3 mensen zijn samengevoegd of weggelaten, zodat niemands stem te herleiden is.';

/** Downloads the Markdown report from the console's export panel. */
async function markdownExport(facilitator: Page): Promise<string> {
	const [download] = await Promise.all([
		facilitator.waitForEvent('download'),
		facilitator.getByRole('button', { name: 'Markdown', exact: true }).click()
	]);
	return readFileSync((await download.path())!, 'utf8');
}

test('a lone alderman is never shown on their own: the closed poll, the phone and the export merge them', async ({
	page,
	openPhone,
	openDevice
}) => {
	const room = await openRoom({ page, openPhone, openDevice }, []);
	const { facilitator, projector } = room;
	const alderman = await openPhone();
	await joinAs(alderman, room.code, 'Wethouder', 'Anna de Vries');
	const providers = [];
	for (let i = 0; i < 4; i++) providers.push(await room.joinByApi('aanbieder'));

	const pollId = await addAndShow(facilitator, 'Stemming toevoegen');
	await facilitator.getByRole('button', { name: 'Stemming openen' }).click();
	await vote(alderman, 'Bestuurlijk hart');
	for (const [i, provider] of providers.entries()) {
		const choice = i === 0 ? 'facilitator' : 'leernetwerk';
		await provider.send({ type: 'vote.cast', stepId: pollId, choice });
	}
	await expect(projector.getByTestId('voted')).toHaveText('5 van 5 aanwezigen hebben gestemd');
	await facilitator.getByRole('button', { name: 'Stemming sluiten' }).click();
	await facilitator.getByRole('button', { name: 'Uitslag tonen' }).click();

	// One alderman and four providers: the alderman's group is too small to show, and the
	// providers' group would give the alderman's vote away by subtraction from the total, so
	// both are counted together in one row, on the projector, the phone and the console alike.
	for (const screen of [projector, alderman, facilitator]) {
		await expect(
			screen.locator('[data-testid=overall] li[data-option=leernetwerk] [data-testid=figure]')
		).toHaveText('3 stemmen · 60%');
		const merged = screen.getByTestId('merged-row');
		await expect(merged.getByRole('rowheader')).toContainText('Overige perspectieven');
		await expect(merged.getByRole('rowheader')).toContainText('(5)');
		await expect(breakdown(screen).locator('tbody tr')).toHaveCount(1);
		await expect(breakdown(screen).getByRole('rowheader', { name: /^Wethouder/ })).toHaveCount(0);
		await expect(breakdown(screen).getByRole('columnheader', { name: 'Wethouder' })).toHaveCount(0);
		await expect(breakdown(screen).locator('[data-perspective=wethouder]')).toHaveCount(0);
		await expect(screen.getByTestId('merged-note')).toHaveText(MERGED_NOTE);
	}

	// The report follows the same rule: no column of the alderman's own, and no names.
	const markdown = await markdownExport(facilitator);
	const table = markdown.split('\n').filter((line) => line.startsWith('| Optie |'));
	expect(table).toEqual(['| Optie | Totaal | Overige perspectieven |']);
	expect(markdown).toContain('| Leernetwerk | 3 | 3 |');
	expect(markdown).toContain(MERGED_NOTE);
	expect(markdown).not.toContain('Anna');
});

/** The votes a page's totals hold, added up ("2 stemmen · 50%" counts 2, "1 stem" 1). */
async function countedVotes(page: Page): Promise<number> {
	const figures = await page
		.locator('[data-testid=overall] [data-testid=figure]')
		.allTextContents();
	return figures.reduce((sum, figure) => sum + Number(/^(\d+) stem/.exec(figure)?.[1]), 0);
}

test('a phone erases its answers and keeps its card; the facilitator erases another participant', async ({
	page,
	openPhone,
	openDevice
}) => {
	const room = await openRoom({ page, openPhone, openDevice }, []);
	const { facilitator, projector } = room;
	const anna = await openPhone();
	await joinAs(anna, room.code, 'Wethouder', 'Anna');
	const bram = await openPhone();
	await joinAs(bram, room.code, 'Jeugdhulpaanbieder', 'Bram');
	const others = [await room.joinByApi('aanbieder'), await room.joinByApi('onderwijs')];

	// Anna posts a dilemma with her name on it.
	const boardId = await addAndShow(facilitator, 'Dilemma’s verzamelen toevoegen');
	const dilemma = 'Samen optrekken of ieder apart?';
	await anna.getByLabel('Jouw dilemma').fill(dilemma);
	await anna.getByLabel('Toon mijn naam bij dit dilemma').check();
	await anna.getByRole('button', { name: 'Dilemma insturen' }).click();
	const card = projector.locator('li[data-card]', { hasText: dilemma });
	await expect(card).toContainText('— Anna');

	// Four people vote; the facilitator closes the poll and returns to the welcome screen.
	const pollId = await addAndShow(facilitator, 'Stemming toevoegen');
	await facilitator.getByRole('button', { name: 'Stemming openen' }).click();
	await vote(anna, 'Bestuurlijk hart');
	await vote(bram, 'Leernetwerk');
	await others[0]!.send({ type: 'vote.cast', stepId: pollId, choice: 'facilitator' });
	await others[1]!.send({ type: 'vote.cast', stepId: pollId, choice: 'leernetwerk' });
	await facilitator.getByRole('button', { name: 'Stemming sluiten' }).click();
	const voted = facilitator.getByTestId('voted');
	await expect(voted).toHaveText('4 van 4 aanwezigen hebben gestemd');
	await expect.poll(() => countedVotes(facilitator)).toBe(4);
	await facilitator
		.locator('li', { hasText: 'Welkom (code en QR)' })
		.getByRole('button', { name: 'Toon op alle schermen' })
		.click();
	const present = facilitator.getByTestId('present-count');
	await expect(present).toHaveText('2 aanwezig van 4 aangemeld');
	await facilitator.getByText('Deelnemers en hun perspectief (alleen voor jou zichtbaar)').click();
	const list = facilitator.getByTestId('participant-list');
	await expect(list.getByRole('listitem')).toHaveText([
		/^Anna · Wethouder/,
		/^Bram · Jeugdhulpaanbieder/,
		/^Deelnemer zonder naam 3 · Jeugdhulpaanbieder/,
		/^Deelnemer zonder naam 4 · Onderwijs \(SWV-VO\)/
	]);

	// Anna erases her answers from the waiting screen, and keeps her card.
	await expect(anna.getByTestId('anonymity')).toHaveText(
		'Anoniem: niemand ziet wat jij kiest. Uitslagen per perspectief alleen voor groepen van minstens 3.'
	);
	await anna.getByRole('button', { name: 'Verwijder mijn antwoorden' }).click();
	const form = anna.getByTestId('erase-form');
	await expect(form.getByRole('heading', { name: 'Je antwoorden verwijderen?' })).toBeVisible();
	await form.getByRole('radio', { name: 'Laten staan, zonder iets dat naar mij verwijst' }).check();
	await expectAccessible(anna);
	await form.getByRole('button', { name: 'Verwijderen' }).click();
	await expect(anna.getByRole('heading', { name: 'Je antwoorden zijn verwijderd' })).toBeVisible();
	await expect(anna.getByRole('link', { name: 'Meedoen met een code' })).toBeVisible();

	// The console counts one fewer, everywhere, and no longer lists her; the card stays, nameless.
	await expect(voted).toHaveText('3 van 3 aanwezigen hebben gestemd');
	await expect.poll(() => countedVotes(facilitator)).toBe(3);
	await expect(present).toHaveText('1 aanwezig van 3 aangemeld');
	await expect(list.getByRole('listitem')).toHaveCount(3);
	await expect(list).not.toContainText('Anna');

	// The facilitator erases Bram, after confirming.
	await list.getByRole('button', { name: 'Antwoorden van Bram verwijderen' }).click();
	const dialog = facilitator.getByRole('dialog');
	await expect(dialog).toContainText('Naam, perspectief en antwoorden van Bram verwijderen?');
	await expectAccessible(facilitator);
	await dialog.getByRole('button', { name: 'Verwijderen' }).click();
	await expect(list.getByRole('listitem')).toHaveCount(2);
	await expect(list).not.toContainText('Bram');
	await expect(present).toHaveText('0 aanwezig van 2 aangemeld');
	// Two votes are left: too few to show any count.
	await expect(voted).toHaveText('2 van 2 aanwezigen hebben gestemd');
	await expect(
		facilitator.getByText('De uitslag verschijnt zodra minstens 3 mensen hebben gestemd.')
	).toBeVisible();
	await expect(facilitator.getByTestId('overall')).toHaveCount(0);
	// Bram's phone no longer gets in.
	await expect(
		bram.getByRole('status').filter({ hasText: 'Geen toegang: deze link of aanmelding' })
	).toBeVisible();
	await expect(bram.getByRole('link', { name: 'Meedoen met een code' })).toBeVisible();
	await expectAccessible(facilitator);

	// Anna's dilemma is still on the board, without her name.
	await facilitator
		.locator(`li[data-step="${boardId}"]`)
		.getByRole('button', { name: 'Toon op alle schermen' })
		.click();
	await expect(card).toBeVisible();
	await expect(card).not.toContainText('Anna');
});

test('open voting, set before anyone votes: phones say so before each vote, and the setting locks at the first vote', async ({
	page,
	openPhone,
	openDevice
}) => {
	const room = await openRoom({ page, openPhone, openDevice }, ['Wethouder', 'Jeugdhulpaanbieder']);
	const { facilitator, projector, phones } = room;
	const [alderman, provider] = phones as [Page, Page];
	const panel = facilitator.getByTestId('anonymity-panel');
	await expect(panel.getByRole('radio', { name: 'Anoniem (aanbevolen)' })).toBeChecked();
	await expect(panel.getByLabel('Kleinste groep die apart getoond wordt')).toHaveValue('3');
	await expectAccessible(facilitator);

	const open = panel.getByRole('radio', {
		name: 'Open stemming: ook groepen van één worden getoond'
	});
	await open.check();
	await expect(panel.getByLabel('Kleinste groep die apart getoond wordt')).toBeDisabled();
	await panel.getByRole('button', { name: 'Anonimiteit vastleggen' }).click();
	const openLine =
		'Open stemming: per perspectief is te zien hoe er gestemd is, ook als je de enige van je perspectief bent.';
	for (const phone of phones) await expect(phone.getByTestId('anonymity')).toHaveText(openLine);
	// Someone joining now reads it before giving a name and perspective.
	const late = await openPhone();
	await openJoinLink(late, room.code);
	await expect(late.getByTestId('anonymity')).toHaveText(openLine);

	// Before the vote, every phone says it again.
	await addAndShow(facilitator, 'Stemming toevoegen');
	await facilitator.getByLabel('Uitslag').selectOption({ label: 'Direct zichtbaar' });
	await saved(facilitator);
	await facilitator.getByRole('button', { name: 'Stemming openen' }).click();
	for (const phone of phones) {
		await expect(phone.getByRole('button', { name: 'Stem', exact: true })).toBeVisible();
		await expect(phone.getByTestId('anonymity')).toHaveText(openLine);
	}
	await expectAccessible(alderman);

	await vote(alderman, 'Leernetwerk');
	// The first vote locks the setting: it is what those who voted were told.
	await expect(panel.getByRole('status')).toHaveText(
		'Er is gestemd: deze instelling ligt nu vast.'
	);
	await expect(panel.getByRole('button', { name: 'Anonimiteit vastleggen' })).toHaveCount(0);
	await expect(open).toBeChecked();
	await expect(open).toBeDisabled();
	await expectAccessible(facilitator);

	// Open voting: one vote shows at once, with the voter's perspective (the projector's table
	// shows shares; the row says how many are in the group).
	await expect(
		projector.locator('[data-testid=overall] li[data-option=leernetwerk] [data-testid=figure]')
	).toHaveText('1 stem · 100%');
	await expect(
		projector.locator(
			'[data-testid=by-perspective] td[data-option=leernetwerk][data-perspective=wethouder]'
		)
	).toHaveText('100%');
	await expect(
		projector.locator('[data-testid=by-perspective] tbody th', { hasText: 'Wethouder' })
	).toContainText('(1)');
	await expect(projector.getByTestId('merged-row')).toHaveCount(0);
	await vote(provider, 'Facilitator');
	await expect(
		projector.locator(
			'[data-testid=by-perspective] td[data-option=facilitator][data-perspective=aanbieder]'
		)
	).toHaveText('100%');
});
