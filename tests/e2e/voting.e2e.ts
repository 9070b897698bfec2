import type { Page } from '@playwright/test';
import type { ApiPhone } from './api';
import { expect, expectAccessible, test } from './fixtures';
import { addAndShow, cuttableSync, joinAs, openRoom, saved, setMode, vote } from './room';

const perspectives = ['Wethouder', 'Jeugdhulpaanbieder', 'Onderwijs (SWV-VO)'];

/** The figure ("2 stemmen · 40%") of one option in the totals a page shows. */
const figure = (page: Page, option: string, series?: 'now' | 'desired') =>
	page.locator(
		`[data-testid=overall] li[data-option="${option}"] ${series ? `[data-series=${series}] ` : ''}[data-testid=figure]`
	);

/** One cell ("67% (2)") of the breakdown per perspective a page shows. */
const cell = (page: Page, option: string, perspective: string, series?: 'now' | 'desired') =>
	page.locator(
		`[data-testid=by-perspective]${series ? `[data-series=${series}]` : ''} td[data-option="${option}"][data-perspective="${perspective}"]`
	);

test('a hidden single-choice poll: phones vote, one changes, a reload keeps the vote, nobody sees counts while it is open, and the closed poll shows counts per perspective', async ({
	page,
	openPhone,
	openDevice
}) => {
	const room = await openRoom({ page, openPhone, openDevice }, perspectives);
	const { facilitator, projector, phones } = room;
	const [alderman, provider, school] = phones as [Page, Page, Page];
	// Two more people of each perspective vote through the API: a group shows on its own only
	// from three people.
	const others = {
		wethouder: [await room.joinByApi('wethouder'), await room.joinByApi('wethouder')],
		aanbieder: [await room.joinByApi('aanbieder'), await room.joinByApi('aanbieder')],
		onderwijs: [await room.joinByApi('onderwijs'), await room.joinByApi('onderwijs')]
	};

	const pollId = await addAndShow(facilitator, 'Stemming toevoegen');
	const choose = (phone: ApiPhone, choice: string) =>
		phone.send({ type: 'vote.cast', stepId: pollId, choice });
	await expect(facilitator.getByLabel('Uitslag')).toHaveValue('hidden');
	await expectAccessible(facilitator);
	await expect(alderman.getByText('De stemming is nog niet geopend.')).toBeVisible();
	await facilitator.getByRole('button', { name: 'Stemming openen' }).click();

	// Every phone follows to the poll by itself.
	for (const phone of phones) {
		await expect(
			phone.getByRole('heading', { name: 'Welke positionering past het best bij BORN?' })
		).toBeVisible();
	}
	await expectAccessible(alderman);
	await vote(alderman, 'Bestuurlijk hart');
	await vote(provider, 'Leernetwerk');
	await vote(school, 'Leernetwerk');
	await expect(projector.getByTestId('voted')).toHaveText('3 van 3 aanwezigen hebben gestemd');
	await expect(projector.getByText('De uitslag volgt.')).toBeVisible();
	await expectAccessible(projector);

	// The school changes its mind; the provider's phone reloads and still shows its vote.
	await vote(school, 'Facilitator', 'Je stem is gewijzigd.');
	await provider.reload();
	await expect(provider.getByRole('radio', { name: /^Leernetwerk/ })).toBeChecked();
	await expect(provider.getByRole('button', { name: 'Stem wijzigen' })).toBeVisible();

	// While a hidden poll is open not even the facilitator sees counts (one could close right
	// after a single tap): only how many voted, which moves at once.
	await expect(facilitator.getByText('De uitslag volgt.')).toBeVisible();
	await expect(figure(facilitator, 'leernetwerk')).toHaveCount(0);
	await choose(others.wethouder[0]!, 'ontmoetingsplaats');
	await expect(facilitator.getByTestId('voted')).toHaveText('4 van 4 aanwezigen hebben gestemd');
	await choose(others.onderwijs[0]!, 'facilitator');
	await expect(facilitator.getByTestId('voted')).toHaveText('5 van 5 aanwezigen hebben gestemd');
	await expect(figure(facilitator, 'leernetwerk')).toHaveCount(0);
	await expect(facilitator.getByTestId('by-perspective')).toHaveCount(0);
	await choose(others.wethouder[1]!, 'bestuurlijk-hart');
	await choose(others.aanbieder[0]!, 'leernetwerk');
	await choose(others.aanbieder[1]!, 'leernetwerk');
	await choose(others.onderwijs[1]!, 'leernetwerk');
	await expect(projector.getByTestId('voted')).toHaveText('9 van 9 aanwezigen hebben gestemd');

	// The alderman starts changing the vote but the poll closes first: the phone says so.
	await alderman.getByRole('radio', { name: /^Ontmoetingsplaats/ }).check();
	await facilitator.getByRole('button', { name: 'Stemming sluiten' }).click();
	await expect(alderman.getByText('De stemming is gesloten.')).toBeVisible();
	await expect(alderman.getByRole('alert')).toHaveText(
		'De stemming sloot voordat je stem binnen was.'
	);
	await expect(alderman.getByText('Jouw stem: Bestuurlijk hart')).toBeVisible();
	// Closed: the facilitator sees the counts, with a note that only they do; the room not yet.
	await expect(
		facilitator.getByText('Alleen jij ziet deze uitslag tot je hem toont.')
	).toBeVisible();
	await expect(figure(facilitator, 'leernetwerk')).toHaveText('4 stemmen · 44%');
	await expect(projector.getByText('De uitslag volgt.')).toBeVisible();
	await facilitator.getByRole('button', { name: 'Uitslag tonen' }).click();

	// Closed: every vote counts, in percentages of the votes, and per perspective.
	await expect(figure(projector, 'leernetwerk')).toHaveText('4 stemmen · 44%');
	await expect(figure(projector, 'facilitator')).toHaveText('2 stemmen · 22%');
	await expect(figure(projector, 'bestuurlijk-hart')).toHaveText('2 stemmen · 22%');
	await expect(figure(projector, 'ontmoetingsplaats')).toHaveText('1 stem · 11%');
	await expect(cell(projector, 'bestuurlijk-hart', 'wethouder')).toHaveText('67%');
	await expect(cell(projector, 'ontmoetingsplaats', 'wethouder')).toHaveText('33%');
	await expect(cell(projector, 'leernetwerk', 'aanbieder')).toHaveText('100%');
	await expect(cell(projector, 'facilitator', 'onderwijs')).toHaveText('67%');
	await expect(cell(projector, 'leernetwerk', 'onderwijs')).toHaveText('33%');
	// Every group has three people: none is merged.
	await expect(projector.getByTestId('merged-row')).toHaveCount(0);
	await expect(projector.getByTestId('breakdown-note')).toHaveCount(0);
	await expectAccessible(projector);
	// The phones see the revealed result too, and their own vote.
	await expect(school.getByText('Jouw stem: Facilitator')).toBeVisible();
	await expect(figure(school, 'facilitator')).toHaveText('2 stemmen · 22%');
	await expect(cell(school, 'facilitator', 'onderwijs')).toContainText('67% (2)');
});

