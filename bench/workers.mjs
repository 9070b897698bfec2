// The main thread's side of the device threads (bench/clients.mjs): start them, ask them, end them.
import { Worker } from 'node:worker_threads';

/**
 * Starts `count` device threads. Each has `ask(type, message, timeoutMs?)`, which resolves with
 * the thread's answer (and rejects with its error, or after `timeoutMs`: a thread swamped by a
 * run that does not finish may not answer soon), and `listeners`, called with every report
 * that is no answer (`seen`).
 */
export function startWorkers(count) {
	return Array.from({ length: count }, () => {
		// A large young generation: hundreds of docs per thread churn through short-lived
		// buffers, and a small nursery spends a fifth of the thread in garbage collection.
		const worker = new Worker(new URL('./clients.mjs', import.meta.url), {
			resourceLimits: { maxYoungGenerationSizeMb: 256 }
		});
		const waiting = new Map();
		const listeners = new Set();
		let asked = 0;
		worker.on('message', (message) => {
			if (message.type !== 'answer') {
				for (const listener of listeners) listener(message);
				return;
			}
			const pending = waiting.get(message.id);
			if (!pending) return;
			waiting.delete(message.id);
			if (message.error) pending.reject(new Error(message.error));
			else pending.resolve(message);
		});
		worker.on('error', (error) => {
			for (const pending of waiting.values()) pending.reject(error);
			waiting.clear();
		});
		return {
			listeners,
			ask(type, message = {}, timeoutMs = 0) {
				const id = ++asked;
				return new Promise((resolve, reject) => {
					let timer;
					if (timeoutMs > 0) {
						timer = setTimeout(() => {
							waiting.delete(id);
							reject(new Error(`no answer to ${type} within ${timeoutMs / 1000} s`));
						}, timeoutMs);
					}
					waiting.set(id, {
						resolve: (value) => (clearTimeout(timer), resolve(value)),
						reject: (error) => (clearTimeout(timer), reject(error))
					});
					worker.postMessage({ id, type, ...message });
				});
			},
			/**
			 * Closes the devices (if the thread answers in time) and ends the thread; ending it
			 * closes its sockets anyway.
			 */
			async stop(waitMs = 10_000) {
				if (waitMs > 0) await this.ask('close', {}, waitMs).catch(() => {});
				await worker.terminate();
			}
		};
	});
}
