import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);

/**
 * The fonts charts are drawn with, from an npm package rather than the system: the same
 * picture on every server, with or without fonts installed, and never a font from elsewhere.
 */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
	require.resolve(`dejavu-fonts-ttf/ttf/${file}`)
);

/** The largest picture made: a chart for a page needs far less, and memory is the room's. */
export const CHART_PNG_MAX_WIDTH = 4000;

/**
 * A chart's SVG (`renderChartSvg`) as a PNG `widthPx` pixels wide, for documents: on a white
 * background, drawn with DejaVu Sans whatever fonts the system has.
 */
export function chartPng(svg: string, widthPx: number): Buffer {
	const width = Math.min(CHART_PNG_MAX_WIDTH, Math.max(1, Math.round(widthPx)));
	const resvg = new Resvg(svg, {
		background: '#ffffff',
		fitTo: { mode: 'width', value: width },
		font: {
			fontFiles: FONT_FILES,
			loadSystemFonts: false,
			defaultFontFamily: 'DejaVu Sans',
			sansSerifFamily: 'DejaVu Sans'
		},
		logLevel: 'off'
	});
	return resvg.render().asPng();
}
