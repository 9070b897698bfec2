/**
 * The colours of a scale's points: one hue from light (the first point) to the board's dark
 * accent (the last), so the order of the points reads at a glance on any scale (disagree to
 * agree, local to supra-regional). Each comes with the text colour that reads best on it:
 * the better of black and white always has a contrast of at least 4.58:1 (WCAG AA asks 4.5).
 */
export interface PointColour {
	fill: string;
	ink: string;
}

const LIGHT = [214, 226, 243] as const;
const DARK = [22, 50, 92] as const;
const INKS = ['#000000', '#ffffff'] as const;

/** Relative luminance of an sRGB colour (WCAG 2.1). */
function luminance(rgb: readonly number[]): number {
	const [r, g, b] = rgb.map((c) => {
		const v = c / 255;
		return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
	}) as [number, number, number];
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: number, b: number): number =>
	(Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

const hex = (rgb: readonly number[]): string =>
	`#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

const INK_LUMINANCE = INKS.map((ink) =>
	luminance([1, 3, 5].map((i) => Number.parseInt(ink.slice(i, i + 2), 16)))
);

/** The colours of a scale of `points` points, in order. */
export function pointColours(points: number): PointColour[] {
	return Array.from({ length: Math.max(0, points) }, (_, point) => {
		const t = points > 1 ? point / (points - 1) : 1;
		const rgb = LIGHT.map((light, i) => light + (DARK[i]! - light) * t);
		const own = luminance(rgb.map(Math.round));
		const [dark, white] = INK_LUMINANCE as [number, number];
		return { fill: hex(rgb), ink: contrast(own, dark) >= contrast(own, white) ? INKS[0] : INKS[1] };
	});
}
