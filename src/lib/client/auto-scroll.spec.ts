import { describe, expect, it } from 'vitest';
import { edgeSpeed } from './auto-scroll.ts';

describe('the scroll speed near an edge while dragging', () => {
	// An area from 100 to 900 px, with a 50 px band and at most 20 px a frame.
	const at = (x: number) => edgeSpeed(x, 100, 900, 50, 20);

	it('holds still in the middle and far outside', () => {
		expect([at(151), at(500), at(849)]).toEqual([0, 0, 0]);
		expect([at(49), at(951)]).toEqual([0, 0]);
	});

	it('scrolls back near the start and on near the end, faster the deeper in', () => {
		expect(at(140)).toBeLessThan(0);
		expect(at(110)).toBeLessThan(at(140));
		expect(at(860)).toBeGreaterThan(0);
		expect(at(890)).toBeGreaterThan(at(860));
		expect([at(100), at(900)]).toEqual([-20, 20]);
	});

	it('goes at full speed just past the edge, and never slower than a pixel', () => {
		expect([at(70), at(930)]).toEqual([-20, 20]);
		expect([at(149.9), at(850.1)]).toEqual([-1, 1]);
	});

	it('keeps a still middle in a small area', () => {
		// 100 px wide: the band shrinks to 25 px.
		expect(edgeSpeed(150, 100, 200, 50, 20)).toBe(0);
		expect(edgeSpeed(110, 100, 200, 50, 20)).toBeLessThan(0);
		expect(edgeSpeed(150, 150, 150, 50, 20)).toBe(0);
	});
});
