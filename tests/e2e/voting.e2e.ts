import { expect, expectAccessible, test } from './fixtures';
import { addAndShow, cuttableSync, joinAs, openRoom, setMode, vote } from './room';

const perspectives = ['Wethouder', 'Jeugdhulpaanbieder', 'Onderwijs (SWV-VO)'];

test('a hidden single-choice poll: phones vote, one changes, a reload keeps the vote, the reveal shows counts per perspective', async ({
	page,
	openPhone,
	openDevice
}) => {
	const { facilitator, projector, phones } = await openRoom(
		{ page, openPhone, openDevice },
		perspectives
	);
	const [alderman, provider, school] = phones as [typeof page, typeof page, typeof page];

	await addAndShow(facilitator, 'Stemming toevoegen');
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
	await expect(projector.getByTestId('voted')).toHaveText('3 van 3 aanwezigen heeft gestemd');
	await expect(projector.getByText('De uitslag volgt.')).toBeVisible();
	await expectAccessible(projector);

	// The school changes its mind; the provider's phone reloads and still shows its vote.
	await vote(school, 'Facilitator', 'Je stem is gewijzigd.');
	await provider.reload();
	await expect(provider.getByRole('radio', { name: /^Leernetwerk/ })).toBeChecked();
	await expect(provider.getByRole('button', { name: 'Stem wijzigen' })).toBeVisible();

	// Only the facilitator sees the hidden results, with a note saying so.
	await expect(
		facilitator.getByText('Alleen jij ziet deze uitslag tot je hem toont.')
	).toBeVisible();
	await expect(
		facilitator.locator('[data-testid=overall] li[data-option=facilitator] [data-testid=figure]')
	).toHaveText('1 stemmen · 33%');

	// The alderman starts changing the vote but the poll closes first: the phone says so.
	await alderman.getByRole('radio', { name: /^Ontmoetingsplaats/ }).check();
	await facilitator.getByRole('button', { name: 'Stemming sluiten' }).click();
	await expect(alderman.getByText('De stemming is gesloten.')).toBeVisible();
	await expect(alderman.getByRole('alert')).toHaveText(
		'De stemming sloot voordat je stem binnen was.'
	);
	await expect(alderman.getByText('Jouw stem: Bestuurlijk hart')).toBeVisible();
	await facilitator.getByRole('button', { name: 'Uitslag tonen' }).click();

	const overall = (option: string) =>
		projector.locator(`[data-testid=overall] li[data-option="${option}"] [data-testid=figure]`);
	await expect(overall('leernetwerk')).toHaveText('1 stemmen · 33%');
	await expect(overall('facilitator')).toHaveText('1 stemmen · 33%');
	await expect(overall('bestuurlijk-hart')).toHaveText('1 stemmen · 33%');
	await expect(overall('ontmoetingsplaats')).toHaveText('0 stemmen · 0%');
	const cell = (option: string, perspective: string) =>
		projector.locator(
			`[data-testid=by-perspective] td[data-option="${option}"][data-perspective="${perspective}"]`
		);
	await expect(cell('bestuurlijk-hart', 'wethouder')).toContainText('100% (1)');
	await expect(cell('leernetwerk', 'aanbieder')).toContainText('100% (1)');
	await expect(cell('facilitator', 'onderwijs')).toContainText('100% (1)');
	await expect(cell('leernetwerk', 'onderwijs')).toContainText('0% (0)');
	await expectAccessible(projector);
	// The phones see the revealed result too, and their own vote.
	await expect(school.getByText('Jouw stem: Facilitator')).toBeVisible();
	await expect(
		school.locator('[data-testid=overall] li[data-option=facilitator] [data-testid=figure]')
	).toHaveText('1 stemmen · 33%');
});

