import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
	createSession,
	joinSession,
	sessionClient,
	startTestServer
} from '../tests/helpers/test-server.ts';
import { connectSync, openRawSync } from '../tests/helpers/ws-client.ts';
import { MessageType } from './protocol.ts';

/** A session with a poll, a consent step, a board with one card and a plan with one item. */
async function setup() {
	const server = await startTestServer();
	const session = await createSession(server);
	const phone = await joinSession(server, session.joinCode, { perspective: 'wethouder' });
	const other = await createSession(server, 'Andere sessie');
	const stranger = await joinSession(server, other.joinCode);
	// Bodies go as they are: several of them are malformed on purpose.
	const { sendRaw: send, snapshot } = sessionClient(server, session);
	const facilitator = (body: Record<string, unknown>) => send(session.facilitatorKey, body);
	for (const [id, intent] of [
		['poll', { type: 'step.add', kind: 'poll' }],
		['open', { type: 'poll.open', stepId: 'poll' }],
		['consent', { type: 'step.add', kind: 'consent' }],
		['board', { type: 'step.add', kind: 'dilemmas' }],
		['plan', { type: 'step.add', kind: 'plan' }],
		['item', { type: 'item.add', stepId: 'plan' }]
	] as const) {
		expect(await facilitator({ id, ...intent })).toMatchObject({ ok: true });
	}
	expect(
		await send(phone.token, { id: 'card', type: 'dilemma.post', stepId: 'board', text: 'Kaart' })
	).toMatchObject({ ok: true });
	expect(
		await send(phone.token, {
			id: 'vote',
			type: 'vote.cast',
			stepId: 'poll',
			choice: 'leernetwerk'
		})
	).toMatchObject({ ok: true });
	return { server, session, phone, stranger, other, send, facilitator, snapshot };
}

