/**
 * server/main.ts without the pages: the server as a process of its own, configured from the
 * environment and stopped by signals as in production, for tests of what only a process has
 * (signals, exit codes, the files it leaves). Started by server-process.ts.
 */
import { configFromEnv } from '../../server/config.ts';
import { createServer } from '../../server/index.ts';
import { stopOnSignals } from '../../server/shutdown.ts';

const log = (message: string): void => console.error(`[koersbord] ${message}`);
const config = configFromEnv(process.env);
const server = await createServer({ ...config, log });
stopOnSignals(server, { graceMs: config.shutdownGraceMs, log });
console.log(`listening on ${server.url}`);