test('a points poll refuses more points than there are, on the phone', async ({
	page,
	openPhone,
	openDevice
}) => {
	const { facilitator, projector, phones } = await openRoom({ page, openPhone, openDevice }, [
		'Wethouder'
	]);
	const phone = phones[0]!;
	await addAndShow(facilitator, 'Stemming toevoegen');
	await setMode(facilitator, 'Punten verdelen');
	await facilitator.getByLabel('Uitslag').selectOption({ label: 'Direct zichtbaar' });
	await facilitator.getByRole('button', { name: 'Opslaan' }).click();
	await facilitator.getByRole('button', { name: 'Stemming openen' }).click();

	await expect(phone.getByTestId('points-left')).toHaveText('Nog 10 van 10 punten te verdelen');
	await phone.getByRole('spinbutton', { name: 'Punten voor Leernetwerk' }).fill('8');
	await phone.getByRole('spinbutton', { name: 'Punten voor Facilitator' }).fill('5');
	await phone.getByRole('button', { name: 'Stem', exact: true }).click();
	await expect(phone.getByRole('alert')).toHaveText(
		'Je verdeelt 13 punten, maar er zijn er 10. Haal er 3 weg.'
	);
	await expect(projector.getByTestId('voted')).toHaveText('0 van 1 aanwezigen heeft gestemd');

	await phone.getByRole('button', { name: 'Minder punten voor Facilitator' }).click();
	await phone.getByRole('button', { name: 'Minder punten voor Facilitator' }).click();
	await phone.getByRole('button', { name: 'Minder punten voor Facilitator' }).click();
	await expect(phone.getByTestId('points-left')).toHaveText('Nog 0 van 10 punten te verdelen');
	await expect(phone.getByRole('button', { name: 'Meer punten voor Leernetwerk' })).toBeDisabled();
	await phone.getByRole('button', { name: 'Stem', exact: true }).click();
	await expect(phone.getByText('Je stem is ontvangen.')).toBeVisible();
	await expect(
		projector.locator('[data-testid=overall] li[data-option=leernetwerk] [data-testid=figure]')
	).toHaveText('8 punten · 80%');
	await expectAccessible(phone);
});

test('a now-vs-desired poll shows both distributions and the shift', async ({
	page,
	openPhone,
	openDevice
}) => {
	const { facilitator, projector, phones } = await openRoom({ page, openPhone, openDevice }, [
		'Wethouder',
		'Jeugdhulpaanbieder'
	]);
	await addAndShow(facilitator, 'Stemming toevoegen');
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
	await facilitator.getByRole('button', { name: 'Stemming sluiten' }).click();
	await facilitator.getByRole('button', { name: 'Uitslag tonen' }).click();

	const figure = (option: string, series: string) =>
		projector.locator(
			`[data-testid=overall] li[data-option="${option}"] [data-series=${series}] [data-testid=figure]`
		);
	await expect(figure('ontmoetingsplaats', 'now')).toHaveText('2 stemmen · 100%');
	await expect(figure('ontmoetingsplaats', 'desired')).toHaveText('0 stemmen · 0%');
	await expect(figure('bestuurlijk-hart', 'desired')).toHaveText('1 stemmen · 50%');
	await expect(
		projector.locator('[data-testid=overall] li[data-option=ontmoetingsplaats] [data-testid=shift]')
	).toHaveText('Verschuiving: -100 procentpunt');
	await expect(
		projector.locator(
			'[data-testid=by-perspective][data-series=desired] td[data-option=facilitator][data-perspective=aanbieder]'
		)
	).toContainText('100% (1)');
	await expect(
		projector.locator(
			'[data-testid=by-perspective][data-series=now] td[data-option=ontmoetingsplaats][data-perspective=wethouder]'
		)
	).toContainText('100% (1)');
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
	await projector.getByText('Ronde 1', { exact: true }).click();
	await expect(round(1).getByTestId('outcome')).toHaveText('Niet aangenomen: er is bezwaar');
	await expect(round(1).getByTestId('reasons')).toContainText(
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
