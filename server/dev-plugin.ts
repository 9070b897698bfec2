import { networkInterfaces } from 'node:os';
import type { Plugin, PreviewServer, ViteDevServer } from 'vite';
import { createApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { lanOrigins } from './lan.ts';

/**
 * Mounts the API and the sync WebSocket on Vite's own server for `npm run dev` and
 * `npm run preview`. Only /sync upgrades are taken, so Vite's HMR socket keeps working.
 */
export function koersbordServer(): Plugin {
	const mount = (server: ViteDevServer | PreviewServer): void => {
		// Vitest runs this config too; unit tests start their own servers.
		if (process.env.VITEST) return;
		const {
			dataDir,
			origin,
			organizerKeys,
			trustProxy,
			logLevel,
			metricsToken,
			retentionDays,
			oidc
		} = configFromEnv(process.env);
		const app = createApp({
			dataDir,
			origin,
			organizerKeys,
			trustProxy,
			logLevel,
			metricsToken,
			retentionDays,
			oidc,
			lanOrigins: () => {
				const address = server.httpServer?.address();
				return address && typeof address === 'object'
					? lanOrigins(networkInterfaces(), address.address, address.port)
					: [];
			}
		});
		server.middlewares.use((req, res, next) => {
			if (!app.handleHttp(req, res)) next();
		});
		server.httpServer?.on('upgrade', (req, socket, head) => {
			app.handleUpgrade(req, socket, head);
		});
		server.httpServer?.on('close', () => app.close());
	};
	return { name: 'koersbord-server', configureServer: mount, configurePreviewServer: mount };
}
