import * as client from 'openid-client';
import { isLoopbackHost, type OidcConfig } from '../config.ts';
import type { Identity } from './organizers.ts';

/** What a sign-in must find again when the browser comes back from the provider. */
export interface PendingSignIn {
	state: string;
	nonce: string;
	codeVerifier: string;
	/** Where to send the browser once signed in: the start page or a console. */
	returnTo: string;
}

/** The board's side of the authorization code flow with the organization's identity provider. */
export interface OidcClient {
	/** The provider's authorization URL for a new sign-in, and what to keep until it returns. */
	start(returnTo: string): Promise<{ url: URL; pending: PendingSignIn }>;
	/**
	 * Completes a sign-in from the URL the provider sent the browser back to: checks the state,
	 * exchanges the code (with the PKCE verifier) and validates the ID token (signature, issuer,
	 * audience, expiry, nonce), all by openid-client. Keeps none of the tokens.
	 * @throws whatever openid-client throws for an answer that does not hold
	 */
	finish(callbackUrl: URL, pending: PendingSignIn): Promise<Identity>;
}

/** Scopes asked for: who they are (`sub`), with a name and an e-mail address to show. */
const SCOPE = 'openid profile email';

/** Seconds to wait for the provider's discovery, token and userinfo endpoints. */
const PROVIDER_TIMEOUT_S = 10;

/**
 * An OpenID Connect client for `config`, sending people back to `redirectUri`. The provider's
 * metadata is discovered on the first sign-in and kept, so the board starts while the provider
 * is down and a failed discovery is tried again on the next sign-in.
 */
export function createOidcClient(config: OidcConfig, redirectUri: string): OidcClient {
	let discovered: Promise<client.Configuration> | undefined;
	const issuer = new URL(config.issuer);
	// openid-client speaks https only. A provider on this machine (a test's, a demo's) may be
	// plain http; config.ts refuses http anywhere else.
	const local = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname);

	const configuration = (): Promise<client.Configuration> => {
		discovered ??= client
			.discovery(
				issuer,
				config.clientId,
				{ redirect_uris: [redirectUri], response_types: ['code'] },
				client.ClientSecretBasic(config.clientSecret),
				{ timeout: PROVIDER_TIMEOUT_S, execute: local ? [client.allowInsecureRequests] : [] }
			)
			.catch((error: unknown) => {
				discovered = undefined;
				throw error;
			});
		return discovered;
	};

	return {
		async start(returnTo) {
			const oidc = await configuration();
			const pending: PendingSignIn = {
				state: client.randomState(),
				nonce: client.randomNonce(),
				codeVerifier: client.randomPKCECodeVerifier(),
				returnTo
			};
			const url = client.buildAuthorizationUrl(oidc, {
				redirect_uri: redirectUri,
				scope: SCOPE,
				code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
				code_challenge_method: 'S256',
				state: pending.state,
				nonce: pending.nonce
			});
			return { url, pending };
		},

		async finish(callbackUrl, pending) {
			const oidc = await configuration();
			const tokens = await client.authorizationCodeGrant(oidc, callbackUrl, {
				pkceCodeVerifier: pending.codeVerifier,
				expectedState: pending.state,
				expectedNonce: pending.nonce,
				idTokenExpected: true
			});
			const claims = tokens.claims();
			if (!claims) throw new Error('the provider sent no ID token');
			let name = displayName(claims);
			let email = emailOf(claims);
			// Providers that follow the spec closely (oidc-provider, some Keycloak setups) put the
			// profile and e-mail claims only in the userinfo answer. Its access token is used this
			// once and then forgotten with the rest.
			if ((!name || !email) && tokens.access_token) {
				try {
					const info = await client.fetchUserInfo(oidc, tokens.access_token, claims.sub);
					name ||= displayName(info);
					email ||= emailOf(info);
				} catch {
					// A sign-in without a name or address still signs in; hand-overs need the address.
				}
			}
			return { issuer: claims.iss, subject: claims.sub, name, email };
		}
	};
}

type Claims = Readonly<Record<string, unknown>>;

const claim = (claims: Claims, name: string): string => {
	const value = claims[name];
	return typeof value === 'string' ? value.trim().slice(0, 200) : '';
};

function displayName(claims: Claims): string {
	const full = claim(claims, 'name');
	if (full) return full;
	return [claim(claims, 'given_name'), claim(claims, 'family_name')].filter(Boolean).join(' ');
}

/**
 * The e-mail address to hand sessions over by: not one the provider says is unverified, nor a
 * user name that looks like one (on some providers people choose their own).
 */
function emailOf(claims: Claims): string {
	const email = claim(claims, 'email');
	return email && claims.email_verified !== false ? email.toLowerCase() : '';
}
