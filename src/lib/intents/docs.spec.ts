import { describe, expect, it } from 'vitest';
import { docsSection, tableRows } from '../../../tests/helpers/api-docs.ts';
import { intentSchemas } from './types.ts';

describe('docs/api.md', () => {
	it('has a row for every intent the server takes, and for no other', () => {
		const documented = tableRows(docsSection('Intents')).map(([type]) => type?.replaceAll('`', ''));
		expect(documented.toSorted()).toEqual(Object.keys(intentSchemas).toSorted());
	});
});
