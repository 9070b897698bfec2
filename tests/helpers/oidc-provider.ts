import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** Someone the test provider knows: they sign in with `login` and `password`. */
export interface TestAccount {
	login: string;
	password: string;
	name: string;
	email: string;
}

export interface TestProvider {
	/** The issuer identifier: `http://127.0.0.1:<port>`. */
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** The board's environment for sign-in through this provider. */
	env: { OIDC_ISSUER: string; OIDC_CLIENT_ID: string; OIDC_CLIENT_SECRET: string };
	close(): Promise<void>;
}

export const TEST_ACCOUNTS = {
	anna: {
		login: 'anna',
		password: 'anna-wachtwoord',
		name: 'Anna de Vries',
		email: 'Anna@Example.org'
	},
	bram: {
		login: 'bram',
		password: 'bram-wachtwoord',
		name: 'Bram Jansen',
		email: 'bram@example.org'
	}
} as const satisfies Record<string, TestAccount>;

/**
 * Starts a real OpenID Provider (panva's oidc-provider, as certified) on a loopback port, with
 * one registered confidential client for the board at `redirectUri`, PKCE required, and a
 * sign-in page of its own in place of the library's development pages (those load a font from
 * another site): a username and password form, and a cancel button that answers
 * `access_denied`. Consent is given for the board's client without asking, as an organization's
 * provider does for its own applications.
 */
export async function startTestProvider(options: {
	redirectUri: string;
	accounts?: readonly TestAccount[];
}): Promise<TestProvider> {
	const accounts = new Map(
		(options.accounts ?? Object.values(TEST_ACCOUNTS)).map((account) => [account.login, account])
	);
	const clientId = 'koersbord';
	const clientSecret = randomBytes(24).toString('base64url');
	// Listening first: the issuer identifier holds the port.
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const provider = new Provider(issuer, {
		clients: [
			{
				client_id: clientId,
				client_secret: clientSecret,
				redirect_uris: [options.redirectUri],
				grant_types: ['authorization_code'],
				response_types: ['code'],
				token_endpoint_auth_method: 'client_secret_basic'
			}
		],
		pkce: { required: () => true },
		jwks: {
			keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }]
		},
		cookies: { keys: [randomBytes(32).toString('base64url')] },
		claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
		features: { devInteractions: { enabled: false } },
		interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
		findAccount: (_ctx, sub) => {
			const account = accounts.get(sub);
			return (
				account && {
					accountId: sub,
					claims: () => ({ sub, name: account.name, email: account.email, email_verified: true })
				}
			);
		},
		loadExistingGrant: grantEverything,
		adapter: memoryAdapter(),
		// Lifetimes of its own records, so the library does not warn that it uses its defaults.
		ttl: {
			AccessToken: 600,
			AuthorizationCode: 60,
			Grant: 3600,
			IdToken: 600,
			Interaction: 600,
			Session: 3600
		},
		renderError: (ctx, out) => {
			ctx.type = 'text/plain';
			ctx.body = `${out.error}: ${out.error_description ?? ''}`;
		}
	});
	server.on('request', (req: IncomingMessage, res: ServerResponse) => {
		const path = (req.url ?? '/').split('?')[0] ?? '/';
		const interaction = /^\/interaction\/([A-Za-z0-9_-]+)(\/cancel)?$/.exec(path);
		if (!interaction) {
			provider.callback()(req, res);
			return;
		}
		handleInteraction(provider, accounts, req, res, interaction[2] !== undefined).catch(
			(error: unknown) => {
				if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain' });
				res.end(error instanceof Error ? error.message : 'interaction failed');
			}
		);
	});
	return {
		issuer,
		clientId,
		clientSecret,
		env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret },
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			})
	};
}

type Payload = Record<string, unknown>;

/**
 * The provider's records (sessions, interactions, codes, grants) in a Map of this provider's
 * own; the library's in-memory adapter is shared by every provider in the process.
 */
function memoryAdapter() {
	const records = new Map<string, { payload: Payload; expiresAt: number }>();
	const live = (key: string): Payload | undefined => {
		const record = records.get(key);
		if (record && record.expiresAt > Date.now()) return record.payload;
		records.delete(key);
		return undefined;
	};
	return class {
		constructor(readonly model: string) {}
		upsert(id: string, payload: Payload, expiresIn: number) {
			records.set(`${this.model}:${id}`, {
				payload,
				expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity
			});
			return Promise.resolve();
		}
		find(id: string) {
			return Promise.resolve(live(`${this.model}:${id}`));
		}
		findByUid(uid: string) {
			for (const [key, record] of records) {
				if (key.startsWith(`${this.model}:`) && record.payload.uid === uid) {
					return Promise.resolve(live(key));
				}
			}
			return Promise.resolve(undefined);
		}
		findByUserCode() {
			return Promise.resolve(undefined);
		}
		consume(id: string) {
			const payload = live(`${this.model}:${id}`);
			if (payload) payload.consumed = Math.floor(Date.now() / 1000);
			return Promise.resolve();
		}
		destroy(id: string) {
			records.delete(`${this.model}:${id}`);
			return Promise.resolve();
		}
		revokeByGrantId(grantId: string) {
			for (const [key, record] of records) {
				if (record.payload.grantId === grantId) records.delete(key);
			}
			return Promise.resolve();
		}
	};
}

/** The board's client gets the scopes it asks for, without a consent page. */
async function grantEverything(ctx: KoaContextWithOIDC) {
	const { provider, client, session, result } = ctx.oidc;
	if (!client || !session?.accountId) return undefined;
	const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
	if (grantId) {
		const existing = await provider.Grant.find(grantId);
		if (existing) return existing;
	}
	const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
	grant.addOIDCScope('openid profile email');
	await grant.save();
	return grant;
}

const escape = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The provider's sign-in page (GET) and its answer (POST), or a cancelled sign-in. */
async function handleInteraction(
	provider: Provider,
	accounts: ReadonlyMap<string, TestAccount>,
	req: IncomingMessage,
	res: ServerResponse,
	cancel: boolean
): Promise<void> {
	const details = await provider.interactionDetails(req, res);
	if (cancel) {
		await provider.interactionFinished(
			req,
			res,
			{ error: 'access_denied', error_description: 'The person cancelled the sign-in.' },
			{ mergeWithLastSubmission: false }
		);
		return;
	}
	if (req.method === 'POST') {
		const form = new URLSearchParams(await readBody(req));
		const account = accounts.get(form.get('login') ?? '');
		if (account && form.get('password') === account.password) {
			await provider.interactionFinished(
				req,
				res,
				{ login: { accountId: account.login } },
				{ mergeWithLastSubmission: false }
			);
			return;
		}
		return signInPage(res, details.uid, 'Unknown username or wrong password.');
	}
	signInPage(res, details.uid);
}

function signInPage(res: ServerResponse, uid: string, problem?: string): void {
	const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider: sign in</title></head>
<body><main>
<h1>Sign in to the test identity provider</h1>
${problem ? `<p role="alert">${escape(problem)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<p><label for="login">Username</label> <input id="login" name="login" autocomplete="username" required></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>
<form method="post" action="/interaction/${escape(uid)}/cancel"><button type="submit">Cancel</button></form>
</main></body></html>`;
	res.writeHead(problem ? 401 : 200, {
		'Content-Type': 'text/html; charset=utf-8',
		'Cache-Control': 'no-store'
	});
	res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
	return Buffer.concat(chunks).toString('utf8');
}
