import { describe, expect, it } from 'vitest';
import { decodePng, PNG_SIGNATURE } from '../../tests/helpers/png.ts';
import { renderChartSvg, stepCharts } from '../../src/lib/charts/index.ts';
import type { PollStep } from '../../src/lib/model/types.ts';
import { chartPng } from './chart-png.ts';

const poll: PollStep = {
	id: 'p1',
	kind: 'poll',
	title: 'Positionering',
	optionSet: 'positioning',
	question: 'Welke positionering past het best?',
	nowQuestion: '',
	desiredQuestion: '',
	options: [
		{ id: 'a', title: 'Leernetwerk', description: '' },
		{ id: 'b', title: 'Facilitator', description: '' }
	],
	mode: 'single',
	budget: 10,
	visibility: 'live',
	status: 'closed',
	revealed: true,
	round: 1,
	endsAt: 0,
	tally: { voters: 5, totals: { a: 4, b: 1 } }
};

const [chart] = stepCharts(poll, {
	locale: 'nl',
	perspectives: [],
	threshold: 3,
	session: { title: 'Leersessie 1', date: Date.UTC(2026, 2, 12) }
});
const svg = renderChartSvg(chart!);
const svgHeight = Number(/height="(\d+)"/.exec(svg)![1]);

/** Pixels in a band of rows that are darker than the light grey of a bar's track. */
function darkPixels(png: ReturnType<typeof decodePng>, fromRow = 0, toRow = png.height): number {
	let dark = 0;
	for (let y = fromRow; y < toRow; y++) {
		for (let x = 0; x < png.width; x++) {
			const i = (y * png.width + x) * 4;
			if (png.pixels[i]! < 120 && png.pixels[i + 1]! < 120 && png.pixels[i + 2]! < 140) dark++;
		}
	}
	return dark;
}

describe('a chart as a PNG on the server', () => {
	it('is a PNG of the width asked for, the chart’s proportions kept', () => {
		const png = chartPng(svg, 1600);
		expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
		const decoded = decodePng(png);
		expect(decoded.width).toBe(1600);
		expect(decoded.height).toBe(Math.round(svgHeight * 2));
	});

	it('draws the bars and the text, on white', () => {
		const decoded = decodePng(chartPng(svg, 800));
		// The corner is the white background, opaque.
		expect([...decoded.pixels.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
		// The title (the first 60 pixels' rows) is drawn: the font was found without the system's.
		expect(darkPixels(decoded, 25, 60)).toBeGreaterThan(300);
		// The leading bar (4 of 5 votes) in the board's dark blue: a row more than half dark.
		const widest = Math.max(
			...Array.from({ length: decoded.height }, (_, y) => darkPixels(decoded, y, y + 1))
		);
		expect(widest).toBeGreaterThan(decoded.width / 2);
	});

	it('is the same picture every time it is drawn', () => {
		expect(chartPng(svg, 400).equals(chartPng(svg, 400))).toBe(true);
	});
});