test('a points poll refuses more points than there are, on the phone', async ({
	page,
	openPhone,
	openDevice
}) => {
	const room = await openRoom({ page, openPhone, openDevice }, ['Wethouder']);
	const { facilitator, projector } = room;
	const phone = room.phones[0]!;
	const pollId = await addAndShow(facilitator, 'Stemming toevoegen');
	await setMode(facilitator, 'Punten verdelen');
	await facilitator.getByLabel('Uitslag').selectOption({ label: 'Direct zichtbaar' });
	await saved(facilitator);
	await facilitator.getByRole('button', { name: 'Stemming openen' }).click();

	await expect(phone.getByTestId('points-left')).toHaveText('Nog 10 van 10 punten te verdelen');
	await phone.getByRole('spinbutton', { name: 'Punten voor Leernetwerk' }).fill('8');
	await phone.getByRole('spinbutton', { name: 'Punten voor Facilitator' }).fill('5');
	await phone.getByRole('button', { name: 'Stem', exact: true }).click();
	await expect(phone.getByRole('alert')).toHaveText(
		'Je verdeelt 13 punten, maar er zijn er 10. Haal er 3 weg.'
	);
	await expect(projector.getByTestId('voted')).toHaveText('0 van 1 aanwezige hebben gestemd');

	await phone.getByRole('button', { name: 'Minder punten voor Facilitator' }).click();
	await phone.getByRole('button', { name: 'Minder punten voor Facilitator' }).click();
	await phone.getByRole('button', { name: 'Minder punten voor Facilitator' }).click();
	await expect(phone.getByTestId('points-left')).toHaveText('Nog 0 van 10 punten te verdelen');
	await expect(phone.getByRole('button', { name: 'Meer punten voor Leernetwerk' })).toBeDisabled();
	await phone.getByRole('button', { name: 'Stem', exact: true }).click();
	await expect(phone.getByText('Je stem is ontvangen.')).toBeVisible();
	// One ballot alone is never shown, not even with results visible to all.
	await expect(projector.getByTestId('voted')).toHaveText('1 van 1 aanwezige heeft gestemd');
	await expect(
		projector.getByText('De uitslag verschijnt zodra minstens 3 mensen hebben gestemd.')
	).toBeVisible();
	await expect(projector.getByTestId('overall')).toHaveCount(0);

	// Two more people divide their points; the three ballots show together.
	const points = (phone: ApiPhone, split: Record<string, number>) =>
		phone.send({ type: 'vote.cast', stepId: pollId, points: split });
	await points(await room.joinByApi('aanbieder'), { leernetwerk: 7, 'bestuurlijk-hart': 3 });
	await points(await room.joinByApi('onderwijs'), { ontmoetingsplaats: 10 });
	await expect(figure(projector, 'leernetwerk')).toHaveText('15 punten · 50%');
	await expect(figure(projector, 'ontmoetingsplaats')).toHaveText('10 punten · 33%');
	await expect(figure(projector, 'facilitator')).toHaveText('2 punten · 7%');
	await expectAccessible(phone);
});

