import type { Swatch } from './types.ts';

const INKS = ['#000000', '#ffffff'] as const;

/** Relative luminance of a `#rrggbb` colour (WCAG 2.1). */
function luminance(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => {
		const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
		return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
	}) as [number, number, number];
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: number, b: number): number =>
	(Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/** A fill with the better of black and white text on it. */
export function swatch(fill: string): Swatch {
	const own = luminance(fill);
	const [black, white] = INKS.map(luminance) as [number, number];
	return { fill, ink: contrast(own, black) >= contrast(own, white) ? INKS[0] : INKS[1] };
}

/** The board's dark blue (its accent), for bars of one series and "desired". */
export const PRIMARY = swatch('#16325c');
/** The board's orange (its focus colour), which the results views use for "now". */
export const SECONDARY = swatch('#c2410c');
/** The empty part of a bar. */
export const TRACK = '#e3e8f0';

/**
 * Options side by side in a stacked bar: hues far apart, told apart also by people who do not
 * see red and green (after Okabe and Ito, darkened so the white or black share reads on each).
 */
const CATEGORICAL = [
	'#16325c',
	'#e69f00',
	'#009e73',
	'#cc79a7',
	'#0072b2',
	'#d55e00',
	'#56b4e9',
	'#6b6b6b'
].map(swatch);

/** The colour of the `index`th option; after eight they repeat (a poll rarely has more options). */
export const categorical = (index: number): Swatch =>
	CATEGORICAL[index % CATEGORICAL.length] ?? PRIMARY;

/** Consent, concern, objection: green, amber, red, as a traffic light reads. */
export const CONSENT_SWATCHES = {
	consent: swatch('#1b7a55'),
	concern: swatch('#e0a526'),
	objection: swatch('#b3261e')
} as const;
