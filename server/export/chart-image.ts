import { renderChartSvg } from '../../src/lib/charts/index.ts';
import type { ChartSpec } from '../../src/lib/charts/types.ts';
import { chartPng } from './chart-png.ts';
import { A4, textWidthOf, type Orientation } from './page-layout.ts';

/** CSS pixels per point: a chart is drawn in CSS pixels, a page is measured in points. */
const PX_PER_PT = 96 / 72;
/** The picture's pixels per CSS pixel: sharp when printed (about 190 dpi). */
const DENSITY = 2;
/**
 * The most of a page's text height a chart takes, so that it fits on one page with a caption
 * line, and a landscape page's wide drawing is shrunk rather than cut.
 */
const MAX_HEIGHT_SHARE = 0.85;

/** A chart as a picture for a page: its PNG, and the size it takes on the page in points. */
export interface ChartImage {
	png: Buffer;
	width: number;
	height: number;
}

/**
 * A chart drawn as wide as the page's text (its type then prints at about the size of the
 * text's), as a PNG for Word and the PDF; shrunk to fit when it would be taller than a page.
 */
export function chartImage(spec: ChartSpec, orientation: Orientation): ChartImage {
	const textWidth = textWidthOf(orientation);
	const textHeight = (orientation === 'portrait' ? A4.height : A4.width) - 2 * A4.margin;
	const svg = renderChartSvg(spec, { width: textWidth * PX_PER_PT });
	const svgWidth = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 0);
	const svgHeight = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 0);
	const ratio = svgWidth > 0 ? svgHeight / svgWidth : 0.6;
	const width = Math.min(textWidth, (textHeight * MAX_HEIGHT_SHARE) / ratio);
	return {
		png: chartPng(svg, svgWidth * DENSITY),
		width,
		height: width * ratio
	};
}