test('a now-vs-desired poll shows both distributions and the shift', async ({
	page,
	openPhone,
	openDevice
}) => {
	const room = await openRoom({ page, openPhone, openDevice }, ['Wethouder', 'Jeugdhulpaanbieder']);
	const { facilitator, projector, phones } = room;
	const pollId = await addAndShow(facilitator, 'Stemming toevoegen');
	await setMode(facilitator, 'Nu en gewenst');
	await facilitator.getByRole('button', { name: 'Stemming openen' }).click();

	for (const [phone, desired] of [
		[phones[0]!, 'Bestuurlijk hart'],
		[phones[1]!, 'Facilitator']
	] as const) {
		await phone
			.getByRole('group', { name: 'Wat is BORN nu?' })
			.getByRole('radio', { name: 'Ontmoetingsplaats' })
			.check();
		await phone
			.getByRole('group', { name: 'Wat zou BORN moeten zijn?' })
			.getByRole('radio', { name: desired })
			.check();
		await phone.getByRole('button', { name: 'Stem', exact: true }).click();
		await expect(phone.getByText('Je stem is ontvangen.')).toBeVisible();
	}
	await expectAccessible(phones[0]!);
	// Two more of each perspective vote alike, so each group has the three it needs to show.
	for (const [perspective, desired] of [
		['wethouder', 'bestuurlijk-hart'],
		['aanbieder', 'facilitator']
	] as const) {
		for (let i = 0; i < 2; i++) {
			const phone = await room.joinByApi(perspective);
			await phone.send({ type: 'vote.cast', stepId: pollId, now: 'ontmoetingsplaats', desired });
		}
	}
	await expect(projector.getByTestId('voted')).toHaveText('6 van 6 aanwezigen hebben gestemd');
	await facilitator.getByRole('button', { name: 'Stemming sluiten' }).click();
	await facilitator.getByRole('button', { name: 'Uitslag tonen' }).click();

	await expect(figure(projector, 'ontmoetingsplaats', 'now')).toHaveText('6 stemmen · 100%');
	await expect(figure(projector, 'ontmoetingsplaats', 'desired')).toHaveText('0 stemmen · 0%');
	await expect(figure(projector, 'bestuurlijk-hart', 'desired')).toHaveText('3 stemmen · 50%');
	await expect(
		projector.locator('[data-testid=overall] li[data-option=ontmoetingsplaats] [data-testid=shift]')
	).toHaveText('Verschuiving: -100 procentpunt');
	await expect(cell(projector, 'facilitator', 'aanbieder', 'desired')).toHaveText('100%');
	await expect(cell(projector, 'ontmoetingsplaats', 'wethouder', 'now')).toHaveText('100%');
	await expect(cell(projector, 'bestuurlijk-hart', 'aanbieder', 'desired')).toHaveText('0%');
	await expectAccessible(projector);
});

