import type { PollStep, SessionSnapshot } from '../../src/lib/model/types';
import { bearer, sessionByApi } from './api';
import { expect, expectAccessible, test } from './fixtures';
import { joinAs, vote } from './room';

/** A facilitator, screen or results key, or a participant token (server/credentials.ts). */
const CREDENTIAL = /(fk|sk|rk)_[A-Za-z0-9_-]{20}|pt\.[A-Za-z0-9_-]{12}\./;

test('a restart: the phone and the console say the server is restarting, are back within seconds, and the phone’s vote counts; no URL holds a credential', async ({
	board,
	page,
	openPhone,
	request
}) => {
	const { session, facilitator } = await sessionByApi(request, 'Herstart');
	// Every URL the browsers ask the server for, sockets included: none may hold a credential.
	const urls: string[] = [];
	const record = (on: typeof page): void => {
		on.on('request', (sent) => urls.push(sent.url()));
		on.on('websocket', (socket) => urls.push(socket.url()));
	};
	record(page);
	await page.goto(session.links.facilitator);
	const phone = await openPhone();
	record(phone);
	await joinAs(phone, session.joinCode, 'Wethouder');
	await facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
	await facilitator({ type: 'step.activate', stepId: 'poll' });
	await facilitator({ type: 'poll.open', stepId: 'poll' });
	await expect(phone.getByRole('radio', { name: /^Leernetwerk/ })).toBeVisible();
	const status = (on: typeof page, text: string) =>
		on.getByRole('status').filter({ hasText: text });
	await expect(status(phone, 'Live verbonden')).toBeVisible();
	await expect(status(page, 'Live verbonden')).toBeVisible();

	// A service manager stops the server: it closes every socket with "restarting" and exits 0.
	expect(await board.terminate()).toBe(0);
	await expect(status(phone, 'De server start opnieuw op')).toBeVisible();
	await expect(status(page, 'De server start opnieuw op')).toBeVisible();
	await expect(status(phone, 'Verbinding weg')).toHaveCount(0);
	await expectAccessible(phone);

	// Back on the same port and data: the pages reconnect by themselves within seconds.
	const back = Date.now();
	await board.start();
	await expect(status(phone, 'Live verbonden')).toBeVisible();
	await expect(status(page, 'Live verbonden')).toBeVisible();
	expect(Date.now() - back).toBeLessThan(10_000);

	await vote(phone, 'Leernetwerk');
	const voters = async () => {
		const response = await request.get(`/api/sessions/${session.id}/snapshot`, {
			headers: bearer(session.facilitatorKey)
		});
		const snapshot = (await response.json()) as SessionSnapshot;
		return (snapshot.steps[0] as PollStep).tally.voters;
	};
	await expect.poll(voters).toBe(1);

	const sockets = urls.filter((url) => url.includes('/sync/'));
	expect(sockets.length).toBeGreaterThanOrEqual(4);
	expect(sockets.filter((url) => url.includes('?'))).toEqual([]);
	expect(CREDENTIAL.test(session.facilitatorKey)).toBe(true);
	expect(urls.filter((url) => CREDENTIAL.test(url))).toEqual([]);
});
