import { describe, expect, it, vi } from 'vitest';
import { readStep } from '../src/lib/model/steps.ts';
import type { PollStep } from '../src/lib/model/types.ts';
import { loopbackAddress, requestFrom } from '../tests/helpers/loopback.ts';
import {
	createSession,
	joinSession,
	sessionClient,
	startTestServer
} from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';
import { DEFAULT_PACING } from './publisher.ts';

const PHONES = 300;

/*
 * The regression guard of adaptive publication (server/publisher.ts): however fast the votes
 * come, a room's devices get at most `burst` publications at once and `perSecond` a second after
 * that. It counts the updates a projector receives during a burst of votes, so it asserts a
 * number of messages; the time the burst took only makes the allowed number larger.
 */
describe('publishing a burst of votes', () => {
	it('coalesces them: the projector gets no more updates than the pacing allows', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const { facilitator } = sessionClient(server, session);
		for (const body of [
			{ type: 'step.add', kind: 'poll' },
			{ type: 'step.update', stepId: 'poll', visibility: 'live' },
			{ type: 'poll.open', stepId: 'poll' }
		]) {
			expect((await facilitator(body, body.type === 'step.add' ? 'poll' : undefined)).status).toBe(
				200
			);
		}
		// Each phone joins and votes from an address of its own, as phones on their own networks.
		const phones = await Promise.all(
			Array.from({ length: PHONES }, async (_, i) => {
				const from = loopbackAddress(20_000 + i);
				return { from, ...(await joinSession(server, session.joinCode, {}, from)) };
			})
		);
		const screenKey = new URL(session.links.screen).hash.replace('#key=', '');
		const projector = connectSync(server, session.id, screenKey);
		await projector.synced;
		const voters = () =>
			(readStep(projector.doc, 'poll') as PollStep | undefined)?.tally.voters ?? 0;
		let updates = 0;
		projector.doc.on('update', () => updates++);

		const started = performance.now();
		const answers = await Promise.all(
			phones.map((phone, i) =>
				requestFrom(phone.from, `${server.url}/api/sessions/${session.id}/intents`, {
					method: 'POST',
					credential: phone.token,
					body: {
						id: `vote-${i}`,
						type: 'vote.cast',
						stepId: 'poll',
						choice: ['ontmoetingsplaats', 'leernetwerk'][i % 2]
					}
				})
			)
		);
		expect(answers.every((answer) => answer.status === 200)).toBe(true);
		await vi.waitFor(() => expect(voters()).toBe(PHONES), { timeout: 10_000 });
		const seconds = (performance.now() - started) / 1000;

		const { burst, perSecond } = DEFAULT_PACING;
		// One vote per publication would be 300 updates; the pacing allows a few dozen at most.
		expect(updates).toBeLessThanOrEqual(Math.floor(burst + perSecond * seconds) + 1);
		// And the count moved while people voted, not only once at the end.
		expect(updates).toBeGreaterThan(1);
	});
});