test('a consent round with an objection, then an amended proposal that passes in round two', async ({
	page,
	openPhone,
	openDevice
}) => {
	const { facilitator, projector, phones } = await openRoom(
		{ page, openPhone, openDevice },
		perspectives
	);
	await addAndShow(facilitator, 'Consentronde toevoegen');
	const proposal = facilitator.getByLabel('Voorstel', { exact: true });
	await proposal.fill('BORN wordt het leernetwerk van de regio’s.');
	await facilitator.getByRole('button', { name: 'Ronde openen' }).click();
	await expectAccessible(facilitator);

	await expect(phones[0]!.getByTestId('proposal')).toHaveText(
		'BORN wordt het leernetwerk van de regio’s.'
	);
	// An objection without a reason is refused on the phone.
	await phones[0]!.getByRole('radio', { name: /^Bezwaar/ }).check();
	await phones[0]!.getByRole('button', { name: 'Versturen' }).click();
	await expect(phones[0]!.getByRole('alert')).toHaveText('Een bezwaar heeft een argument nodig.');
	await phones[0]!
		.getByLabel('Argument', { exact: true })
		.fill('Zonder mandaat blijft het vrijblijvend.');
	await phones[0]!.getByRole('button', { name: 'Versturen' }).click();
	await expect(phones[0]!.getByText('Je reactie is ontvangen.')).toBeVisible();
	await expectAccessible(phones[0]!);
	for (const phone of phones.slice(1)) {
		await phone.getByRole('radio', { name: /^Instemming/ }).check();
		await phone.getByRole('button', { name: 'Versturen' }).click();
		await expect(phone.getByText('Je reactie is ontvangen.')).toBeVisible();
	}
	const round = (n: number) => projector.locator(`[data-testid=consent-round][data-round="${n}"]`);
	await expect(round(1).locator('li[data-answer=objection] [data-testid=count]')).toHaveText('1');
	await expect(round(1).locator('li[data-answer=consent] [data-testid=count]')).toHaveText('2');
	await expect(round(1).getByTestId('reasons')).toContainText(
		'Zonder mandaat blijft het vrijblijvend.'
	);

	// The facilitator amends the proposal and starts the next round; round 1 is kept.
	await proposal.fill('BORN wordt het leernetwerk van de regio’s, met een mandaat per thema.');
	await facilitator.getByRole('button', { name: 'Volgende ronde met dit voorstel' }).click();
	await expect(phones[0]!.getByTestId('proposal')).toHaveText(
		'BORN wordt het leernetwerk van de regio’s, met een mandaat per thema.'
	);
	for (const phone of phones) {
		await expect(phone.getByRole('radio', { name: /^Instemming/ })).not.toBeChecked();
		await phone.getByRole('radio', { name: /^Instemming/ }).check();
		await phone.getByRole('button', { name: 'Versturen' }).click();
		await expect(phone.getByText('Je reactie is ontvangen.')).toBeVisible();
	}
	await facilitator.getByRole('button', { name: 'Ronde sluiten' }).click();
	await expect(round(2).getByTestId('outcome')).toHaveText('Aangenomen: geen bezwaar');
	await expect(round(2).locator('li[data-answer=consent] [data-testid=count]')).toHaveText('3');
	// One person per perspective: the closed round shows them only together, never one alone.
	await expect(round(2).getByTestId('merged-row')).toContainText('Overige perspectieven');
	await expect(round(2).getByTestId('merged-row').locator('td')).toHaveText(['3', '0', '0']);
	await expect(round(2).getByRole('rowheader', { name: 'Wethouder', exact: true })).toHaveCount(0);
	await expect(round(2).getByTestId('merged-note')).toBeVisible();
	// The projector shows the round on the table; the console keeps the earlier ones.
	await expect(projector.getByTestId('consent-round')).toHaveCount(1);
	const first = facilitator.locator('[data-testid=consent-round][data-round="1"]');
	await expect(first.getByTestId('outcome')).toHaveText('Niet aangenomen: er is bezwaar');
	await expect(first.getByTestId('reasons')).toContainText(
		'Zonder mandaat blijft het vrijblijvend.'
	);
	await expect(phones[1]!.getByText('Deze ronde is gesloten.')).toBeVisible();
	await expectAccessible(projector);
});

