import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { configFromEnv } from './config.ts';
import { createServer, type PageHandler } from './index.ts';
import { startupLines } from './lan.ts';
import { stopOnSignals } from './shutdown.ts';

// Built next to SvelteKit's adapter-node output, whose handler serves the pages.
const here = dirname(fileURLToPath(import.meta.url));
const { handler } = (await import(pathToFileURL(join(here, 'handler.js')).href)) as {
	handler: PageHandler;
};

// Every entry point contains its own failures; a promise that slips through is logged, not fatal.
process.on('unhandledRejection', (reason) => {
	console.error('[koersbord] unhandled rejection', reason instanceof Error ? reason.message : '');
});

const config = configFromEnv(process.env);
const server = await createServer({ ...config, pages: handler });
// Not the bound address (0.0.0.0 by default, which no phone can open) but the ones to use.
console.log(
	startupLines({
		host: config.host,
		port: server.port,
		dataDir: config.dataDir,
		origin: config.origin,
		lan: server.lanOrigins()
	}).join('\n')
);

stopOnSignals(server, {
	graceMs: config.shutdownGraceMs,
	log: (message) => console.error(`[koersbord] ${message}`)
});
