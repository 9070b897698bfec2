import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.ts';

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
