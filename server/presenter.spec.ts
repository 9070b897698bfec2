import { describe, expect, it } from 'vitest';
import { readBlank } from '../src/lib/model/steps.ts';
import type { ConsentStep, DilemmaStep, PollStep } from '../src/lib/model/types.ts';
import {
	createSession,
	joinSession,
	sessionClient,
	startTestServer
} from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';

/** A session with a poll, a consent step and a board at the end of its agenda, the poll on screen. */
async function setup() {
	const server = await startTestServer();
	const session = await createSession(server);
	const { facilitator, snapshot } = sessionClient(server, session);
	expect((await facilitator({ type: 'step.add', kind: 'poll' }, 'poll')).status).toBe(200);
	expect((await facilitator({ type: 'step.add', kind: 'consent' }, 'consent')).status).toBe(200);
	expect((await facilitator({ type: 'step.add', kind: 'dilemmas' }, 'board')).status).toBe(200);
	expect((await facilitator({ type: 'step.activate', stepId: 'poll' })).status).toBe(200);
	const step = async <T>(id: string) => (await snapshot()).steps.find((s) => s.id === id) as T;
	return { server, session, facilitator, snapshot, step };
}

describe('the presenter’s next', () => {
	it('shows the next step and opens it, closing what was open in the one it leaves', async () => {
		const { facilitator, snapshot, step } = await setup();
		expect((await facilitator({ type: 'poll.open', stepId: 'poll' })).status).toBe(200);

		expect((await facilitator({ type: 'step.next', from: 'poll' })).status).toBe(200);
		expect((await snapshot()).currentStep).toBe('consent');
		expect((await step<PollStep>('poll')).status).toBe('closed');
		expect((await step<ConsentStep>('consent')).rounds).toMatchObject([
			{ number: 1, status: 'open' }
		]);

		expect((await facilitator({ type: 'step.next', from: 'consent' })).status).toBe(200);
		expect((await snapshot()).currentStep).toBe('board');
		expect((await step<ConsentStep>('consent')).rounds[0]?.status).toBe('closed');
	});

	it('opens a poll that has not run, and leaves a closed one closed', async () => {
		const { facilitator, step } = await setup();
		await facilitator({ type: 'step.add', kind: 'poll' }, 'second');
		await facilitator({ type: 'step.activate', stepId: 'board' });
		expect((await facilitator({ type: 'step.next', from: 'board' })).status).toBe(200);
		expect((await step<PollStep>('second')).status).toBe('open');

		await facilitator({ type: 'poll.close', stepId: 'second' });
		await facilitator({ type: 'step.activate', stepId: 'board' });
		await facilitator({ type: 'step.next', from: 'board' });
		expect((await step<PollStep>('second')).status).toBe('closed');
	});

	it('closes dot voting on the board it leaves', async () => {
		const { facilitator, step } = await setup();
		await facilitator({ type: 'step.add', kind: 'plan' }, 'plan');
		await facilitator({ type: 'step.activate', stepId: 'board' });
		await facilitator({ type: 'dots.open', stepId: 'board' });
		expect((await facilitator({ type: 'step.next', from: 'board' })).status).toBe(200);
		expect((await step<DilemmaStep>('board')).dots.status).toBe('closed');
	});

	it('does not skip a step when pressed twice, and stops at the last step', async () => {
		const { facilitator, snapshot } = await setup();
		expect((await facilitator({ type: 'step.next', from: 'poll' })).status).toBe(200);
		const again = await facilitator({ type: 'step.next', from: 'poll' });
		expect(again.status).toBe(409);
		expect(again.error?.code).toBe('moved_on');
		expect((await snapshot()).currentStep).toBe('consent');

		await facilitator({ type: 'step.next', from: 'consent' });
		const last = await facilitator({ type: 'step.next', from: 'board' });
		expect(last.status).toBe(409);
		expect(last.error?.code).toBe('last_step');
		expect((await snapshot()).currentStep).toBe('board');
	});

	it('is for facilitators only, and checks its input', async () => {
		const { server, session, facilitator } = await setup();
		const { send } = sessionClient(server, session);
		const phone = await joinSession(server, session.joinCode);
		const refused = await send(phone.token, { type: 'step.next', from: 'poll' });
		expect(refused.status).toBe(403);
		const bad = await facilitator({ type: 'step.next', from: 42 });
		expect(bad.status).toBe(400);
		const blank = await facilitator({ type: 'screen.blank', blank: 'yes' });
		expect(blank.status).toBe(400);
	});

	it('blanks every screen, and the next step brings the screens back', async () => {
		const { server, session, facilitator } = await setup();
		const screen = connectSync(server, session.id, session.facilitatorKey);
		await screen.synced;
		expect((await facilitator({ type: 'screen.blank', blank: true })).status).toBe(200);
		await expect.poll(() => readBlank(screen.doc)).toBe(true);
		await facilitator({ type: 'step.next', from: 'poll' });
		await expect.poll(() => readBlank(screen.doc)).toBe(false);
	});
});
