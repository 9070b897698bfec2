import { describe, expect, it } from 'vitest';
import { JoinGuard } from './join-guard.ts';

const limits = {
	failedJoinsPerAddress: { capacity: 3, perSecond: 0.1 },
	failedJoins: { capacity: 5, perSecond: 1 },
	joinsPerAddressAndSession: { capacity: 2, perSecond: 1 },
	failedJoinMemoryMs: 60_000
};

describe('the join guard', () => {
	it('refuses an address after its wrong codes, before looking at its next code', () => {
		const guard = new JoinGuard(limits);
		for (let i = 0; i < 3; i++) {
			expect(guard.admit('a', 0)).toBe(0);
			guard.failed('a', 0);
		}
		expect(guard.admit('a', 0)).toBe(10_000);
		expect(guard.admit('b', 0)).toBe(0);
		expect(guard.admit('a', 10_000)).toBe(0);
	});

	it('over all addresses: once the ceiling is reached, refuses those that guessed lately only', () => {
		const guard = new JoinGuard(limits);
		for (const address of ['a', 'b', 'c', 'd', 'e']) guard.failed(address, 0);
		expect(guard.admit('a', 0)).toBeGreaterThan(0);
		// A room that has not guessed is still heard (a right code must get through).
		expect(guard.admit('clean', 0)).toBe(0);
		guard.failed('clean', 0);
		expect(guard.admit('clean', 0)).toBeGreaterThan(0);
		// As the ceiling refills, those addresses are heard again.
		expect(guard.admit('a', 2_000)).toBe(0);
	});

	it('remembers IPv6 guessers by their /48, so one network cannot bring fresh /64s', () => {
		const guard = new JoinGuard(limits);
		for (const address of ['a', 'b', 'c', 'd', 'e']) guard.failed(address, 0);
		guard.failed('2001:db8:1:1::/64', 0);
		expect(guard.admit('2001:db8:1:2::/64', 0)).toBeGreaterThan(0);
		expect(guard.admit('2001:db8:2:1::/64', 0)).toBe(0);
	});

	it('lets a right code join a session only so often from one address', () => {
		const guard = new JoinGuard(limits);
		expect(guard.join('a', 's', 0)).toBe(0);
		expect(guard.join('a', 's', 0)).toBe(0);
		expect(guard.join('a', 's', 0)).toBe(1000);
		expect(guard.join('a', 'other', 0)).toBe(0);
		expect(guard.join('b', 's', 0)).toBe(0);
	});
});
