import type { APIRequestContext, Page, WebSocket as PageSocket } from '@playwright/test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readStep } from '../../src/lib/model/steps';
import { credentialWebSocket } from '../../src/lib/sync/auth-frame';
import type { PollStep, SessionSnapshot } from '../../src/lib/model/types';
import { bearer, sessionByApi, type CreatedSession } from './api';
import { expect, test } from './fixtures';
import { addAndShow, cuttableSync, joinAs, openRoom, saved, vote } from './room';

const OPTIONS = ['ontmoetingsplaats', 'leernetwerk', 'facilitator', 'bestuurlijk-hart'];

/** A session with an open, live positioning poll, and `count` phones joined through the API. */
async function openPollWithPhones(request: APIRequestContext, count: number) {
	const { session, facilitator, join } = await sessionByApi(request, 'Storing');
	await facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
	await facilitator({ type: 'step.update', stepId: 'poll', visibility: 'live' });
	await facilitator({ type: 'poll.open', stepId: 'poll' });
	const tokens: string[] = [];
	for (let i = 0; i < count; i++) {
		tokens.push(await join({ perspective: i % 2 ? 'wethouder' : 'aanbieder' }));
	}
	return { session, facilitator, tokens, auth: bearer };
}

/** The poll's tally as a device reads it from the shared doc (here: as the projector). */
async function publishedTally(url: string, session: CreatedSession): Promise<PollStep['tally']> {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${url.replace('http', 'ws')}/sync`, session.id, doc, {
		WebSocketPolyfill: credentialWebSocket(
			new URL(session.links.screen).hash.replace('#key=', ''),
			WebSocket as unknown as typeof globalThis.WebSocket
		),
		disableBc: true
	});
	try {
		await new Promise<void>((resolve) =>
			provider.once('sync', (synced: boolean) => synced && resolve())
		);
		return (readStep(doc, 'poll') as PollStep).tally;
	} finally {
		provider.destroy();
	}
}

test('a SIGKILL during a burst of votes loses no acknowledged vote and counts none twice', async ({
	board,
	request
}) => {
	const { session, facilitator, tokens, auth } = await openPollWithPhones(request, 150);
	const choiceOf = (i: number) => OPTIONS[i % OPTIONS.length]!;
	const send = (i: number) =>
		request.post(`/api/sessions/${session.id}/intents`, {
			headers: auth(tokens[i]!),
			data: { id: `vote-${i}`, type: 'vote.cast', stepId: 'poll', choice: choiceOf(i) }
		});

	// Every phone votes at once; the server is killed as the 40th answer comes in.
	const acknowledged = new Set<number>();
	let crash: Promise<void> | undefined;
	await Promise.allSettled(
		tokens.map(async (_, i) => {
			const response = await send(i);
			if (response.status() !== 200) return;
			acknowledged.add(i);
			if (acknowledged.size === 40) crash = board.crash();
		})
	);
	await crash;
	expect(acknowledged.size).toBeGreaterThanOrEqual(40);
	expect(acknowledged.size, 'the kill came during the burst').toBeLessThan(tokens.length);
	await board.start();

	// Every acknowledged vote is there, as its phone cast it.
	const snapshot = async () =>
		(await (
			await request.get(`/api/sessions/${session.id}/snapshot`, {
				headers: auth(session.facilitatorKey)
			})
		).json()) as SessionSnapshot;
	const before = (await snapshot()).steps[0] as PollStep;
	expect(before.tally.voters).toBeGreaterThanOrEqual(acknowledged.size);
	for (const i of acknowledged) {
		const mine = await request.get(`/api/sessions/${session.id}/ballots`, {
			headers: auth(tokens[i]!)
		});
		expect(((await mine.json()) as { ballots: Record<string, unknown> }).ballots.poll).toEqual({
			choice: choiceOf(i)
		});
	}

	// Phones whose answer never came retry with the same intent id; the rest are duplicates.
	for (let i = 0; i < tokens.length; i++) {
		const response = await send(i);
		expect(response.status()).toBe(200);
		if (acknowledged.has(i)) expect(await response.json()).toEqual({ ok: true, duplicate: true });
	}
	// How many voted is published soon after the last ballot; the counts, in batches of at least
	// three people (the anonymity rule), and whole when the poll closes.
	const tally = async () => ((await snapshot()).steps[0] as PollStep).tally;
	await expect.poll(async () => (await tally()).voters).toBe(tokens.length);
	await facilitator({ type: 'poll.close', stepId: 'poll' });
	const expected = Object.fromEntries(
		OPTIONS.map((o) => [o, tokens.filter((_, i) => choiceOf(i) === o).length])
	);
	const after = await tally();
	expect(after.voters).toBe(tokens.length);
	expect(after.totals).toEqual(expected);
	// What every device sees agrees with the ballots (recounted when the room loaded).
	await expect
		.poll(async () => (await publishedTally(board.url, session)).totals)
		.toEqual(expected);
});

/** Counts the sync sockets a page opens. */
function countSockets(page: Page): () => number {
	const sockets: PageSocket[] = [];
	page.on('websocket', (socket) => {
		if (socket.url().includes('/sync/')) sockets.push(socket);
	});
	return () => sockets.length;
}

test('a phone without a connection for 30 seconds catches up without a reload', async ({
	page,
	openPhone,
	openDevice
}) => {
	const room = await openRoom({ page, openPhone, openDevice }, ['Wethouder', 'Jeugdhulpaanbieder']);
	// A third voter, so that the counts may show (at least three votes).
	const third = await room.joinByApi('onderwijs');
	const phone = await openPhone();
	const network = await cuttableSync(phone.context());
	await joinAs(phone, room.code, 'Anders');
	const pollId = await addAndShow(room.facilitator, 'Stemming toevoegen');
	await room.facilitator.getByLabel('Uitslag').selectOption({ label: 'Direct zichtbaar' });
	await saved(room.facilitator);
	await room.facilitator.getByRole('button', { name: 'Stemming openen' }).click();
	await expect(phone.getByRole('button', { name: 'Stem', exact: true })).toBeVisible();
	let loads = 0;
	phone.on('load', () => loads++);

	await network.cut();
	await expect(phone.getByRole('status').filter({ hasText: 'Verbinding weg' })).toBeVisible();
	const [alderman, provider] = room.phones as [Page, Page];
	await vote(alderman, 'Leernetwerk');
	await vote(provider, 'Leernetwerk');
	await third.send({ type: 'vote.cast', stepId: pollId, choice: 'leernetwerk' });
	await room.facilitator.getByRole('button', { name: 'Stemming sluiten' }).click();
	await expect(room.projector.getByText('3 stemmen').first()).toBeVisible();
	// The outage itself: half a minute in which the phone hears nothing (no condition to wait for).
	await phone.waitForTimeout(30_000);
	await expect(phone.getByRole('button', { name: 'Stem', exact: true })).toBeVisible();

	await network.restore();
	await expect(phone.getByRole('status').filter({ hasText: 'Live verbonden' })).toBeVisible();
	await expect(phone.getByText('De stemming is gesloten.')).toBeVisible();
	await expect(phone.getByText('3 stemmen').first()).toBeVisible();
	expect(loads, 'the phone caught up without a reload').toBe(0);
});

test('in a quiet room, read-only phones and the projector keep their one connection for 60 seconds', async ({
	page,
	openPhone,
	openDevice
}) => {
	const response = await page.request.post('/api/sessions', { data: { title: 'Stilte' } });
	const { joinCode, links } = (await response.json()) as {
		joinCode: string;
		links: { screen: string };
	};
	const projector = await openDevice();
	const projectorSockets = countSockets(projector);
	await projector.goto(links.screen);
	const phones = [await openPhone(), await openPhone()];
	const phoneSockets = phones.map(countSockets);
	for (const phone of phones) await joinAs(phone, joinCode, 'Wethouder');
	await expect(projector.getByTestId('present-count')).toHaveText('2 aanwezig');
	expect([projectorSockets(), ...phoneSockets.map((count) => count())]).toEqual([1, 1, 1]);

	// A minute in which nothing happens: twice the client's 30-second silence limit.
	await page.waitForTimeout(60_000);
	expect([projectorSockets(), ...phoneSockets.map((count) => count())]).toEqual([1, 1, 1]);
	await expect(projector.getByTestId('present-count')).toHaveText('2 aanwezig');
	for (const phone of phones) {
		await expect(phone.getByRole('status').filter({ hasText: 'Live verbonden' })).toBeVisible();
	}
});
