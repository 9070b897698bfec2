import { describe, expect, it } from 'vitest';
import { loopbackAddress, requestFrom, sendFrom } from '../tests/helpers/loopback.ts';
import { parseMetrics, sampleValue } from '../tests/helpers/prometheus.ts';
import {
	api,
	createSession,
	joinSession,
	sessionClient,
	startTestServer
} from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';

const TOKEN = 'metrics-token-for-tests-0123456789';

/** Reads /metrics with the token from its own address, as Prometheus would. */
async function scrape(server: { url: string }, from = loopbackAddress(900)) {
	const response = await sendFrom(from, `${server.url}/metrics`, { credential: TOKEN });
	expect(response.status).toBe(200);
	expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
	return parseMetrics(response.text);
}

describe('/metrics', () => {
	it('does not exist without METRICS_TOKEN', async () => {
		const server = await startTestServer();
		for (const credential of [undefined, TOKEN]) {
			const response = await api(server, 'GET', '/metrics', { credential });
			expect(response.status).toBe(404);
			expect(response.body).toEqual({
				error: { code: 'not_found', message: 'There is no such endpoint.' }
			});
		}
	});

	it('answers only with the whole token, and limits wrong ones per address', async () => {
		const server = await startTestServer({ metricsToken: TOKEN });
		const url = `${server.url}/metrics`;
		const guesser = loopbackAddress(901);
		for (const credential of [undefined, 'wrong', TOKEN.slice(0, -1), `${TOKEN}x`]) {
			const response = await requestFrom(guesser, url, { credential });
			expect(response.status, String(credential)).toBe(401);
			expect(response.body).toMatchObject({ error: { code: 'unauthorized' } });
		}
		// With a query string too: the token is the header's, never the URL's.
		const query = await requestFrom(guesser, `${url}?token=${TOKEN}`);
		expect(query.status).toBe(401);
		expect((await requestFrom(guesser, url, { method: 'POST', credential: TOKEN })).status).toBe(
			405
		);
		// The address keeps guessing: after its budget it is refused before its guess is looked at.
		const answers: number[] = [];
		for (let i = 0; i < 10; i++) {
			answers.push((await requestFrom(guesser, url, { credential: `wrong-${i}` })).status);
		}
		expect(answers).toContain(429);
		const refused = await requestFrom(guesser, url, { credential: TOKEN });
		expect(refused.status).toBe(429);
		expect(refused.body).toMatchObject({ error: { code: 'too_many_attempts' } });
		expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
		// Prometheus, elsewhere, still gets in.
		await scrape(server, loopbackAddress(902));
	});

	it('is well-formed exposition text with every family described and prefixed', async () => {
		const server = await startTestServer({ metricsToken: TOKEN });
		const families = await scrape(server);
		expect([...families.keys()]).toEqual([
			'koersbord_rooms_loaded',
			'koersbord_sync_sockets',
			'koersbord_sync_sockets_opened_total',
			'koersbord_intents_total',
			'koersbord_api_errors_total',
			'koersbord_publication_latency_seconds',
			'koersbord_event_loop_delay_p50_seconds',
			'koersbord_event_loop_delay_p99_seconds',
			'koersbord_event_loop_delay_max_seconds',
			'koersbord_database_bytes',
			'koersbord_process_resident_memory_bytes',
			'koersbord_process_heap_used_bytes',
			'koersbord_process_start_time_seconds'
		]);
		const latency = families.get('koersbord_publication_latency_seconds')!;
		expect(latency.type).toBe('histogram');
		expect(latency.samples.filter((s) => s.name.endsWith('_bucket')).length).toBeGreaterThan(5);
		expect(sampleValue(families, 'koersbord_database_bytes', { file: 'database' })).toBeGreaterThan(
			0
		);
		expect(sampleValue(families, 'koersbord_process_resident_memory_bytes')).toBeGreaterThan(
			1_000_000
		);
		for (const stat of ['p50', 'p99', 'max']) {
			const delay = sampleValue(families, `koersbord_event_loop_delay_${stat}_seconds`);
			expect(delay).toBeGreaterThanOrEqual(0);
			expect(delay).toBeLessThan(10);
		}
		const started = sampleValue(families, 'koersbord_process_start_time_seconds')!;
		expect(Math.abs(started - (Date.now() / 1000 - process.uptime()))).toBeLessThan(5);
	});

	it('counts intents by type and outcome, sockets by role, and publications of counts', async () => {
		const server = await startTestServer({ metricsToken: TOKEN });
		const session = await createSession(server);
		const { send, facilitator } = sessionClient(server, session);
		expect((await facilitator({ type: 'step.add', kind: 'poll' }, 'poll')).status).toBe(200);
		expect((await facilitator({ type: 'poll.open', stepId: 'poll' })).status).toBe(200);
		const phones = [];
		for (let i = 0; i < 4; i++) phones.push(await joinSession(server, session.joinCode));
		const before = await scrape(server);
		expect(sampleValue(before, 'koersbord_intents_total', { type: 'vote.cast' })).toBeUndefined();
		expect(
			sampleValue(before, 'koersbord_sync_sockets', { role: 'participant', channel: 'shared' })
		).toBe(0);

		for (const [i, phone] of phones.entries()) {
			const choice = i % 2 ? 'leernetwerk' : 'facilitator';
			expect(
				(await send(phone.token, { type: 'vote.cast', stepId: 'poll', choice }, `v${i}`)).status
			).toBe(200);
		}
		// A phone's retry, a refusal, an intent of no known type, a token that opens nothing.
		await send(
			phones[0]!.token,
			{ type: 'vote.cast', stepId: 'poll', choice: 'facilitator' },
			'v0'
		);
		await send(phones[1]!.token, { type: 'vote.cast', stepId: 'poll', choice: 'nope' });
		await send(phones[1]!.token, { type: 'vote.steal', stepId: 'poll' });
		await send(`${phones[2]!.token.slice(0, -3)}AAA`, { type: 'vote.cast', stepId: 'poll' });

		const phone = connectSync(server, session.id, phones[3]!.token, { from: loopbackAddress(903) });
		const console = connectSync(server, session.id, session.facilitatorKey, { channel: 'private' });
		await Promise.all([phone.synced, console.synced]);

		const after = await scrape(server);
		const intents = (labels: Record<string, string>) =>
			sampleValue(after, 'koersbord_intents_total', labels);
		expect(intents({ type: 'vote.cast', outcome: 'ok' })).toBe(4);
		expect(intents({ type: 'vote.cast', outcome: 'duplicate' })).toBe(1);
		expect(intents({ type: 'vote.cast', outcome: 'unknown_option' })).toBe(1);
		expect(intents({ type: 'unparsed', outcome: 'unknown_intent' })).toBe(1);
		expect(intents({ type: 'step.add', outcome: 'ok' })).toBe(1);
		expect(intents({ type: 'poll.open', outcome: 'ok' })).toBe(1);
		// Intent types are ours: what a client sent as a type never becomes a label.
		expect(JSON.stringify([...after.values()])).not.toContain('vote.steal');
		expect(sampleValue(after, 'koersbord_api_errors_total', { code: 'unauthorized' })).toBe(1);
		expect(sampleValue(after, 'koersbord_api_errors_total', { code: 'unknown_option' })).toBe(1);

		const sockets = (role: string, channel: string) =>
			sampleValue(after, 'koersbord_sync_sockets', { role, channel });
		expect(sockets('participant', 'shared')).toBe(1);
		expect(sockets('facilitator', 'private')).toBe(1);
		expect(sockets('screen', 'shared')).toBe(0);
		expect(
			sampleValue(after, 'koersbord_sync_sockets_opened_total', {
				role: 'participant',
				channel: 'shared'
			})
		).toBe(1);
		expect(sampleValue(after, 'koersbord_rooms_loaded')).toBe(1);

		// Every vote publishes how many voted: at once, or gathered at the end of the interval.
		await expect
			.poll(async () =>
				sampleValue(await scrape(server), 'koersbord_publication_latency_seconds_count')
			)
			.toBeGreaterThanOrEqual(2);
		const published = await scrape(server);
		const count = sampleValue(published, 'koersbord_publication_latency_seconds_count')!;
		expect(
			sampleValue(published, 'koersbord_publication_latency_seconds_bucket', { le: '+Inf' })
		).toBe(count);
		// None waited anywhere near a second on an idle server.
		expect(
			sampleValue(published, 'koersbord_publication_latency_seconds_bucket', { le: '1' })
		).toBe(count);
		const sum = sampleValue(published, 'koersbord_publication_latency_seconds_sum')!;
		expect(sum).toBeGreaterThanOrEqual(0);
		expect(sum).toBeLessThan(count);

		// The phone leaves: its socket is no longer counted; the count of those opened stays.
		phone.provider.destroy();
		await expect
			.poll(async () =>
				sampleValue(await scrape(server), 'koersbord_sync_sockets', {
					role: 'participant',
					channel: 'shared'
				})
			)
			.toBe(0);
		expect(
			sampleValue(await scrape(server), 'koersbord_sync_sockets_opened_total', {
				role: 'participant'
			})
		).toBe(1);
	});
});
