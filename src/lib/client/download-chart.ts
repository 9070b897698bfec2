import { chartFileName, renderChartSvg, type ChartSpec } from '$lib/charts';
import { saveBlob } from './download';

export type ChartFormat = 'png' | 'svg';

/** How much sharper than its CSS size a downloaded PNG is drawn: crisp on a slide or in print. */
export const PNG_SCALE = 2;

/** An SVG's drawing size, from the attributes `renderChartSvg` writes. */
function sizeOf(svg: string): { width: number; height: number } {
	const width = Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
	const height = Number(/<svg[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
	if (!(width > 0 && height > 0)) throw new Error('chart without a size');
	return { width, height };
}

/**
 * An SVG drawn into a PNG by the browser itself: as an image (a data URL, which the page's
 * Content-Security-Policy allows for images, and nothing is fetched), onto a canvas
 * `PNG_SCALE` times its size, on white.
 */
export async function svgToPng(svg: string, scale = PNG_SCALE): Promise<Blob> {
	const { width, height } = sizeOf(svg);
	const image = new Image(width, height);
	image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
	await image.decode();
	const canvas = document.createElement('canvas');
	canvas.width = Math.round(width * scale);
	canvas.height = Math.round(height * scale);
	const context = canvas.getContext('2d');
	if (!context) throw new Error('no 2d canvas');
	context.fillStyle = '#ffffff';
	context.fillRect(0, 0, canvas.width, canvas.height);
	context.drawImage(image, 0, 0, canvas.width, canvas.height);
	return new Promise((resolve, reject) =>
		canvas.toBlob(
			(blob) => (blob ? resolve(blob) : reject(new Error('the canvas made no PNG'))),
			'image/png'
		)
	);
}

/**
 * Downloads a chart as an SVG or a PNG, made in the browser from the same counts the console
 * shows, named after the session, the step and the day. Resolves false when the browser could
 * not make the picture.
 */
export async function downloadChart(
	spec: ChartSpec,
	session: { title: string; date: number },
	format: ChartFormat
): Promise<boolean> {
	try {
		const svg = renderChartSvg(spec);
		const blob =
			format === 'svg'
				? new Blob([svg], { type: 'image/svg+xml;charset=utf-8' })
				: await svgToPng(svg);
		saveBlob(blob, chartFileName(spec, session, format));
		return true;
	} catch {
		return false;
	}
}
