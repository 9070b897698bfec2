import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AT_ONCE, DEFAULT_PACING, LoopBudget, Publisher, type PublishPacing } from './publisher.ts';

describe('the publisher of counts', () => {
	beforeEach(() =>
		vi.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] })
	);
	afterEach(() => vi.useRealTimers());

	const now = () => Date.now();

	/** A publisher whose held-back runs are logged, as the room runs them in a transaction. */
	function setup(pacing: PublishPacing = DEFAULT_PACING, budget = new LoopBudget({ now })) {
		const log: string[] = [];
		const latencies: number[] = [];
		const publisher = new Publisher({
			run(publish) {
				log.push('transaction');
				publish();
			},
			observe: (ms) => latencies.push(ms),
			pacing,
			budget,
			now
		});
		return { log, latencies, publisher };
	}

	it('publishes a change to a quiet room at once, inside the caller’s transaction', () => {
		const { log, latencies, publisher } = setup();
		publisher.schedule('poll:a', () => log.push('a1'));
		expect(log).toEqual(['a1']);
		expect(latencies).toEqual([0]);
	});

	it('gathers what comes while the server’s broadcasts are over their share into one publication', () => {
		const { log, latencies, publisher } = setup();
		publisher.schedule('poll:a', () => log.push('a1'));
		// The broadcast of a1 took 80 ms of writes (a very large room on a slow machine): 30 ms
		// more than the budget held, 60 ms of the loop to repay at half of it.
		publisher.delivered(80);
		vi.advanceTimersByTime(2);
		for (const n of [2, 3, 4]) publisher.schedule('poll:a', () => log.push(`a${n}`));
		publisher.schedule('dots:b', () => log.push('b1'));
		expect(log).toEqual(['a1']);
		vi.advanceTimersByTime(57);
		expect(log).toEqual(['a1']);
		vi.advanceTimersByTime(1);
		// Only the latest under each key (each recounts everything), both in one transaction.
		expect(log).toEqual(['a1', 'transaction', 'a4', 'b1']);
		expect(latencies).toEqual([0, 58]);
	});

	it('publishes at once while broadcasts stay within their share', () => {
		const { log, publisher } = setup();
		for (const n of [1, 2, 3]) {
			publisher.schedule('poll:a', () => log.push(`a${n}`));
			// A hundred devices: a millisecond or so a broadcast.
			publisher.delivered(1.5);
			vi.advanceTimersByTime(10);
		}
		expect(log).toEqual(['a1', 'a2', 'a3']);
	});

	it('holds a room to its burst and rate however fast the changes come', () => {
		const { log, publisher } = setup({ burst: 5, perSecond: 40, budgeted: true });
		let published = 0;
		// A change every millisecond for three seconds, each broadcast taking no time at all.
		for (let ms = 0; ms < 3000; ms++) {
			publisher.schedule('poll:a', () => published++);
			vi.advanceTimersByTime(1);
		}
		vi.advanceTimersByTime(1000);
		// The five of the burst, then forty a second; the last change still went out.
		expect(published).toBeGreaterThanOrEqual(5 + 40 * 3 - 1);
		expect(published).toBeLessThanOrEqual(5 + 40 * 3 + 1);
		expect(log.filter((entry) => entry === 'transaction').length).toBe(published - 5);
	});

	it('publishes a deferred change outside the caller’s transaction, as soon as a timer runs', () => {
		const { log, publisher } = setup();
		publisher.schedule('restamp:a', () => log.push('a1'), { defer: true });
		expect(log).toEqual([]);
		vi.advanceTimersByTime(0);
		expect(log).toEqual(['transaction', 'a1']);
		// While the broadcasts are over their share, a deferred change waits like any other.
		publisher.delivered(52);
		publisher.schedule('restamp:a', () => log.push('a2'), { defer: true });
		vi.advanceTimersByTime(3);
		expect(log).toEqual(['transaction', 'a1']);
		vi.advanceTimersByTime(1);
		expect(log).toEqual(['transaction', 'a1', 'transaction', 'a2']);
	});

	it('shares the server’s loop between rooms: a busy room slows the others’ publications', () => {
		const budget = new LoopBudget({ share: 0.5, capacityMs: 50, now });
		const big = setup(DEFAULT_PACING, budget);
		const small = setup(DEFAULT_PACING, budget);
		big.publisher.schedule('poll:a', () => big.log.push('a1'));
		// Its broadcast took 70 ms: 20 ms more than the budget held, 40 ms of the loop to repay.
		big.publisher.delivered(70);
		small.publisher.schedule('poll:b', () => small.log.push('b1'));
		small.publisher.schedule('poll:b', () => small.log.push('b2'));
		expect(small.log).toEqual([]);
		vi.advanceTimersByTime(39);
		expect(small.log).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(small.log).toEqual(['transaction', 'b2']);
	});

	it('publishes every change at once without pacing', () => {
		const { log, publisher } = setup(AT_ONCE);
		for (const n of [1, 2, 3, 4, 5, 6, 7]) {
			publisher.schedule('poll:a', () => log.push(`a${n}`));
			publisher.delivered(100);
		}
		expect(log).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
	});

	it('publishes what is waiting when the room unloads, and nothing after it is disposed', () => {
		const { log, publisher } = setup();
		publisher.schedule('poll:a', () => log.push('a1'));
		publisher.delivered(60);
		publisher.schedule('poll:a', () => log.push('a2'));
		publisher.flushAll();
		expect(log).toEqual(['a1', 'transaction', 'a2']);
		publisher.delivered(60);
		publisher.schedule('poll:a', () => log.push('a3'));
		publisher.dispose();
		vi.advanceTimersByTime(100);
		publisher.schedule('poll:a', () => log.push('a4'));
		expect(log).toEqual(['a1', 'transaction', 'a2']);
	});
});
