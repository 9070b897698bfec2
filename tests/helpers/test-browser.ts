import type { TestAccount } from './oidc-provider.ts';

/** A response as the test browser got it, and the address it came from. */
export interface Visit {
	url: string;
	status: number;
	location?: string;
	text: string;
}

/**
 * A browser as far as a sign-in needs one, for tests that speak HTTP without Chromium: a cookie
 * jar per origin (names and values; every cookie goes back to every path of its origin, which
 * is all the board and the test provider need), redirects followed one by one so a test can see
 * each, and a form post. `Origin` goes along with every POST, as browsers send it.
 */
export class TestBrowser {
	readonly #jars = new Map<string, Map<string, string>>();

	/** The cookie `name` this browser holds for `origin`. */
	cookie(origin: string, name: string): string | undefined {
		return this.#jars.get(new URL(origin).origin)?.get(name);
	}

	/** Every cookie this browser holds for `origin`, as name=value pairs. */
	cookies(origin: string): Record<string, string> {
		return Object.fromEntries(this.#jars.get(new URL(origin).origin) ?? []);
	}

	/** One request, without following a redirect. */
	async request(
		url: string,
		init: { method?: string; body?: string; headers?: Record<string, string> } = {}
	): Promise<Visit> {
		const origin = new URL(url).origin;
		const jar = this.#jars.get(origin) ?? new Map<string, string>();
		this.#jars.set(origin, jar);
		const headers: Record<string, string> = { ...init.headers };
		if (jar.size > 0)
			headers.Cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
		if ((init.method ?? 'GET') !== 'GET' && !('Origin' in headers)) headers.Origin = origin;
		const response = await fetch(url, {
			method: init.method ?? 'GET',
			headers,
			body: init.body,
			redirect: 'manual'
		});
		for (const line of response.headers.getSetCookie()) {
			const [pair = '', ...attributes] = line.split(';');
			const at = pair.indexOf('=');
			const name = pair.slice(0, at).trim();
			const value = pair.slice(at + 1).trim();
			const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
			if (gone) jar.delete(name);
			else jar.set(name, value);
		}
		const location = response.headers.get('location') ?? undefined;
		return {
			url,
			status: response.status,
			location: location && new URL(location, url).href,
			text: await response.text()
		};
	}

	/** Follows redirects from `url` until an answer that is none; returns every step. */
	async follow(url: string, until?: (next: string) => boolean): Promise<Visit[]> {
		const trail: Visit[] = [];
		let next: string | undefined = url;
		while (next && trail.length < 20) {
			const visit = await this.request(next);
			trail.push(visit);
			next = visit.status >= 300 && visit.status < 400 ? visit.location : undefined;
			if (next && until?.(next)) break;
		}
		return trail;
	}

	/** Posts a form as a browser does, then follows the redirects it answers with. */
	async submit(url: string, fields: Record<string, string>): Promise<Visit[]> {
		const first = await this.request(url, {
			method: 'POST',
			body: new URLSearchParams(fields).toString(),
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
		});
		if (!first.location || first.status < 300 || first.status >= 400) return [first];
		return [first, ...(await this.follow(first.location))];
	}
}

/**
 * Signs `account` in to the board at `boardUrl` through its identity provider, as a browser
 * does: the board's /auth/login, the provider's sign-in page, the form, and back through the
 * board's callback. Returns every step; the last is the board's page it returns to.
 */
export async function signInThrough(
	browser: TestBrowser,
	boardUrl: string,
	account: Pick<TestAccount, 'login' | 'password'>,
	path = '/auth/login'
): Promise<Visit[]> {
	const toProvider = await browser.follow(`${boardUrl}${path}`);
	const page = toProvider.at(-1);
	const form = /<form method="post" action="([^"]+)">/.exec(page?.text ?? '')?.[1];
	if (!page || !form) throw new Error(`no sign-in page: ${page?.status} ${page?.url}`);
	const back = await browser.submit(new URL(form, page.url).href, {
		login: account.login,
		password: account.password
	});
	return [...toProvider, ...back];
}
