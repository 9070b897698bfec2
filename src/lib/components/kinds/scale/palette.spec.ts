import { describe, expect, it } from 'vitest';
import { pointColours } from './palette.ts';

const channel = (hex: string, at: number): number => {
	const v = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
	return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const luminance = (hex: string): number =>
	0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
const contrast = (a: string, b: string): number => {
	const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
	return (x + 0.05) / (y + 0.05);
};

describe('the colours of a scale’s points', () => {
	it('run from light to dark, one per point, each with text that reads on it (WCAG AA)', () => {
		for (let points = 2; points <= 7; points++) {
			const colours = pointColours(points);
			expect(colours).toHaveLength(points);
			const lightness = colours.map((c) => luminance(c.fill));
			expect(lightness).toEqual([...lightness].sort((a, b) => b - a));
			for (const { fill, ink } of colours) expect(contrast(fill, ink)).toBeGreaterThanOrEqual(4.5);
		}
		expect(pointColours(0)).toEqual([]);
	});
});
