import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { decodePng, PNG_SIGNATURE } from '../helpers/png';
import { sessionByApi } from './api';
import { expect, expectAccessible, test } from './fixtures';

/** Presses a download button and waits for the file the browser saves. */
async function download(page: Page, button: string): Promise<{ file: Download; body: Buffer }> {
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: button, exact: true }).click()
	]);
	return { file, body: await readFile((await file.path())!) };
}

/** The day the session was made, as the file names have it (Dutch time). */
const today = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Amsterdam',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
}).format(Date.now());

test('the console downloads a closed poll’s chart as SVG and as PNG, labelled, with the counts the results show', async ({
	page
}) => {
	const made = await sessionByApi(page.request, 'Leersessie Noord');
	await made.facilitator({ type: 'step.add', kind: 'poll', title: 'Koers & <positie>' }, 'poll');
	await made.facilitator({ type: 'poll.open', stepId: 'poll' });
	// Three aldermen and three providers: each group large enough to show on its own.
	const votes = [
		['wethouder', 'leernetwerk'],
		['wethouder', 'leernetwerk'],
		['wethouder', 'bestuurlijk-hart'],
		['aanbieder', 'leernetwerk'],
		['aanbieder', 'facilitator'],
		['aanbieder', 'facilitator']
	] as const;
	for (const [perspective, choice] of votes) {
		const token = await made.join({ perspective });
		await made.send(token, { type: 'vote.cast', stepId: 'poll', choice });
	}
	await made.facilitator({ type: 'poll.close', stepId: 'poll' });

	await page.goto(made.session.links.facilitator);
	await page.locator('li[data-step="poll"] .link').click();
	await expect(
		page.locator('[data-testid=overall] li[data-option="leernetwerk"] [data-testid=figure]')
	).toHaveText('3 stemmen · 50%');

	// Folded until asked for: one line under the results.
	const downloads = page.getByTestId('chart-downloads');
	await expect(page.getByRole('button', { name: 'SVG downloaden: Uitslag' })).toBeHidden();
	await downloads.getByText('Download als afbeelding').click();
	await expect(downloads.locator('li')).toHaveText([/^Uitslag/, /^Per perspectief/]);
	await expectAccessible(page);

	// The SVG: the step's title (escaped), every option with its votes and share, the session.
	const svg = await download(page, 'SVG downloaden: Uitslag');
	expect(svg.file.suggestedFilename()).toBe(`leersessie-noord-koers-positie-uitslag-${today}.svg`);
	const text = svg.body.toString('utf8');
	expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
	expect(text).toContain('>Koers &amp; &lt;positie&gt;</text>');
	for (const figure of [
		'>Leernetwerk</text>',
		'>3 stemmen · 50%</text>',
		'>Facilitator</text>',
		'>2 stemmen · 33%</text>',
		'>Bestuurlijk hart</text>',
		'>1 stem · 17%</text>',
		'>Ontmoetingsplaats</text>',
		'>0 stemmen · 0%</text>',
		'>Leersessie Noord · '
	]) {
		expect(text).toContain(figure);
	}

	// The PNG: drawn by the browser at twice the SVG's size, not blank.
	const png = await download(page, 'PNG downloaden: Uitslag');
	expect(png.file.suggestedFilename()).toBe(`leersessie-noord-koers-positie-uitslag-${today}.png`);
	expect(png.body.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
	const width = Number(/<svg[^>]*\swidth="(\d+)"/.exec(text)![1]);
	const height = Number(/<svg[^>]*\sheight="(\d+)"/.exec(text)![1]);
	const picture = decodePng(png.body);
	expect([picture.width, picture.height]).toEqual([width * 2, height * 2]);
	let dark = 0;
	for (let i = 0; i < picture.pixels.length; i += 4) {
		if (picture.pixels[i]! < 100 && picture.pixels[i + 1]! < 100) dark++;
	}
	// Text and the bars in the board's dark blue: thousands of pixels, not a white page.
	expect(dark).toBeGreaterThan(10_000);

	// The breakdown as released: each perspective with its count.
	const groups = await download(page, 'SVG downloaden: Per perspectief');
	const groupsText = groups.body.toString('utf8');
	for (const label of [
		'>Iedereen (6)</text>',
		'>Wethouder (3)</text>',
		'>Jeugdhulpaanbieder (3)</text>'
	]) {
		expect(groupsText).toContain(label);
	}
});

test('a dilemma board’s ranking and a consent round download as charts too, in the session’s language', async ({
	page
}) => {
	const made = await sessionByApi(page.request, 'Network day', { locale: 'en' });
	await made.facilitator({ type: 'step.add', kind: 'dilemmas' }, 'board');
	await made.facilitator({ type: 'dilemma.post', stepId: 'board', text: 'Fast or careful?' }, 'c1');
	await made.facilitator(
		{ type: 'dilemma.post', stepId: 'board', text: 'Local or regional?' },
		'c2'
	);
	await made.facilitator({ type: 'dots.open', stepId: 'board', visibility: 'live' });
	await made.facilitator({ type: 'step.add', kind: 'consent' }, 'consent');
	const people = [];
	for (const perspective of ['wethouder', 'wethouder', 'aanbieder', 'aanbieder']) {
		people.push(await made.join({ perspective }));
	}
	const dots = { c1: [0, 0, 1], c2: [2, 3] };
	for (const [cardId, who] of Object.entries(dots)) {
		for (const index of who) {
			await made.send(people[index]!, { type: 'dots.place', stepId: 'board', cardId });
		}
	}
	await made.facilitator({ type: 'dots.close', stepId: 'board' });
	await made.facilitator({ type: 'consent.open', stepId: 'consent' });
	for (const [index, answer] of ['consent', 'consent', 'consent', 'concern'].entries()) {
		await made.send(people[index]!, { type: 'consent.respond', stepId: 'consent', answer });
	}
	await made.facilitator({ type: 'consent.close', stepId: 'consent' });

	// The console speaks Dutch (this browser's language); the charts the session's English.
	await page.goto(made.session.links.facilitator);
	await page.locator('li[data-step="board"] .link').click();
	await expect(page.getByTestId('ranking')).toBeVisible();
	await page.getByTestId('chart-downloads').getByText('Download als afbeelding').click();
	await expectAccessible(page);
	const board = await download(page, 'SVG downloaden: Dilemmas with the most dots');
	expect(board.file.suggestedFilename()).toMatch(/^network-day-.+-dilemmas-with-the-most-dots-/);
	const boardText = board.body.toString('utf8');
	for (const text of [
		'>1. Fast or careful?</text>',
		'>3 dots</text>',
		'>2. Local or regional?</text>',
		'>2 dots</text>'
	]) {
		expect(boardText).toContain(text);
	}
	expect(boardText).toContain('xml:lang="en"');

	await page.locator('li[data-step="consent"] .link').click();
	await page.getByTestId('chart-downloads').getByText('Download als afbeelding').click();
	const round = await download(page, 'SVG downloaden: Round 1');
	const roundText = round.body.toString('utf8');
	for (const text of [
		'>Passed: no objection</text>',
		'>Consent</text>',
		'>3 answers · 75%</text>',
		'>Concern</text>',
		'>1 answer · 25%</text>',
		'>Objection</text>',
		'>0 answers · 0%</text>'
	]) {
		expect(roundText).toContain(text);
	}
});
