import type { RunningServer } from './index.ts';

/**
 * How long a stop answers the requests under way: an intent takes milliseconds, its body as
 * long as the phone's network. Docker sends SIGKILL 10 seconds after SIGTERM; this leaves time
 * to close the sockets and the store within that.
 */
export const DEFAULT_SHUTDOWN_GRACE_MS = 8_000;

export interface StopOnSignalsOptions {
	/** How long requests under way may take to finish (see RunningServer.shutdown). */
	graceMs: number;
	log: (message: string, fields?: { signal: NodeJS.Signals }) => void;
}

/** Past the grace and the sockets' second, something hangs: the process ends regardless. */
const HANG_MS = 5_000;

/**
 * SIGTERM (a service manager's stop or restart) and SIGINT (Ctrl-C) stop the server gracefully
 * and end the process with 0. A second signal stops waiting for requests and sockets; if the
 * stop still hangs past its bound, the server is closed at once (which still checkpoints the
 * write-ahead log) and the process ends with 1.
 */
export function stopOnSignals(server: RunningServer, options: StopOnSignalsOptions): void {
	const { graceMs, log } = options;
	const hurry = new AbortController();
	let stopping = false;
	const stop = (signal: NodeJS.Signals): void => {
		if (stopping) {
			log('stopping: not waiting any longer', { signal });
			hurry.abort();
			return;
		}
		stopping = true;
		log('stopping', { signal });
		const hang = setTimeout(() => {
			log('stopping took too long; closing at once');
			void server.close();
			process.exit(1);
		}, graceMs + HANG_MS);
		hang.unref();
		server.shutdown({ graceMs, hurry: hurry.signal }).then(
			() => {
				clearTimeout(hang);
				log('stopped');
				process.exit(0);
			},
			(error: unknown) => {
				clearTimeout(hang);
				// Closing the store has been attempted by then (shutdown closes it in a `finally`).
				log(`stopping failed: ${error instanceof Error ? error.message : 'unknown error'}`);
				process.exit(1);
			}
		);
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}
