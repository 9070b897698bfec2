import { inflateRawSync } from 'node:zlib';
import { expect } from 'vitest';

/**
 * One file of a zip (a .docx is one), found through the central directory, which holds the sizes
 * even when the local headers leave them to a trailing descriptor.
 */
export function unzip(zip: Buffer, name: string): string {
	return unzipBytes(zip, name).toString('utf8');
}

/** One file of a zip as bytes (a picture), as `unzip` finds it. */
export function unzipBytes(zip: Buffer, name: string): Buffer {
	for (const entry of entries(zip)) {
		if (entry.name !== name) continue;
		const { at } = entry;
		const local = zip.readUInt32LE(at + 42);
		const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
		const data = zip.subarray(start, start + zip.readUInt32LE(at + 20));
		return zip.readUInt16LE(at + 10) === 8 ? inflateRawSync(data) : data;
	}
	throw new Error(`${name} is not in the zip`);
}

/** The names of the files in a zip, in its central directory's order. */
export function zipNames(zip: Buffer): string[] {
	return entries(zip).map((entry) => entry.name);
}

function entries(zip: Buffer): { name: string; at: number }[] {
	const end = zip.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
	const found: { name: string; at: number }[] = [];
	let at = zip.readUInt32LE(end + 16);
	for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
		const nameLength = zip.readUInt16LE(at + 28);
		found.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), at });
		at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
	}
	return found;
}

/**
 * Characters XML 1.0 does not allow. A lone surrogate cannot survive encoding to UTF-8 (it becomes
 * U+FFFD), so U+FFFD stands for it here; the texts below hold none of their own.
 * @see https://www.w3.org/TR/xml/#charsets
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFD-\uFFFF]/u;

/** Text without XML-invalid characters, and written as text, not as character references. */
export function expectValidXml(xml: string): void {
	expect(xml).toMatch(/^<\?xml /);
	expect(xml).not.toMatch(NOT_XML);
	expect(xml).not.toMatch(/&#/);
}
