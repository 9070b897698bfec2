import { describe, expect, it } from 'vitest';
import { PendingSignIns } from './pending-sign-ins.ts';

const pending = (state: string) => ({ state, nonce: 'n', codeVerifier: 'v', returnTo: '/' });

describe('sign-ins waiting for the provider', () => {
	it('are found once, by the cookie value that started them, until they expire', () => {
		const waiting = new PendingSignIns({ max: 10, ttlMs: 1000 });
		waiting.add('cookie-a', pending('a'), 0);
		waiting.add('cookie-b', pending('b'), 0);
		expect(waiting.take('cookie-x', 10)).toBeUndefined();
		expect(waiting.take('cookie-a', 10)?.state).toBe('a');
		expect(waiting.take('cookie-a', 10)).toBeUndefined();
		expect(waiting.take('cookie-b', 1000)).toBeUndefined();
		expect(waiting.take(undefined, 0)).toBeUndefined();
	});

	it('are bounded: beyond the cap the oldest are forgotten, and expired ones leave', () => {
		const waiting = new PendingSignIns({ max: 3, ttlMs: 1000 });
		for (const name of ['a', 'b', 'c', 'd']) waiting.add(`cookie-${name}`, pending(name), 0);
		expect(waiting.size).toBe(3);
		expect(waiting.take('cookie-a', 1)).toBeUndefined();
		expect(waiting.take('cookie-d', 1)?.state).toBe('d');
		waiting.add('cookie-e', pending('e'), 5000);
		expect(waiting.size).toBe(1);
	});
});
