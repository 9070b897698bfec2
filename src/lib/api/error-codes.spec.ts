import { describe, expect, it } from 'vitest';
import { apiDocs, docsSection, tableRows } from '../../../tests/helpers/api-docs.ts';
import { errorStatus } from './error-codes.ts';

/** `409 moved_on`: a status and a code as one comparable string. */
const pair = (status: number, code: string): string => `${status} ${code}`;

const listed = Object.entries(errorStatus).map(([code, status]) => pair(status, code));

describe('the error codes', () => {
	it('are the codes of the Errors table of docs/api.md, each with its status', () => {
		const documented = tableRows(docsSection('Errors')).flatMap(([status = '', codes = '']) =>
			[...codes.matchAll(/`([a-z][a-z_]*)`/g)].map((match) => pair(Number(status), match[1]!))
		);
		// Both directions in one assertion, so a failure shows every difference at once.
		expect({
			'in error-codes.ts, not in the docs': listed.filter((p) => !documented.includes(p)),
			'in the docs, not in error-codes.ts': documented.filter((p) => !listed.includes(p))
		}).toEqual({
			'in error-codes.ts, not in the docs': [],
			'in the docs, not in error-codes.ts': []
		});
		expect(new Set(documented).size, 'a code listed twice in the Errors table').toBe(
			documented.length
		);
	});

	it('have the status the rest of docs/api.md names them with (endpoints, limits)', () => {
		const named = [...apiDocs.matchAll(/\b(\d{3}) `([a-z][a-z_]*)`/g)].map(([, status, code]) =>
			pair(Number(status), code!)
		);
		expect(named.length).toBeGreaterThan(0);
		expect(
			[...new Set(named)].filter((p) => !listed.includes(p)),
			'named in docs/api.md with a status error-codes.ts does not give them'
		).toEqual([]);
	});
});
