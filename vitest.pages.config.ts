import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run report:pages`: renders pictures of the Word export for docs/report/, through the same
 * fixture and LibreOffice as the layout tests. Not part of the test suite: it writes into docs/.
 */
export default defineConfig({
	resolve: {
		alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) }
	},
	test: {
		include: ['tests/report-pages/**/*.ts'],
		environment: 'node',
		testTimeout: 180_000
	}
});
