import { defineConfig } from 'vite';

/**
 * Builds the Node entry (server/main.ts) into build/start.js, beside the adapter-node output it
 * loads. Packages stay external: they are installed in node_modules at run time.
 */
export default defineConfig({
	build: {
		ssr: 'server/main.ts',
		outDir: 'build',
		emptyOutDir: false,
		target: 'node22',
		sourcemap: true,
		rollupOptions: { output: { entryFileNames: 'start.js' } }
	}
});
