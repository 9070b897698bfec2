export interface Config {
	port: number;
	host: string;
	dataDir: string;
	origin?: string;
}

/** Reads the configuration from the environment once, at startup (never at import time). */
export function configFromEnv(env: NodeJS.ProcessEnv): Config {
	const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(`PORT must be a port number, not "${env.PORT}"`);
	}
	const origin = env.ORIGIN?.replace(/\/+$/, '') || undefined;
	if (origin && !/^https?:\/\/[^/]+$/.test(origin)) {
		throw new Error(`ORIGIN must look like https://example.org, not "${env.ORIGIN}"`);
	}
	return { port, host: env.HOST || '0.0.0.0', dataDir: env.DATA_DIR || './data', origin };
}