describe('bad intents', () => {
	it('get the documented status and code, with a message, and change nothing', async () => {
		const { session, phone, stranger, other, send, snapshot } = await setup();
		const huge = 'x'.repeat(20_000);
		const cases: [string, string, unknown, number, string][] = [
			['not an object', phone.token, ['vote.cast'], 400, 'invalid_intent'],
			[
				'no id',
				phone.token,
				{ type: 'vote.cast', stepId: 'poll', choice: 'a' },
				400,
				'invalid_intent'
			],
			['an id with a slash', phone.token, { id: 'a/b', type: 'vote.cast' }, 400, 'invalid_intent'],
			['an unknown type', phone.token, { id: 'x1', type: 'vote.steal' }, 400, 'unknown_intent'],
			[
				'a missing field',
				phone.token,
				{ id: 'x2', type: 'vote.cast', choice: 'leernetwerk' },
				400,
				'invalid_intent'
			],
			[
				'a number for a text',
				phone.token,
				{ id: 'x3', type: 'dilemma.post', stepId: 'board', text: 42 },
				400,
				'invalid_intent'
			],
			[
				'a huge text',
				phone.token,
				{ id: 'x4', type: 'dilemma.post', stepId: 'board', text: huge },
				400,
				'invalid_intent'
			],
			[
				'an unknown field',
				phone.token,
				{ id: 'x5', type: 'vote.cast', stepId: 'poll', choice: 'leernetwerk', admin: true },
				400,
				'invalid_intent'
			],
			[
				'a float for a count',
				session.facilitatorKey,
				{ id: 'x6', type: 'step.move', stepId: 'poll', index: 1.5 },
				400,
				'invalid_intent'
			],
			[
				'an unknown step',
				phone.token,
				{ id: 'x7', type: 'vote.cast', stepId: 'nope', choice: 'leernetwerk' },
				404,
				'step_not_found'
			],
			[
				'an unknown option',
				phone.token,
				{ id: 'x8', type: 'vote.cast', stepId: 'poll', choice: 'koning' },
				422,
				'unknown_option'
			],
			[
				'an unknown card',
				session.facilitatorKey,
				{ id: 'x9', type: 'dilemma.hide', stepId: 'board', cardId: 'nope' },
				404,
				'card_not_found'
			],
			[
				'an unknown item',
				session.facilitatorKey,
				{ id: 'x10', type: 'item.update', stepId: 'plan', itemId: 'nope', intensity: 1 },
				404,
				'item_not_found'
			],
			[
				'a step of the wrong kind',
				phone.token,
				{ id: 'x11', type: 'vote.cast', stepId: 'consent', choice: 'a' },
				422,
				'not_a_poll'
			],
			[
				'another session’s token',
				stranger.token,
				{ id: 'x12', type: 'vote.cast', stepId: 'poll', choice: 'facilitator' },
				401,
				'unauthorized'
			],
			[
				'another session’s key',
				other.facilitatorKey,
				{ id: 'x13', type: 'step.remove', stepId: 'poll' },
				401,
				'unauthorized'
			],
			[
				'a participant doing a facilitator’s work',
				phone.token,
				{ id: 'x14', type: 'step.remove', stepId: 'poll' },
				403,
				'forbidden'
			]
		];
		const before = await snapshot();
		for (const [label, credential, body, status, code] of cases) {
			const answer = await send(credential, body);
			expect(answer.status, label).toBe(status);
			expect(answer.error?.code, label).toBe(code);
			expect(answer.error?.message, label).toMatch(/\w/);
			expect(JSON.stringify(answer), label).not.toMatch(/at \w+ \(|\.ts:\d+/);
		}
		expect(await snapshot()).toEqual(before);
	});

	it('are answered as duplicates when replayed, even with other content, and applied once', async () => {
		const { phone, send, snapshot } = await setup();
		const before = await snapshot();
		// The vote of setup() again, and then its id with a different choice.
		expect(
			await send(phone.token, {
				id: 'vote',
				type: 'vote.cast',
				stepId: 'poll',
				choice: 'leernetwerk'
			})
		).toEqual({ status: 200, ok: true, duplicate: true });
		expect(
			await send(phone.token, {
				id: 'vote',
				type: 'vote.cast',
				stepId: 'poll',
				choice: 'facilitator'
			})
		).toEqual({ status: 200, ok: true, duplicate: true });
		expect(await snapshot()).toEqual(before);
	});

	it('with a key one character off is refused as unauthorized', async () => {
		const { session, send, snapshot } = await setup();
		const key = session.facilitatorKey;
		const nearMiss = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
		const before = await snapshot();
		expect(await send(nearMiss, { id: 'y', type: 'step.remove', stepId: 'poll' })).toMatchObject({
			status: 401,
			error: { code: 'unauthorized' }
		});
		expect(await snapshot()).toEqual(before);
	});
});

describe('a participant’s socket', () => {
	it('cannot speak for another client’s presence, nor claim a role', async () => {
		const { server, session, phone } = await setup();
		const screenKey = new URL(session.links.screen).hash.replace('#key=', '');
		const projector = connectSync(server, session.id, screenKey);
		const victim = connectSync(
			server,
			session.id,
			(await joinSession(server, session.joinCode)).token
		);
		await Promise.all([projector.synced, victim.synced]);
		await vi.waitFor(() =>
			expect(projector.provider.awareness.getStates().get(victim.doc.clientID)).toBeDefined()
		);

		// A raw socket with the phone's token: first its own presence, then the victim's id.
		const { socket: attacker } = await openRawSync(server, `/sync/${session.id}`, phone.token);
		const presence = (clientID: number, state: Record<string, unknown>, clock: number) => {
			const awareness = new awarenessProtocol.Awareness(new Y.Doc());
			awareness.clientID = clientID;
			for (let i = 0; i < clock; i++) awareness.setLocalState({ ...state, i });
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MessageType.awareness);
			encoding.writeVarUint8Array(
				encoder,
				awarenessProtocol.encodeAwarenessUpdate(awareness, [clientID])
			);
			awareness.destroy();
			return encoding.toUint8Array(encoder);
		};
		const own = 424242;
		// (A state's first clock is 0, which nobody applies: set it a few times.)
		attacker.send(presence(own, { role: 'facilitator', name: 'Baas' }, 3));
		attacker.send(presence(victim.doc.clientID, { role: 'facilitator', gone: true }, 50));
		await vi.waitFor(() =>
			expect(projector.provider.awareness.getStates().get(own)).toEqual({
				role: 'participant',
				participant: phone.participantId
			})
		);
		// The victim's presence is still its own, stamped by the server.
		expect(projector.provider.awareness.getStates().get(victim.doc.clientID)).toMatchObject({
			role: 'participant'
		});
		expect(projector.provider.awareness.getStates().get(victim.doc.clientID)).not.toHaveProperty(
			'gone'
		);
		attacker.close();
	});
});
