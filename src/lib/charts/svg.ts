import { percent } from '../model/tally.ts';
import { m } from '../paraglide/messages.js';
import { chartAlt } from './alt.ts';
import { TRACK } from './palette.ts';
import { textWidth, wrap, xmlText } from './text.ts';
import type { BarChart, ChartSpec, StackedChart, Swatch } from './types.ts';

/**
 * Generic families only: the chart must not ask anyone for a font (no third-party requests),
 * and looks alike wherever one of these is installed. The server renders with DejaVu Sans,
 * which it loads itself (server/export/chart-png.ts).
 */
export const CHART_FONTS = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";

export interface SvgOptions {
	/** The drawing's width in CSS pixels (its height follows from its content); 800 if not given. */
	width?: number;
}

const INK = '#111827';
const MUTED = '#4b5563';
const ACCENT = '#16325c';
const RULE = '#c9d1de';
const PAD = 32;

/** A coordinate as written: one decimal is finer than any screen or print shows. */
const at = (n: number): string => String(Math.round(n * 10) / 10);

interface TextStyle {
	size: number;
	bold?: boolean;
	fill?: string;
	anchor?: 'start' | 'middle' | 'end';
}

/** Collects a drawing from top to bottom; `y` is where the next thing goes. */
class Canvas {
	readonly parts: string[] = [];
	y = PAD;

	constructor(readonly width: number) {}

	get left(): number {
		return PAD;
	}
	get plot(): number {
		return this.width - 2 * PAD;
	}

	text(x: number, baseline: number, content: string, style: TextStyle): void {
		const attributes = [
			`x="${at(x)}"`,
			`y="${at(baseline)}"`,
			`font-size="${style.size}"`,
			style.bold ? 'font-weight="bold"' : '',
			`fill="${style.fill ?? INK}"`,
			style.anchor && style.anchor !== 'start' ? `text-anchor="${style.anchor}"` : ''
		].filter(Boolean);
		this.parts.push(`<text ${attributes.join(' ')}>${xmlText(content)}</text>`);
	}

	rect(x: number, y: number, width: number, height: number, fill: string, extra = ''): void {
		this.parts.push(
			`<rect x="${at(x)}" y="${at(y)}" width="${at(Math.max(0, width))}" height="${at(height)}" fill="${fill}"${extra}/>`
		);
	}

	/** Lines of text from `y` down, each `lineHeight` high, the text centred in its line. */
	lines(lines: string[], lineHeight: number, style: TextStyle, x = PAD): void {
		for (const line of lines) {
			this.text(x, this.y + (lineHeight + style.size * 0.7) / 2, line, style);
			this.y += lineHeight;
		}
	}

	/** A paragraph wrapped to the plot's width. */
	paragraph(content: string, lineHeight: number, style: TextStyle, maxLines: number): void {
		if (!content.trim()) return;
		this.lines(
			wrap(content, this.plot, style.size, { bold: style.bold, maxLines }),
			lineHeight,
			style
		);
	}
}

function header(canvas: Canvas, spec: ChartSpec): void {
	canvas.paragraph(spec.title, 28, { size: 22, bold: true }, 2);
	canvas.paragraph(spec.name, 22, { size: 16, bold: true, fill: ACCENT }, 2);
	canvas.paragraph(spec.subtitle, 20, { size: 15, fill: MUTED }, 3);
	canvas.y += 12;
}

/**
 * Swatches with their labels, flowing over as many lines as they need; a label too long for a
 * line gets lines of its own (two at most), so an option's name is never cut short where a
 * shorter one would do.
 */
function legend(canvas: Canvas, items: { label: string; swatch: Swatch }[]): void {
	const size = 14;
	const box = 14;
	const lineHeight = 22;
	const room = canvas.plot - box - 6;
	let x = canvas.left;
	for (const item of items) {
		const lines = wrap(item.label, room, size, { maxLines: 2 });
		const width = box + 6 + Math.max(0, ...lines.map((line) => textWidth(line, size)));
		const alone = lines.length > 1;
		if (x > canvas.left && (alone || x + width > canvas.left + canvas.plot)) {
			x = canvas.left;
			canvas.y += lineHeight;
		}
		canvas.rect(x, canvas.y + 4, box, box, item.swatch.fill, ` stroke="${RULE}"`);
		lines.forEach((line, index) => {
			canvas.text(x + box + 6, canvas.y + 16 + index * lineHeight, line, { size });
		});
		if (alone) {
			canvas.y += lineHeight * (lines.length - 1);
			x = canvas.plot + canvas.left;
		} else x += width + 22;
	}
	canvas.y += lineHeight + 10;
}

