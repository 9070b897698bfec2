import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';

/**
 * Tools a reader's machine has: LibreOffice to lay a Word file out as a word processor does, and
 * poppler's pdftotext, pdffonts and pdftoppm to read the pages back. .ci/run installs them
 * (libreoffice-writer-nogui, poppler-utils, fonts-crosextra-carlito).
 */

export interface Scratch {
	dir: string;
	remove(): void;
}

export function scratchDir(): Scratch {
	const dir = mkdtempSync(join(tmpdir(), 'koersbord-office-'));
	return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The Word file as LibreOffice lays it out, as a PDF path. LibreOffice gets a profile of its own
 * in the scratch directory, so it never waits on (or writes to) the user's.
 */
export function wordToPdf(docx: Buffer, dir: string, name = 'report'): string {
	const input = join(dir, `${name}.docx`);
	writeFileSync(input, docx);
	execFileSync(
		'soffice',
		[
			`-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
			'--headless',
			'--convert-to',
			'pdf',
			'--outdir',
			dir,
			input
		],
		{ stdio: 'pipe', timeout: 120_000 }
	);
	return join(dir, `${name}.pdf`);
}

/** Each page's text, laid out as on the page (pdftotext -layout); pages end in a form feed. */
export function pdfPages(pdf: string): string[] {
	const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
	return text.split('\f').slice(0, -1);
}

/** The fonts a PDF uses and whether each is embedded (pdffonts' "emb" column). */
export function pdfFonts(pdf: string): { name: string; embedded: boolean }[] {
	const lines = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2);
	return lines
		.filter((line) => line.trim() !== '')
		.map((line) => {
			// name, type (may hold spaces), encoding, emb, sub, uni, object id, generation
			const columns = line.trim().split(/\s+/);
			return { name: columns[0]!, embedded: columns.at(-5) === 'yes' };
		});
}

/** The pictures in a PDF (pdfimages -list): the page each is on, and its size in pixels. */
export function pdfImages(pdf: string): { page: number; width: number; height: number }[] {
	const lines = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n');
	// Two lines of column names and rules; then page, num, type, width, height, …
	return lines
		.slice(2)
		.filter((line) => line.trim() !== '')
		.map((line) => line.trim().split(/\s+/))
		.filter((columns) => columns[2] === 'image')
		.map((columns) => ({
			page: Number(columns[0]),
			width: Number(columns[3]),
			height: Number(columns[4])
		}));
}

/** Page sizes in points, one per page (pdfinfo). */
export function pdfPageSizes(pdf: string): { width: number; height: number }[] {
	const info = execFileSync('pdfinfo', ['-f', '1', '-l', '9999', pdf], { encoding: 'utf8' });
	return [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => ({
		width: Number(m[1]),
		height: Number(m[2])
	}));
}

/** Pages of a PDF as PNG files (pdftoppm), `first` to `last`, at `dpi`. */
export function pdfToPng(pdf: string, prefix: string, first: number, last: number, dpi = 60): void {
	execFileSync('pdftoppm', [
		'-png',
		'-r',
		String(dpi),
		'-f',
		String(first),
		'-l',
		String(last),
		pdf,
		prefix
	]);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** The headings of a Word file, in order, as a word processor reads its heading styles. */
export async function wordHeadings(docx: Buffer): Promise<string[]> {
	const { value } = await mammoth.convertToHtml({ buffer: docx });
	return [...value.matchAll(/<h[1-6]>(.*?)<\/h[1-6]>/g)].map((m) =>
		m[1]!
			.replace(/<[^>]+>/g, '')
			.replace(/&(\w+|#\d+);/g, (all, name: string) => ENTITIES[name] ?? all)
	);
}

export const readPdf = (path: string): Buffer => readFileSync(path);
