/**
 * The part of pdfmake 0.3's server API (js/index.js, js/base.js) that pdf.ts uses; the package
 * ships no types of its own. Content nodes are typed loosely: pdfmake checks them itself.
 */
declare module 'pdfmake' {
	export type Margins = number | [number, number, number, number];

	export interface Style {
		font?: string;
		fontSize?: number;
		lineHeight?: number;
		bold?: boolean;
		italics?: boolean;
		color?: string;
		fillColor?: string;
		alignment?: 'left' | 'center' | 'right' | 'justify';
		margin?: Margins;
	}

	export interface ContentTable extends Style {
		table: {
			headerRows?: number;
			keepWithHeaderRows?: number;
			dontBreakRows?: boolean;
			widths?: (number | 'auto' | '*')[];
			body: Content[][];
		};
	}

	export type Content =
		| string
		| (Style & {
				text?: string | Content[];
				ul?: Content[];
				/** A numbered list. */
				ol?: Content[];
				columns?: (Content & { width?: number | 'auto' | '*' })[];
				stack?: Content[];
				/** A picture, as a data URL; `width` and `height` in points. */
				image?: string;
				width?: number | 'auto' | '*';
				height?: number;
				headlineLevel?: number;
				pageBreak?: 'before' | 'after';
				pageOrientation?: 'portrait' | 'landscape';
				unbreakable?: boolean;
		  })
		| ContentTable;

	export type DynamicContent = (
		currentPage: number,
		pageCount: number,
		pageSize: { width: number; height: number }
	) => Content;

	export interface NodeInfo {
		headlineLevel?: unknown;
		pageNumbers?: number[];
	}

	export interface TDocumentDefinitions {
		content: Content[];
		pageSize?: string;
		pageOrientation?: 'portrait' | 'landscape';
		pageMargins?: Margins;
		info?: { title?: string; author?: string; creator?: string; producer?: string };
		language?: string;
		defaultStyle?: Style;
		header?: DynamicContent;
		footer?: DynamicContent;
		pageBreakBefore?: (
			node: NodeInfo,
			pages: {
				getFollowingNodesOnPage(): NodeInfo[];
				getNodesOnNextPage(): NodeInfo[];
				getPreviousNodesOnPage(): NodeInfo[];
			}
		) => boolean;
	}

	export interface FontFiles {
		normal: string;
		bold: string;
		italics: string;
		bolditalics: string;
	}

	interface PdfMake {
		virtualfs: { writeFileSync(name: string, content: Buffer): void };
		setFonts(fonts: Record<string, FontFiles>): void;
		setUrlAccessPolicy(allow: (url: string) => boolean): void;
		setLocalAccessPolicy(allow: (path: string) => boolean): void;
		createPdf(definition: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
	}

	const pdfmake: PdfMake;
	export default pdfmake;
}
