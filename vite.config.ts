import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { koersbordServer } from './server/dev-plugin.ts';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// Dutch unless the person chose English with the language switch.
			strategy: ['cookie', 'baseLocale']
		}),
		sveltekit(),
		koersbordServer()
	],
	test: {
		include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		environment: 'node',
		testTimeout: 20_000
	}
});
