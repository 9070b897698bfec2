import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.ts';

describe('the configuration of logs and metrics', () => {
	it('logs at info and has no /metrics by default', () => {
		expect(configFromEnv({})).toMatchObject({ logLevel: 'info', metricsToken: undefined });
		expect(configFromEnv({ LOG_LEVEL: '', METRICS_TOKEN: '' })).toMatchObject({
			logLevel: 'info',
			metricsToken: undefined
		});
	});

	it('takes LOG_LEVEL in any case, and refuses a level it does not know', () => {
		for (const level of ['debug', 'info', 'warn', 'error']) {
			expect(configFromEnv({ LOG_LEVEL: level.toUpperCase() }).logLevel).toBe(level);
		}
		expect(() => configFromEnv({ LOG_LEVEL: 'verbose' })).toThrow(
			'LOG_LEVEL must be one of debug, info, warn, error, not "verbose"'
		);
	});

	it('takes a METRICS_TOKEN of 16 to 200 visible characters, never repeating it when refused', () => {
		const token = 'a-metrics-token-0123';
		expect(configFromEnv({ METRICS_TOKEN: token }).metricsToken).toBe(token);
		for (const refused of ['too-short-token', 'x'.repeat(201), 'with a space in the token']) {
			let message = '';
			try {
				configFromEnv({ METRICS_TOKEN: refused });
			} catch (error) {
				message = (error as Error).message;
			}
			expect(message).toBe('METRICS_TOKEN needs 16 to 200 characters, without spaces');
		}
	});
});

describe('the configuration of organizer sign-in (OIDC_*)', () => {
	const oidc = {
		OIDC_ISSUER: 'https://login.example.org/realms/staff',
		OIDC_CLIENT_ID: 'koersbord',
		OIDC_CLIENT_SECRET: 'een-geheim-van-de-provider'
	};
	const origin = { ORIGIN: 'https://koersbord.example.org' };

	it('is off without the variables, and on with all three and ORIGIN', () => {
		expect(configFromEnv({}).oidc).toBeUndefined();
		expect(configFromEnv({ ...oidc, ...origin }).oidc).toEqual({
			issuer: 'https://login.example.org/realms/staff',
			clientId: 'koersbord',
			clientSecret: 'een-geheim-van-de-provider'
		});
	});

	it('names what is missing when only some are set, never the secret', () => {
		const { OIDC_CLIENT_ID: _id, ...withoutId } = oidc;
		expect(() => configFromEnv({ ...withoutId, ...origin })).toThrow(
			'organizer sign-in needs all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET; missing OIDC_CLIENT_ID'
		);
		try {
			configFromEnv({ ...withoutId, ...origin });
		} catch (error) {
			expect(String(error)).not.toContain(oidc.OIDC_CLIENT_SECRET);
		}
	});

	it('needs ORIGIN, where the provider sends people back to', () => {
		expect(() => configFromEnv(oidc)).toThrow(/needs ORIGIN/);
	});

	it('speaks to an issuer over https, and over http only on this machine', () => {
		for (const issuer of [
			'http://login.example.org',
			'login.example.org',
			'ftp://x',
			'https://x/?a=1'
		]) {
			expect(() => configFromEnv({ ...oidc, ...origin, OIDC_ISSUER: issuer }), issuer).toThrow(
				/OIDC_ISSUER must be/
			);
		}
		for (const issuer of [
			'http://127.0.0.1:9000',
			'http://localhost:9000/realms/test',
			'http://[::1]:9000'
		]) {
			expect(configFromEnv({ ...oidc, ...origin, OIDC_ISSUER: issuer }).oidc?.issuer).toBe(issuer);
		}
	});
});