test('a phone that lost its connection follows the facilitator as soon as it is back', async ({
	page,
	openPhone,
	openDevice
}) => {
	const { facilitator, code } = await openRoom({ page, openPhone, openDevice }, []);
	const phone = await openPhone();
	const network = await cuttableSync(phone.context());
	await joinAs(phone, code, 'Anders');
	await addAndShow(facilitator, 'Stemming toevoegen');
	await expect(phone.getByText('De stemming is nog niet geopend.')).toBeVisible();

	await network.cut();
	await expect(phone.getByRole('status').filter({ hasText: 'Verbinding weg' })).toBeVisible();
	await addAndShow(facilitator, 'Consentronde toevoegen');
	await facilitator.getByRole('button', { name: 'Ronde openen' }).click();
	await expect(phone.getByText('De stemming is nog niet geopend.')).toBeVisible();

	await network.restore();
	await expect(phone.getByRole('heading', { name: 'Voorstel' })).toBeVisible();
	await expect(phone.getByRole('radio', { name: /^Instemming/ })).toBeVisible();
	await expect(phone.getByRole('status').filter({ hasText: 'Live verbonden' })).toBeVisible();
});

test('a phone says its vote or response was received only in the step it answered, not in the next one', async ({
	page,
	openPhone,
	openDevice
}) => {
	const { facilitator, phones } = await openRoom({ page, openPhone, openDevice }, ['Wethouder']);
	const phone = phones[0]!;
	const sendStatus = phone.locator('.send-status');
	await addAndShow(facilitator, 'Stemming toevoegen');
	await facilitator.getByRole('button', { name: 'Stemming openen' }).click();
	await vote(phone, 'Leernetwerk');

	// The next poll starts afresh: nothing chosen and nothing received yet.
	await addAndShow(facilitator, 'Stemming toevoegen');
	await facilitator.getByRole('button', { name: 'Stemming openen' }).click();
	await expect(phone.getByRole('button', { name: 'Stem', exact: true })).toBeVisible();
	await expect(phone.getByRole('radio', { name: /^Leernetwerk/ })).not.toBeChecked();
	await expect(sendStatus).toHaveAttribute('data-state', 'idle');
	await expect(phone.getByText('Je stem is ontvangen.')).toHaveCount(0);
	await vote(phone, 'Facilitator');

	// A poll that is reset starts a new round: the vote of the old one was not for it.
	await facilitator.getByRole('button', { name: 'Terugzetten' }).click();
	await facilitator.getByRole('button', { name: 'Ja, wissen' }).click();
	await facilitator.getByRole('button', { name: 'Stemming openen' }).click();
	await expect(phone.getByRole('button', { name: 'Stem', exact: true })).toBeVisible();
	await expect(sendStatus).toHaveAttribute('data-state', 'idle');

	// Consent rounds alike: the answer to one proposal is not the answer to the next.
	for (const proposal of ['Eerste voorstel.', 'Tweede voorstel.']) {
		await addAndShow(facilitator, 'Consentronde toevoegen');
		await facilitator.getByLabel('Voorstel', { exact: true }).fill(proposal);
		await facilitator.getByRole('button', { name: 'Ronde openen' }).click();
		await expect(phone.getByTestId('proposal')).toHaveText(proposal);
		await expect(phone.getByRole('radio', { name: /^Instemming/ })).not.toBeChecked();
		await expect(sendStatus).toHaveAttribute('data-state', 'idle');
		await expect(phone.getByText('Je reactie is ontvangen.')).toHaveCount(0);
		await phone.getByRole('radio', { name: /^Instemming/ }).check();
		await phone.getByRole('button', { name: 'Versturen' }).click();
		await expect(phone.getByText('Je reactie is ontvangen.')).toBeVisible();
	}
});
