// Intent throughput with nothing connected: many phones, each from its own address with its own
// token, send `vote.cast` at a fixed offered rate (open loop: a request goes out when it is due,
// whether or not the ones before it were answered), a few seconds per rate. Each vote changes
// the phone's choice, so every one is a real change: stored, counted and published.
import { performance } from 'node:perf_hooks';
import { prepareSession, OPTIONS } from './latency.mjs';
import { api, closeConnections, delay, now, percentiles } from './net.mjs';
import { startServer } from './servers.mjs';

/**
 * A phone may send 5 intents a second after a burst of 30 (server/limits.ts); at the highest
 * rate each phone sends at most this many a second, so no vote meets that limit.
 */
const PER_PHONE_PER_SECOND = 4;

/** Sends `rate` votes a second for `durationMs`, round the phones; resolves once all answered. */
async function offer(url, session, rate, durationMs, round) {
	const total = Math.round((rate * durationMs) / 1000);
	const { phones } = session;
	const answers = [];
	let errors = 0;
	const firstError = [];
	const inFlight = [];
	const fire = (i) => {
		const phone = phones[i % phones.length];
		// Another option than the phone's last vote.
		phone.choice = ((phone.choice ?? 0) + 1) % OPTIONS.length;
		const sent = now();
		inFlight.push(
			api(phone.address, url, 'POST', `/api/sessions/${session.id}/intents`, phone.token, {
				id: `rate-${round}-${i}`,
				type: 'vote.cast',
				stepId: 'poll',
				choice: OPTIONS[phone.choice]
			}).then(
				() => answers.push({ sent, answered: now() }),
				(error) => {
					errors++;
					if (firstError.length === 0) firstError.push(String(error.message ?? error));
				}
			)
		);
	};
	const start = now();
	await new Promise((resolve) => {
		let fired = 0;
		const tick = () => {
			const due = Math.min(total, Math.floor(((now() - start) * rate) / 1000) + 1);
			while (fired < due) fire(fired++);
			if (fired < total) setTimeout(tick, 1);
			else resolve();
		};
		tick();
	});
	const sentFor = (now() - start) / 1000;
	await Promise.all(inFlight);
	const end = Math.max(...answers.map((a) => a.answered), now());
	return { total, answers, errors, firstError: firstError[0], start, end, sentFor };
}

/**
 * Runs each offered rate against a fresh server with one session of enough phones.
 * @returns rows: offered rate, the rate requests actually went out at, the answered rate, answer
 *   p50/p95, refusals, server CPU per intent and the load generator's own CPU
 */
export async function runThroughput({ rates, durationMs }) {
	const phones = Math.ceil(Math.max(...rates) / PER_PHONE_PER_SECOND);
	const server = await startServer();
	try {
		const session = await prepareSession(server.url, phones, 0);
		const rows = [];
		for (const [round, rate] of rates.entries()) {
			// Every phone's bucket fills up again between rates.
			await delay(2000);
			const cpuBefore = server.cpuSeconds();
			const ownBefore = process.cpuUsage();
			const wallBefore = performance.now();
			const run = await offer(server.url, session, rate, durationMs, round);
			const cpu = server.cpuSeconds() - cpuBefore;
			const own = process.cpuUsage(ownBefore);
			const wall = (performance.now() - wallBefore) / 1000;
			const answered = run.answers.length;
			const span = (run.end - run.start) / 1000;
			const answerMs = percentiles(run.answers.map((a) => a.answered - a.sent));
			rows.push({
				offeredPerSecond: rate,
				sentPerSecond: run.total / run.sentFor,
				answeredPerSecond: answered / span,
				answered,
				refused: run.errors,
				firstRefusal: run.firstError,
				answerMs,
				serverCpuSeconds: cpu,
				serverCpuMsPerIntent: (cpu * 1000) / Math.max(1, answered),
				serverCpuPercentOfOneCore: (cpu / wall) * 100,
				loadGeneratorCpuPercentOfOneCore: ((own.user + own.system) / 1e6 / wall) * 100
			});
		}
		return { phones, durationMs, rows };
	} finally {
		await server.stop();
		closeConnections();
	}
}
