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
