import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { configFromEnv, type Config } from './config.ts';
import { createServer, type PageHandler } from './index.ts';
import { startupLines } from './lan.ts';
import { createLogger } from './log.ts';

/** The configuration, or a JSON error line and exit 1: a log collector sees why it stopped. */
function readConfig(): Config {
	try {
		return configFromEnv(process.env);
	} catch (error) {
		// The messages are ours and name the variable, never a key's value.
		createLogger().error('configuration refused; not starting', {
			reason: error instanceof Error ? error.message : 'unknown'
		});
		process.exit(1);
	}
}

const config = readConfig();
const logger = createLogger({
	level: config.logLevel,
	secrets: [...config.organizerKeys, config.metricsToken, config.oidc?.clientSecret]
});

// Every entry point contains its own failures; a promise that slips through is logged, not fatal.
process.on('unhandledRejection', (reason) =>
	logger.error('unhandled rejection', { error: reason })
);
// What escapes everything else ends the process, as it would anyway, but as a line of the log.
process.on('uncaughtException', (error) => {
	logger.error('uncaught exception; stopping', { error });
	process.exit(1);
});
import { stopOnSignals } from './shutdown.ts';

// Built next to SvelteKit's adapter-node output, whose handler serves the pages.
const here = dirname(fileURLToPath(import.meta.url));
const { handler } = (await import(pathToFileURL(join(here, 'handler.js')).href)) as {
	handler: PageHandler;
};

const server = await createServer({ ...config, logger, pages: handler });
// For people at the laptop, on stdout: not the bound address (0.0.0.0 by default, which no phone
// can open) but the ones to use. The log has its own line (`listening`) on stderr.
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
	log: (message, fields) => logger.info(message, fields)
});
