import { describe, expect, it } from 'vitest';
import { docsSection, tableRows } from '../../../tests/helpers/api-docs.ts';
import { CloseCode } from './close-codes.ts';

/** `sessionNotFound` as docs/api.md names it: `session not found`. */
const words = (name: string): string => name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

describe('the close codes', () => {
	it('are the close-code table of docs/api.md, number and name', () => {
		const documented = tableRows(docsSection('The sync socket'))
			.filter(([code = '']) => /^\d{4}$/.test(code))
			.map(([code, name]) => `${code} ${name}`);
		const listed = Object.entries(CloseCode).map(([name, code]) => `${code} ${words(name)}`);
		expect({
			'in close-codes.ts, not in the docs': listed.filter((row) => !documented.includes(row)),
			'in the docs, not in close-codes.ts': documented.filter((row) => !listed.includes(row))
		}).toEqual({
			'in close-codes.ts, not in the docs': [],
			'in the docs, not in close-codes.ts': []
		});
	});

	it('give every number one name', () => {
		const codes = Object.values(CloseCode);
		expect(new Set(codes).size).toBe(codes.length);
	});
});