function bars(canvas: Canvas, spec: BarChart): void {
	const several = spec.series.length > 1;
	if (several) legend(canvas, spec.series);
	const seriesWidth = several
		? Math.max(...spec.series.map((s) => textWidth(s.label, 13))) + 12
		: 0;
	const figureWidth =
		Math.max(0, ...spec.rows.flatMap((row) => row.bars.map((bar) => textWidth(bar.text, 14)))) + 12;
	const trackX = canvas.left + seriesWidth;
	const trackWidth = Math.max(80, canvas.plot - seriesWidth - figureWidth);
	for (const row of spec.rows) {
		canvas.paragraph(row.label, 20, { size: 15, bold: true }, 3);
		if (row.note) canvas.paragraph(row.note, 18, { size: 13, fill: MUTED }, 2);
		canvas.y += 3;
		row.bars.forEach((bar, index) => {
			const swatch = (several ? spec.series[index]?.swatch : row.swatch) ?? spec.series[0]?.swatch;
			const fill = swatch?.fill ?? ACCENT;
			const top = canvas.y;
			if (several) {
				canvas.text(canvas.left, top + 15, spec.series[index]?.label ?? '', {
					size: 13,
					fill: MUTED
				});
			}
			canvas.rect(trackX, top, trackWidth, 20, TRACK, ' rx="3"');
			const share = spec.max > 0 ? Math.min(1, Math.max(0, bar.value / spec.max)) : 0;
			if (share > 0) canvas.rect(trackX, top, Math.max(2, trackWidth * share), 20, fill, ' rx="3"');
			canvas.text(canvas.left + canvas.plot, top + 15, bar.text, { size: 14, anchor: 'end' });
			canvas.y += 24;
		});
		canvas.y += 12;
	}
}

function stacked(canvas: Canvas, spec: StackedChart): void {
	legend(canvas, spec.segments);
	const height = 30;
	for (const row of spec.rows) {
		canvas.paragraph(row.label, 20, { size: 15, bold: true }, 2);
		canvas.y += 3;
		const top = canvas.y;
		const whole = row.counts.reduce((a, b) => a + b, 0);
		canvas.rect(canvas.left, top, canvas.plot, height, TRACK);
		let x = canvas.left;
		row.counts.forEach((count, index) => {
			if (count <= 0 || whole <= 0) return;
			const swatch = spec.segments[index]?.swatch ?? { fill: ACCENT, ink: '#ffffff' };
			const width = (canvas.plot * count) / whole;
			canvas.rect(x, top, width, height, swatch.fill, ' stroke="#ffffff" stroke-width="1"');
			const share = m.results_share({ share: percent(count, whole) }, { locale: spec.locale });
			// The share inside its part where it fits; the legend and the alt text have the rest.
			if (textWidth(share, 13, true) + 8 <= width) {
				canvas.text(x + width / 2, top + height / 2 + 4.5, share, {
					size: 13,
					bold: true,
					fill: swatch.ink,
					anchor: 'middle'
				});
			}
			x += width;
		});
		canvas.y += height + 14;
	}
}

function footer(canvas: Canvas, spec: ChartSpec): void {
	canvas.y += 2;
	canvas.parts.push(
		`<line x1="${PAD}" y1="${at(canvas.y)}" x2="${at(PAD + canvas.plot)}" y2="${at(canvas.y)}" stroke="${RULE}"/>`
	);
	canvas.y += 8;
	for (const note of spec.notes) canvas.paragraph(note, 17, { size: 12.5, fill: MUTED }, 4);
}

/**
 * A chart as a standalone SVG document: its title, what it shows, a legend where colours mean
 * something, every bar with its figure, and the session and date under it; the whole chart in
 * words as its description (`chartAlt`). Every text is escaped, long ones wrapped or cut with an
 * ellipsis. Pure: the same on the server (for documents) and in the browser (for downloads).
 */
export function renderChartSvg(spec: ChartSpec, options: SvgOptions = {}): string {
	const width = Math.max(320, Math.round(options.width ?? 800));
	const canvas = new Canvas(width);
	header(canvas, spec);
	if (spec.type === 'bars') bars(canvas, spec);
	else stacked(canvas, spec);
	footer(canvas, spec);
	const height = Math.ceil(canvas.y + PAD - 8);
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" xml:lang="${spec.locale}" font-family="${CHART_FONTS}">`,
		`<title id="chart-title">${xmlText(`${spec.title} · ${spec.name}`)}</title>`,
		`<desc id="chart-desc">${xmlText(chartAlt(spec))}</desc>`,
		`<rect width="${width}" height="${height}" fill="#ffffff"/>`,
		...canvas.parts,
		'</svg>',
		''
	].join('\n');
}
