import Database from 'better-sqlite3';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { describe, expect, it } from 'vitest';
import type { MySession, WhoAmI } from '../../src/lib/api/organizers.ts';
import { freePort } from '../../tests/helpers/loopback.ts';
import { TEST_ACCOUNTS } from '../../tests/helpers/oidc-provider.ts';
import { boardWithSignIn } from '../../tests/helpers/sign-in-board.ts';
import { signInThrough, TestBrowser } from '../../tests/helpers/test-browser.ts';
import { startTestServer, type CreatedSession } from '../../tests/helpers/test-server.ts';
import { hashSecret } from '../credentials.ts';
import { DATABASE_FILE } from '../store/sqlite.ts';

type ErrorBody = { error: { code: string; message: string } };

describe('organizer sign-in', () => {
	it('sends the browser to the provider with PKCE (S256), a state and a nonce, and a short-lived HttpOnly cookie', async () => {
		const { origin, provider } = await boardWithSignIn();
		const browser = new TestBrowser();
		const login = await browser.request(`${origin}/auth/login`);
		expect(login.status).toBe(303);
		const url = new URL(login.location ?? '');
		expect(url.origin).toBe(provider.issuer);
		const params = Object.fromEntries(url.searchParams);
		expect(params).toMatchObject({
			client_id: provider.clientId,
			redirect_uri: `${origin}/auth/callback`,
			response_type: 'code',
			code_challenge_method: 'S256',
			scope: 'openid profile email'
		});
		expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(params.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(params.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(params.state).not.toBe(params.nonce);
		// The verifier stays on the server: nothing in the URL but its challenge.
		expect(url.href).not.toContain('code_verifier');

		const response = await fetch(`${origin}/auth/login`, { redirect: 'manual' });
		const [cookie = ''] = response.headers.getSetCookie();
		expect(cookie).toMatch(/^koersbord-sign-in=[A-Za-z0-9_-]{43}; /);
		expect(cookie).toContain('HttpOnly');
		expect(cookie).toContain('SameSite=Lax');
		expect(cookie).toContain('Path=/');
		expect(cookie).toContain('Max-Age=600');
	});

	it('signs an organizer in through the provider: a random cookie, stored only as its hash, and who they are', async () => {
		const { server, origin, call } = await boardWithSignIn();
		const browser = new TestBrowser();
		const steps = await signInThrough(browser, origin, TEST_ACCOUNTS.anna);
		const callback = steps.find((step) => step.url.startsWith(`${origin}/auth/callback`));
		expect(callback?.status).toBe(303);
		expect(callback?.location).toBe(`${origin}/`);
		const token = browser.cookie(origin, 'koersbord-organizer') ?? '';
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(browser.cookie(origin, 'koersbord-sign-in')).toBeUndefined();

		const me = await call<WhoAmI>(browser, 'GET', '/api/organizer');
		expect(me.body.organizer).toMatchObject({ name: 'Anna de Vries', email: 'anna@example.org' });
		expect(await call<WhoAmI>(new TestBrowser(), 'GET', '/api/organizer')).toEqual({
			status: 200,
			body: { organizer: null }
		});

		// The database holds the cookie's hash, never the cookie, and nothing of the provider's
		// tokens: only the organizer's issuer, subject, name and address.
		const db = new Database(join(server.dataDir, DATABASE_FILE), { readonly: true });
		onTestFinished(() => {
			db.close();
		});
		const signIns = db.prepare('SELECT * FROM sign_ins').all() as { token_hash: Buffer }[];
		expect(signIns).toHaveLength(1);
		expect(signIns[0]?.token_hash.equals(hashSecret(token))).toBe(true);
		const dump = JSON.stringify(db.prepare('SELECT * FROM organizers').all());
		expect(dump).not.toContain(token);
		expect(Object.keys(db.prepare('SELECT * FROM organizers').get() as object).sort()).toEqual([
			'email',
			'id',
			'issuer',
			'last_signed_in_at',
			'name',
			'subject'
		]);
	});

	it('refuses a callback whose state is not the one it sent, and one without the cookie it left with', async () => {
		const { origin } = await boardWithSignIn();
		const browser = new TestBrowser();
		const toProvider = await browser.follow(`${origin}/auth/login`);
		const page = toProvider.at(-1)!;
		const form = /action="([^"]+)"/.exec(page.text)?.[1] ?? '';
		// Sign in at the provider, but stop where it sends the browser back to the board.
		const submitted = await browser.request(new URL(form, page.url).href, {
			method: 'POST',
			body: new URLSearchParams({ login: 'anna', password: 'anna-wachtwoord' }).toString(),
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
		});
		const trail = await browser.follow(submitted.location!, (next) => next.startsWith(origin));
		const back = new URL(trail.at(-1)!.location!);
		expect(back.pathname).toBe('/auth/callback');
		expect(back.searchParams.get('code')).toBeTruthy();

		const forged = new URL(back);
		forged.searchParams.set('state', 'a-state-the-board-never-sent-000000000000000');
		const refused = await browser.request(forged.href);
		expect(refused.status).toBe(303);
		expect(refused.location).toBe(`${origin}/?signin=failed`);
		expect(browser.cookie(origin, 'koersbord-organizer')).toBeUndefined();
		// The sign-in was used up by the refusal: the right URL now finds nothing to finish.
		const replayed = await browser.request(back.href);
		expect(replayed.location).toBe(`${origin}/?signin=expired`);

		// Another browser (an attacker's link in someone's mail) has no cookie for it.
		const stranger = await new TestBrowser().request(back.href);
		expect(stranger.location).toBe(`${origin}/?signin=expired`);
	});

	it('comes back to the start page with "cancelled" when the person cancels at the provider', async () => {
		const { origin } = await boardWithSignIn();
		const browser = new TestBrowser();
		const page = (await browser.follow(`${origin}/auth/login`)).at(-1)!;
		const cancel = /action="([^"]+\/cancel)"/.exec(page.text)?.[1] ?? '';
		const steps = await browser.submit(new URL(cancel, page.url).href, {});
		expect(steps.at(-1)?.url).toBe(`${origin}/?signin=cancelled`);
		expect(browser.cookie(origin, 'koersbord-organizer')).toBeUndefined();
	});

	it('comes back with "unavailable", not an error page, when the provider cannot be reached', async () => {
		const port = await freePort();
		const origin = `http://127.0.0.1:${port}`;
		const nobody = await freePort();
		await startTestServer({
			port,
			origin,
			oidc: { issuer: `http://127.0.0.1:${nobody}`, clientId: 'koersbord', clientSecret: 'x' }
		});
		const login = await new TestBrowser().request(`${origin}/auth/login`);
		expect(login.status).toBe(303);
		expect(login.location).toBe(`${origin}/?signin=unavailable`);
	});

	it('returns only to the start page or a console after signing in', async () => {
		const { origin } = await boardWithSignIn();
		const browser = new TestBrowser();
		const console_ = await signInThrough(
			browser,
			origin,
			TEST_ACCOUNTS.anna,
			'/auth/login?return=/f/abc'
		);
		expect(console_.at(-1)?.url).toBe(`${origin}/f/abc`);
		for (const elsewhere of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
			const steps = await signInThrough(
				new TestBrowser(),
				origin,
				TEST_ACCOUNTS.anna,
				`/auth/login?return=${encodeURIComponent(elsewhere)}`
			);
			expect(steps.at(-1)?.url).toBe(`${origin}/`);
		}
	});

	it('signs out: the cookie is cleared and its sign-in forgotten on the server', async () => {
		const { origin, call, signedIn } = await boardWithSignIn();
		const browser = await signedIn(TEST_ACCOUNTS.anna);
		const token = browser.cookie(origin, 'koersbord-organizer')!;
		expect((await call(browser, 'POST', '/auth/logout')).status).toBe(204);
		expect(browser.cookie(origin, 'koersbord-organizer')).toBeUndefined();
		// The old cookie, kept by someone, opens nothing any more.
		const me = await fetch(`${origin}/api/organizer`, {
			headers: { Cookie: `koersbord-organizer=${token}` }
		});
		expect(await me.json()).toEqual({ organizer: null });
	});
});

