import { describe, expect, it } from 'vitest';
import { readBlank, readCurrentStepId, STEP_KEYS } from '../src/lib/model/steps.ts';
import type { ConsentStep, DilemmaStep, PollStep } from '../src/lib/model/types.ts';
import {
	createSession,
	joinSession,
	sessionClient,
	startTestServer
} from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';
import { inProcessSession } from '../tests/helpers/in-process.ts';

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
		const extra = await facilitator({ type: 'step.next', from: 'poll', to: 'board' });
		expect(extra.status).toBe(400);
		expect((await send(phone.token, { type: 'screen.blank', blank: true })).status).toBe(403);
		// The projector's key only reads: it may not move the room or blank it.
		const screenKey = new URL(session.links.screen).hash.replace('#key=', '');
		expect((await send(screenKey, { type: 'step.next', from: 'poll' })).status).toBe(403);
		expect((await send(screenKey, { type: 'screen.blank', blank: true })).status).toBe(403);
	});

	it('starts from the lobby with the first step, and says so when the agenda is empty', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const { facilitator, snapshot } = sessionClient(server, session);
		const empty = await facilitator({ type: 'step.next', from: '' });
		expect(empty.status).toBe(409);
		expect(empty.error?.code).toBe('last_step');
		await facilitator({ type: 'step.add', kind: 'plan' }, 'plan');
		expect((await facilitator({ type: 'step.next', from: '' })).status).toBe(200);
		expect((await snapshot()).currentStep).toBe('plan');
	});

	it('refuses a step that is not the one on screen, whether it exists or not', async () => {
		const { facilitator, snapshot } = await setup();
		for (const from of ['board', 'no-such-step', '']) {
			const answer = await facilitator({ type: 'step.next', from });
			expect(answer.status).toBe(409);
			expect(answer.error?.code).toBe('moved_on');
		}
		expect((await snapshot()).currentStep).toBe('poll');
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

	it('un-blanks by removing the mark, and writes nothing when the screens were not blanked', async () => {
		const { server, session, facilitator } = await setup();
		const screen = connectSync(server, session.id, session.facilitatorKey);
		await screen.synced;
		await facilitator({ type: 'screen.blank', blank: true });
		await expect.poll(() => screen.doc.getMap('meta').has('blank')).toBe(true);
		await facilitator({ type: 'screen.blank', blank: false });
		await expect.poll(() => screen.doc.getMap('meta').has('blank')).toBe(false);
	});
});

describe('the presenter’s next on odd stored data', () => {
	it('skips an agenda entry with no step behind it, as the console does', () => {
		const core = inProcessSession();
		core.facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
		core.facilitator({ type: 'step.add', kind: 'plan' }, 'plan');
		// A stored document from an older or broken writer: an id in the order with no step.
		core.room().doc.getArray<string>(STEP_KEYS.order).insert(1, ['ghost']);
		core.facilitator({ type: 'step.activate', stepId: 'poll' });
		expect(core.facilitator({ type: 'step.next', from: 'poll' })).toEqual({ status: 200 });
		expect(readCurrentStepId(core.room().doc)).toBe('plan');
	});

	it('refuses, changing nothing, when the step on screen is not in the agenda', () => {
		const core = inProcessSession();
		core.facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
		core.room().doc.getMap('meta').set(STEP_KEYS.current, 'ghost');
		const before = core.room().doc.getMap('meta').toJSON();
		expect(core.facilitator({ type: 'step.next', from: 'ghost' })).toEqual({
			status: 409,
			code: 'moved_on'
		});
		expect(core.room().doc.getMap('meta').toJSON()).toEqual(before);
	});
});
