import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Publisher, publishInterval } from './publisher.ts';

describe('the publisher of counts', () => {
	beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
	afterEach(() => vi.useRealTimers());

	/** A publisher whose deferred runs are logged, as the room would run them in a transaction. */
	function setup() {
		const log: string[] = [];
		const publisher = new Publisher(
			() => 50,
			(publish) => {
				log.push('transaction');
				publish();
			}
		);
		return { log, publisher };
	}

	it('publishes a lone change at once, inside the caller’s transaction', () => {
		const { log, publisher } = setup();
		publisher.schedule('poll:a', () => log.push('a1'));
		expect(log).toEqual(['a1']);
	});

	it('gathers a burst into one publication at the end of the interval', () => {
		const { log, publisher } = setup();
		publisher.schedule('poll:a', () => log.push('a1'));
		vi.advanceTimersByTime(10);
		for (const n of [2, 3, 4]) publisher.schedule('poll:a', () => log.push(`a${n}`));
		expect(log).toEqual(['a1']);
		vi.advanceTimersByTime(39);
		expect(log).toEqual(['a1']);
		vi.advanceTimersByTime(1);
		// Only the latest: every publication recounts everything.
		expect(log).toEqual(['a1', 'transaction', 'a4']);
		// And at most one per interval after that too.
		publisher.schedule('poll:a', () => log.push('a5'));
		expect(log).toHaveLength(3);
		vi.advanceTimersByTime(50);
		expect(log).toEqual(['a1', 'transaction', 'a4', 'transaction', 'a5']);
	});

	it('publishes a deferred change outside the caller’s transaction, as soon as a timer runs', () => {
		const { log, publisher } = setup();
		publisher.schedule('restamp:a', () => log.push('a1'), Date.now(), { defer: true });
		expect(log).toEqual([]);
		vi.advanceTimersByTime(0);
		expect(log).toEqual(['transaction', 'a1']);
		// Within the interval after it, a deferred change waits for the interval like any other.
		publisher.schedule('restamp:a', () => log.push('a2'), Date.now(), { defer: true });
		vi.advanceTimersByTime(49);
		expect(log).toEqual(['transaction', 'a1']);
		vi.advanceTimersByTime(1);
		expect(log).toEqual(['transaction', 'a1', 'transaction', 'a2']);
	});

	it('keeps steps apart: one step’s burst does not hold back another', () => {
		const { log, publisher } = setup();
		publisher.schedule('poll:a', () => log.push('a1'));
		publisher.schedule('poll:a', () => log.push('a2'));
		publisher.schedule('dots:b', () => log.push('b1'));
		expect(log).toEqual(['a1', 'b1']);
	});

	it('tells how long each publication came after the first change it carries', () => {
		vi.useFakeTimers({
			now: 1_000_000,
			toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance']
		});
		const latencies: number[] = [];
		const publisher = new Publisher(
			() => 50,
			(publish) => publish(),
			(ms) => latencies.push(ms)
		);
		publisher.schedule('poll:a', () => {});
		// A lone change goes out with its own transaction.
		expect(latencies).toEqual([0]);
		vi.advanceTimersByTime(10);
		publisher.schedule('poll:a', () => {});
		vi.advanceTimersByTime(20);
		publisher.schedule('poll:a', () => {});
		vi.advanceTimersByTime(20);
		// The burst's first change waited from 10 ms to the end of the interval at 50 ms.
		expect(latencies).toEqual([0, 40]);
	});

	it('publishes what is pending when the room unloads, and nothing after it is disposed', () => {
		const { log, publisher } = setup();
		publisher.schedule('poll:a', () => log.push('a1'));
		publisher.schedule('poll:a', () => log.push('a2'));
		publisher.flushAll();
		expect(log).toEqual(['a1', 'transaction', 'a2']);
		publisher.schedule('poll:a', () => log.push('a3'));
		publisher.dispose();
		vi.advanceTimersByTime(100);
		expect(log).toEqual(['a1', 'transaction', 'a2']);
	});
});

describe('the publishing interval', () => {
	it('is 50 ms up to a thousand devices, then grows to keep the server’s sends in budget', () => {
		expect(publishInterval(0)).toBe(50);
		expect(publishInterval(1000)).toBe(50);
		expect(publishInterval(2500)).toBe(100);
		expect(publishInterval(5001)).toBe(201);
		expect(publishInterval(100_000)).toBe(500);
		expect(publishInterval(10, 0)).toBe(1);
	});
});
