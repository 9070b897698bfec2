import { inflateSync } from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface DecodedPng {
	width: number;
	height: number;
	/** RGBA, row by row. */
	pixels: Buffer;
}

/**
 * Decodes an 8-bit RGBA PNG (what resvg writes), so a test can look at the pixels of a picture
 * the server made: no other kind is needed, and any other is refused rather than misread.
 */
export function decodePng(png: Buffer): DecodedPng {
	if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
	let offset = 8;
	let width = 0;
	let height = 0;
	const data: Buffer[] = [];
	while (offset < png.length) {
		const length = png.readUInt32BE(offset);
		const type = png.toString('latin1', offset + 4, offset + 8);
		const body = png.subarray(offset + 8, offset + 8 + length);
		if (type === 'IHDR') {
			width = body.readUInt32BE(0);
			height = body.readUInt32BE(4);
			if (body[8] !== 8 || body[9] !== 6 || body[12] !== 0) {
				throw new Error('only 8-bit RGBA PNGs without interlacing');
			}
		} else if (type === 'IDAT') data.push(body);
		offset += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(data));
	const stride = width * 4;
	const pixels = Buffer.alloc(stride * height);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		for (let x = 0; x < stride; x++) {
			const left = x >= 4 ? pixels[y * stride + x - 4]! : 0;
			const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
			const upLeft = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
			let predictor = 0;
			if (filter === 1) predictor = left;
			else if (filter === 2) predictor = up;
			else if (filter === 3) predictor = Math.floor((left + up) / 2);
			else if (filter === 4) {
				const p = left + up - upLeft;
				const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
				predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
			}
			pixels[y * stride + x] = (row[x]! + predictor) & 0xff;
		}
	}
	return { width, height, pixels };
}
