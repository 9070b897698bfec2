import { onTestFinished } from 'vitest';
import type { ServerOptions } from '../../server/index.ts';
import { freePort } from './loopback.ts';
import { startTestProvider, type TestAccount } from './oidc-provider.ts';
import { signInThrough, TestBrowser } from './test-browser.ts';
import { startTestServer } from './test-server.ts';

/**
 * A board with organizer sign-in through a real OpenID Provider (oidc-provider) on another
 * loopback port; the board's ORIGIN is its own address, as the provider's redirect URI needs.
 */
export async function boardWithSignIn(
	options: Partial<ServerOptions> = {},
	accounts?: readonly TestAccount[]
) {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const provider = await startTestProvider({ redirectUri: `${origin}/auth/callback`, accounts });
	onTestFinished(() => provider.close());
	const server = await startTestServer({
		...options,
		port,
		origin,
		oidc: {
			issuer: provider.issuer,
			clientId: provider.clientId,
			clientSecret: provider.clientSecret
		}
	});
	/** A JSON call as the board's own pages make it: its cookies, and its Origin on a change. */
	const call = async <T>(
		browser: TestBrowser,
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = {}
	): Promise<{ status: number; body: T }> => {
		const visit = await browser.request(`${origin}${path}`, {
			method,
			body: body === undefined ? undefined : JSON.stringify(body),
			headers: { 'Content-Type': 'application/json', ...headers }
		});
		return { status: visit.status, body: (visit.text ? JSON.parse(visit.text) : null) as T };
	};
	const signedIn = async (account: TestAccount): Promise<TestBrowser> => {
		const browser = new TestBrowser();
		await signInThrough(browser, origin, account);
		return browser;
	};
	return { server, provider, origin, call, signedIn };
}
