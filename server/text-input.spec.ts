import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import {
	api,
	createSession,
	joinSession,
	sessionClient,
	startTestServer
} from '../tests/helpers/test-server.ts';
import { expectValidXml, unzip } from '../tests/helpers/docx.ts';
import type { DilemmaStep } from '../src/lib/model/types.ts';

/** A session with a board (dots open) and a plan with one item, and one phone. */
async function setup() {
	const server = await startTestServer();
	const session = await createSession(server);
	const phone = await joinSession(server, session.joinCode, { perspective: 'wethouder' });
	const client = sessionClient(server, session);
	for (const [id, intent] of [
		['poll', { type: 'step.add', kind: 'poll' }],
		['open', { type: 'poll.open', stepId: 'poll' }],
		['board', { type: 'step.add', kind: 'dilemmas' }],
		['dots', { type: 'dots.open', stepId: 'board' }],
		['plan', { type: 'step.add', kind: 'plan' }],
		['item', { type: 'item.add', stepId: 'plan' }]
	] as const) {
		expect(await client.facilitator(intent, id)).toMatchObject({ ok: true });
	}
	/** Sends a body exactly as written, so that a key such as `__proto__` reaches the server. */
	const sendJson = async (credential: string, json: string) => {
		const response = await api<{ error?: { code: string } }>(
			server,
			'POST',
			`/api/sessions/${session.id}/intents`,
			{ credential, rawBody: json }
		);
		return { status: response.status, ...response.body };
	};
	const cards = async () =>
		(await client.snapshot()).steps.find((s): s is DilemmaStep => s.kind === 'dilemmas')?.cards ??
		[];
	return { server, session, phone, ...client, sendJson, cards };
}

describe('text input', () => {
	it('loses the characters an export cannot hold, and keeps the rest', async () => {
		const { phone, send, cards } = await setup();
		const answer = await send(phone.token, {
			type: 'dilemma.post',
			stepId: 'board',
			text: 'Sturen\uFFFE of\u0001 ruimte\uD800?\r\nJa 👩\u200D👩\u200D👧'
		});
		expect(answer).toMatchObject({ status: 200, ok: true });
		expect((await cards()).map((card) => card.text)).toEqual([
			'Sturen of ruimte?\nJa 👩\u200D👩\u200D👧'
		]);
	});

	it('of only zero-width characters is refused as empty and changes nothing', async () => {
		const { server, phone, send, snapshot } = await setup();
		const before = await snapshot();
		const answer = await send(phone.token, {
			type: 'dilemma.post',
			stepId: 'board',
			text: '\u200B\u200B \u200B'
		});
		expect(answer).toMatchObject({ status: 400, error: { code: 'invalid_intent' } });
		expect(answer.error?.message).toMatch(/must not be empty/);
		expect(await snapshot()).toEqual(before);

		const created = await api<{ error?: { code: string } }>(server, 'POST', '/api/sessions', {
			body: { title: '\u200B\u200C\u200D\u2060\uFEFF' }
		});
		expect(created).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
	});

	it('with a reserved name as an id or key is refused and changes nothing', async () => {
		const { session, phone, sendJson, snapshot } = await setup();
		const before = await snapshot();
		const cases: [string, string, string][] = [
			[
				'a dot on card __proto__',
				phone.token,
				'{"id":"t1","type":"dots.place","stepId":"board","cardId":"__proto__"}'
			],
			[
				'points for option __proto__',
				phone.token,
				'{"id":"t2","type":"vote.cast","stepId":"poll","points":{"__proto__":3}}'
			],
			[
				'an intent with id constructor',
				session.facilitatorKey,
				'{"id":"constructor","type":"step.add","kind":"poll"}'
			],
			[
				'region prototype',
				session.facilitatorKey,
				'{"id":"t3","type":"item.update","stepId":"plan","itemId":"item","regions":{"prototype":true}}'
			]
		];
		for (const [label, credential, json] of cases) {
			const answer = await sendJson(credential, json);
			expect(answer.status, label).toBe(400);
			expect(answer.error?.code, label).toBe('invalid_intent');
		}
		expect(await snapshot()).toEqual(before);
	});

	it('stored before cleaning or not, gives a Word export that is valid XML', async () => {
		const { server, session, phone, send } = await setup();
		expect(
			await send(phone.token, {
				type: 'dilemma.post',
				stepId: 'board',
				text: 'Kaart\uFFFE met\u0001 tekens\uDC00'
			})
		).toMatchObject({ ok: true });
		const response = await fetch(`${server.url}/api/sessions/${session.id}/export?format=docx`, {
			headers: { Authorization: `Bearer ${session.facilitatorKey}` }
		});
		expect(response.status).toBe(200);
		const docx = Buffer.from(await response.arrayBuffer());
		const { value: html, messages } = await mammoth.convertToHtml({ buffer: docx });
		expect(messages).toEqual([]);
		expect(html).toContain('Kaart met tekens');
		expectValidXml(unzip(docx, 'word/document.xml'));
	});
});
