import type { BrowserContext, Page } from '@playwright/test';
import { formatJoinCode } from '../../src/lib/model/join-code';
import { sendOverTls, startCaddy, type Caddy } from './caddy';
import { expect, expectAccessible, guard, test as base } from './fixtures';
import { addAndShow, joinAs, vote } from './room';
import { freePort, startBoard, type BoardServer } from './server';

/** Every kind of credential the server hands out (server/credentials.ts), wherever it appears. */
const CREDENTIALS = [
	/fk_[A-Za-z0-9_-]{20,}/,
	/sk_[A-Za-z0-9_-]{20,}/,
	/rk_[A-Za-z0-9_-]{20,}/,
	/pt\.[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{20,}/
];

const credentialsIn = (text: string): string[] =>
	CREDENTIALS.flatMap((pattern) => text.match(new RegExp(pattern, 'g')) ?? []);

interface AccessLogEntry {
	request: { remote_ip: string; uri: string };
	status: number;
}

const accessLog = (caddy: Caddy): AccessLogEntry[] =>
	caddy
		.accessLog()
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as AccessLogEntry);

/** A client of its own address behind the proxy, such as a phone on another network. */
const GUESSER = '127.200.0.1';

type Device = 'laptop' | 'phone';

interface Proxied {
	board: BoardServer;
	caddy: Caddy;
	/** Opens a device in a browser context of its own, over https through Caddy. */
	open: (device: Device) => Promise<Page>;
	/** Every WebSocket the devices opened: which device, and the URL. */
	sockets: { device: Device; url: string }[];
	/** Closes every device's context, so their sockets end and Caddy logs them. */
	closeDevices: () => Promise<void>;
}

const test = base.extend<{ proxied: Proxied }>({
	proxied: async ({ browser, problems }, use) => {
		const port = await freePort();
		const board = await startBoard({
			ORIGIN: `https://localhost:${port}`,
			TRUST_PROXY: '127.0.0.1'
		});
		const caddy = await startCaddy(port, board.url).catch(async (error: unknown) => {
			await board.stop();
			throw error;
		});
		const contexts: BrowserContext[] = [];
		const sockets: Proxied['sockets'] = [];
		const closeDevices = async (): Promise<void> => {
			for (const context of contexts.splice(0)) await context.close();
		};
		await use({
			board,
			caddy,
			sockets,
			closeDevices,
			async open(device) {
				const context = await browser.newContext({
					baseURL: caddy.origin,
					// Chromium cannot be told to trust Caddy's internal authority here (that needs
					// NSS's tools and a profile of its own), so the devices accept its certificate
					// unchecked; the test's own requests check it against the authority's root.
					ignoreHTTPSErrors: true,
					...(device === 'phone'
						? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
						: { viewport: { width: 1440, height: 900 } })
				});
				guard(context, caddy.origin, problems);
				contexts.push(context);
				const page = await context.newPage();
				page.on('websocket', (socket) => sockets.push({ device, url: socket.url() }));
				return page;
			}
		});
		await closeDevices();
		await caddy.remove();
		await board.stop();
	}
});

test('behind Caddy over https: a phone joins and votes over wss, the board counts it by its own address, and no log holds a credential', async ({
	proxied
}) => {
	const { board, caddy, open, sockets } = proxied;
	const ca = caddy.rootCertificate();
	const hsts = 'max-age=31536000';

	// The facilitator creates a session on the start page, served over https with HSTS.
	const facilitator = await open('laptop');
	const start = await facilitator.goto('/');
	expect(start?.headers()['strict-transport-security']).toBe(hsts);
	await facilitator.getByLabel('Titel van de sessie').fill('Achter de proxy');
	await facilitator.getByRole('button', { name: 'Sessie aanmaken' }).click();
	await expect(facilitator).toHaveURL(new RegExp(`^${caddy.origin}/f/[A-Za-z0-9_-]+$`));
	const shown = (await facilitator.getByTestId('join-code').textContent())?.trim() ?? '';
	const code = shown.replace(' ', '');
	expect(formatJoinCode(code)).toBe(shown);

	// Someone on another network guesses join codes until the board refuses that address. Caddy
	// connects from 127.0.0.1 for every client: only if the board keys its limits by the address
	// in X-Forwarded-For does this leave the phone below free to join. A forged X-Forwarded-For
	// does not help the guesser: Caddy does not pass on what a client claims.
	const guess = (n: number) =>
		sendOverTls(GUESSER, `${caddy.origin}/api/join`, ca, {
			method: 'POST',
			body: { code: 'ZZZZZZZZ' },
			headers: { 'X-Forwarded-For': `127.77.0.${n}` }
		});
	const answers = [];
	for (let n = 1; n <= 31; n++) answers.push(await guess(n));
	expect(answers.slice(0, 30).map((answer) => answer.status)).toEqual(Array<number>(30).fill(404));
	expect(answers[30]!.status).toBe(429);
	expect(JSON.parse(answers[30]!.text)).toMatchObject({ error: { code: 'too_many_attempts' } });
	expect(answers.every((answer) => answer.headers['strict-transport-security'] === hsts)).toBe(
		true
	);

	// A phone joins over https and votes; its live socket is wss:// through Caddy.
	const phone = await open('phone');
	await joinAs(phone, code, 'Wethouder');
	await expectAccessible(phone);
	await addAndShow(facilitator, 'Stemming toevoegen');
	await facilitator.getByRole('button', { name: 'Stemming openen' }).click();
	await expect(
		phone.getByRole('heading', { name: 'Welke positionering past het best bij BORN?' })
	).toBeVisible();
	await vote(phone, 'Leernetwerk');
	await expect(facilitator.getByTestId('voted')).toHaveText('1 van 1 aanwezige heeft gestemd');
	expect(await phone.evaluate(() => location.protocol)).toBe('https:');

	// Every socket went over TLS to Caddy's origin; none carries a credential in its URL (which
	// Caddy, and any proxy, logs). Soft: the rest of the test still runs if one does.
	expect(sockets.filter((socket) => socket.device === 'phone')).not.toEqual([]);
	expect(sockets.filter((socket) => socket.device === 'laptop')).not.toEqual([]);
	for (const { url } of sockets) {
		expect(url.startsWith(`${caddy.origin.replace('https:', 'wss:')}/sync/`), url).toBe(true);
		expect.soft(credentialsIn(url), `credential in the socket URL ${url}`).toEqual([]);
		expect.soft(new URL(url).search, `query string in the socket URL ${url}`).toBe('');
	}

	// Caddy writes a socket's line when the socket ends. Then its access log holds the guesses
	// (from the guesser's own address), the phone's requests and its sockets, and no credential;
	// neither do Caddy's own output and the board's.
	await proxied.closeDevices();
	await expect
		.poll(() => accessLog(caddy).filter((entry) => entry.request.uri.startsWith('/sync/')).length)
		.toBe(sockets.length);
	await caddy.stop();
	const guesses = accessLog(caddy).filter((entry) => entry.request.uri === '/api/join');
	expect(guesses.filter((entry) => entry.request.remote_ip === GUESSER)).toHaveLength(31);
	expect(credentialsIn(caddy.accessLog()), 'credentials in the access log').toEqual([]);
	expect(credentialsIn(caddy.output()), "credentials in Caddy's output").toEqual([]);
	expect(credentialsIn(board.output()), "credentials in the board's output").toEqual([]);
});