describe('creating a session with sign-in on', () => {
	it('needs a signed-in organizer, and makes them its creator', async () => {
		const { server, call, signedIn } = await boardWithSignIn();
		const settings = await fetch(`${server.url}/api/settings`);
		expect(await settings.json()).toEqual({ organizerKeyRequired: false, signIn: true });

		const anonymous = await call<ErrorBody>(new TestBrowser(), 'POST', '/api/sessions', {
			title: 'Zonder inloggen'
		});
		expect(anonymous.status).toBe(401);
		expect(anonymous.body.error.code).toBe('sign_in_required');

		const anna = await signedIn(TEST_ACCOUNTS.anna);
		const created = await call<CreatedSession>(anna, 'POST', '/api/sessions', {
			title: 'Leersessie Noord',
			agenda: 'empty'
		});
		expect(created.status).toBe(201);
		const mine = await call<{ sessions: MySession[] }>(anna, 'GET', '/api/organizer/sessions');
		expect(mine.body.sessions).toEqual([
			{
				id: created.body.id,
				title: 'Leersessie Noord',
				createdAt: expect.any(Number),
				lastActiveAt: expect.any(Number),
				participants: 0,
				console: `/f/${created.body.id}`,
				organizers: [
					{
						id: expect.any(String),
						name: 'Anna de Vries',
						email: 'anna@example.org',
						role: 'creator',
						you: true
					}
				]
			}
		]);
	});

	it('refuses a change that a cookie would authorize from another site (CSRF)', async () => {
		const { origin, call, signedIn } = await boardWithSignIn();
		const anna = await signedIn(TEST_ACCOUNTS.anna);
		const body = { title: 'Via een andere site' };
		for (const headers of [
			{ Origin: 'https://evil.example' },
			{ Origin: 'null' },
			{ Origin: `${origin}.evil.example` }
		]) {
			const refused = await call<ErrorBody>(anna, 'POST', '/api/sessions', body, headers);
			expect(refused.status).toBe(403);
			expect(refused.body.error.code).toBe('cross_site_request');
		}
		// Without an Origin header, only a browser's own word that the request is same-origin.
		const bare = async (headers: Record<string, string>) =>
			fetch(`${origin}/api/sessions`, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					Cookie: `koersbord-organizer=${anna.cookie(origin, 'koersbord-organizer')}`,
					...headers
				},
				body: JSON.stringify(body)
			});
		expect((await bare({})).status).toBe(403);
		expect((await bare({ 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
		expect((await bare({ 'Sec-Fetch-Site': 'same-origin' })).status).toBe(201);
		expect(
			(await call(anna, 'POST', '/auth/logout', undefined, { Origin: 'https://evil.example' }))
				.status
		).toBe(403);
		const mine = await call<{ sessions: MySession[] }>(anna, 'GET', '/api/organizer/sessions');
		expect(mine.body.sessions).toHaveLength(1);
	});

	it('asks for the organizer key as well when ORGANIZER_KEY is set', async () => {
		const key = 'sleutel-van-team-noord-2026';
		const { call, signedIn } = await boardWithSignIn({ organizerKeys: [key] });
		const bram = await signedIn(TEST_ACCOUNTS.bram);
		const body = { title: 'Met sleutel' };
		const refused = await call<ErrorBody>(bram, 'POST', '/api/sessions', body);
		expect(refused.body.error.code).toBe('organizer_key_required');
		const withKey = { Authorization: `Bearer ${key}` };
		expect((await call(bram, 'POST', '/api/sessions', body, withKey)).status).toBe(201);
		// The key alone does not do without the sign-in.
		const keyOnly = await call<ErrorBody>(
			new TestBrowser(),
			'POST',
			'/api/sessions',
			body,
			withKey
		);
		expect(keyOnly.body.error.code).toBe('sign_in_required');
	});
});
