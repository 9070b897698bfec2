import type { BlockList } from 'node:net';
import { parseTrustProxy } from './client-address.ts';
import { isLogLevel, LOG_LEVELS, type LogLevel } from './log.ts';
import { DEFAULT_RETENTION_DAYS, RETENTION_DAYS_MAX } from './retention.ts';
import { DEFAULT_SHUTDOWN_GRACE_MS } from './shutdown.ts';

export interface Config {
	port: number;
	host: string;
	dataDir: string;
	origin?: string;
	/** Keys that may create sessions; empty: anyone who reaches the server may. */
	organizerKeys: string[];
	trustProxy?: BlockList;
	/** The least severe log level written (`LOG_LEVEL`). */
	logLevel: LogLevel;
	/** The bearer token /metrics needs (`METRICS_TOKEN`); unset: there is no /metrics. */
	metricsToken?: string;
	/** Days after its last use that a session is erased. */
	retentionDays: number;
	/** How long a stop waits for requests under way (`SHUTDOWN_GRACE_SECONDS`). */
	shutdownGraceMs: number;
	/** Organizer sign-in through OpenID Connect; unset: nobody signs in. */
	oidc?: OidcConfig;
}

/** The organization's identity provider and this board's client there (`OIDC_*`). */
export interface OidcConfig {
	/** The issuer identifier, e.g. https://login.microsoftonline.com/<tenant>/v2.0. */
	issuer: string;
	clientId: string;
	clientSecret: string;
}

/** An organizer key is a shared password for a public server: too short is too guessable. */
const ORGANIZER_KEY_MIN = 16;

/** Reads the configuration from the environment once, at startup (never at import time). */
export function configFromEnv(env: NodeJS.ProcessEnv): Config {
	const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(`PORT must be a port number, not "${env.PORT}"`);
	}
	const origin = env.ORIGIN?.replace(/\/+$/, '') || undefined;
	if (origin && !/^https?:\/\/[^/]+$/.test(origin)) {
		throw new Error(`ORIGIN must look like https://example.org, not "${env.ORIGIN}"`);
	}
	// Several keys (one per organizing team, say) are separated by commas or white space.
	const organizerKeys = (env.ORGANIZER_KEY ?? '').split(/[\s,]+/).filter(Boolean);
	for (const key of organizerKeys) {
		if (key.length < ORGANIZER_KEY_MIN || key.length > 200) {
			// Never print the key itself: logs outlive the configuration.
			throw new Error(`ORGANIZER_KEY: each key needs ${ORGANIZER_KEY_MIN} to 200 characters`);
		}
	}
	const { logLevel, metricsToken } = observabilityFromEnv(env);
	// A stop (SIGTERM) answers the requests under way for at most this long.
	const grace =
		env.SHUTDOWN_GRACE_SECONDS === undefined || env.SHUTDOWN_GRACE_SECONDS === ''
			? DEFAULT_SHUTDOWN_GRACE_MS / 1000
			: Number(env.SHUTDOWN_GRACE_SECONDS);
	if (!Number.isFinite(grace) || grace < 0 || grace > 600) {
		throw new Error(
			`SHUTDOWN_GRACE_SECONDS must be a number of seconds from 0 to 600, not "${env.SHUTDOWN_GRACE_SECONDS}"`
		);
	}
	const oidc = oidcFromEnv(env, origin);
	return {
		port,
		host: env.HOST || '0.0.0.0',
		dataDir: env.DATA_DIR || './data',
		origin,
		organizerKeys,
		trustProxy: parseTrustProxy(env.TRUST_PROXY),
		logLevel,
		metricsToken,
		retentionDays: parseRetentionDays(env.RETENTION_DAYS),
		shutdownGraceMs: Math.round(grace * 1000),
		...(oidc && { oidc })
	};
}

/** Host names of this machine: an identity provider there may be spoken to over plain http. */
export function isLoopbackHost(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * `OIDC_ISSUER`, `OIDC_CLIENT_ID` and `OIDC_CLIENT_SECRET`: all three or none. The provider sends
 * the browser back to `${ORIGIN}/auth/callback`, so ORIGIN is needed too. An issuer is spoken
 * to over https; plain http only on this machine (a provider started for a test or a demo).
 */
function oidcFromEnv(env: NodeJS.ProcessEnv, origin: string | undefined): OidcConfig | undefined {
	const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
	const set = names.filter((name) => env[name]);
	if (set.length === 0) return undefined;
	if (set.length < names.length) {
		const missing = names.filter((name) => !env[name]);
		throw new Error(
			`organizer sign-in needs all of ${names.join(', ')}; missing ${missing.join(', ')}`
		);
	}
	if (!origin) {
		throw new Error(
			'organizer sign-in (OIDC_ISSUER) needs ORIGIN, the address the provider sends people back to'
		);
	}
	const issuer = URL.parse(env.OIDC_ISSUER ?? '');
	const local = issuer?.protocol === 'http:' && isLoopbackHost(issuer.hostname);
	if (!issuer || (issuer.protocol !== 'https:' && !local) || issuer.search || issuer.hash) {
		throw new Error(
			`OIDC_ISSUER must be the provider's https address, e.g. https://login.example.org/realms/staff, not "${env.OIDC_ISSUER}"`
		);
	}
	// Never print the secret: logs outlive the configuration.
	return {
		issuer: env.OIDC_ISSUER ?? '',
		clientId: env.OIDC_CLIENT_ID ?? '',
		clientSecret: env.OIDC_CLIENT_SECRET ?? ''
	};
}

/** A metrics token is a password for the server's figures: too short is too guessable. */
const METRICS_TOKEN_MIN = 16;

/** `LOG_LEVEL` and `METRICS_TOKEN`: how much the log says, and whether /metrics answers. */
function observabilityFromEnv(env: NodeJS.ProcessEnv): Pick<Config, 'logLevel' | 'metricsToken'> {
	const level = (env.LOG_LEVEL ?? '').trim().toLowerCase() || 'info';
	if (!isLogLevel(level)) {
		throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${env.LOG_LEVEL}"`);
	}
	const token = env.METRICS_TOKEN || undefined;
	// Sent in an Authorization header: visible ASCII without spaces.
	if (
		token &&
		(token.length < METRICS_TOKEN_MIN || token.length > 200 || !/^[!-~]+$/.test(token))
	) {
		// Never print the token itself: logs outlive the configuration.
		throw new Error(`METRICS_TOKEN needs ${METRICS_TOKEN_MIN} to 200 characters, without spaces`);
	}
	return { logLevel: level, metricsToken: token };
}

/** `RETENTION_DAYS`: whole days from 1 to 3650 (ten years); 90 when unset. */
function parseRetentionDays(value: string | undefined): number {
	if (value === undefined || value.trim() === '') return DEFAULT_RETENTION_DAYS;
	const days = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
	if (!Number.isSafeInteger(days) || days < 1 || days > RETENTION_DAYS_MAX) {
		throw new Error(
			`RETENTION_DAYS must be a whole number of days from 1 to ${RETENTION_DAYS_MAX}, not "${value}"`
		);
	}
	return days;
}
