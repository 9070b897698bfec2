import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Block } from '../src/lib/report/blocks.ts';
import { CloseCode } from '../src/lib/sync/close-codes.ts';
import { loopbackAddress, requestFrom } from '../tests/helpers/loopback.ts';
import {
	api,
	createSession,
	joinSession,
	sessionClient,
	startTestServer,
	type CreatedSession,
	type IntentAnswer
} from '../tests/helpers/test-server.ts';
import { connectSync } from '../tests/helpers/ws-client.ts';
import { hashSecret } from './credentials.ts';
import { DATABASE_FILE } from './store/sqlite.ts';

type ErrorBody = { error: { code: string; message: string } };
type Created = { url: string; createdAt: number };
type Results = { title: string; blocks: Block[] };

const linkPath = (id: string): string => `/api/sessions/${id}/results-link`;

/** Makes a results link as the console does; returns its URL and the key in its fragment. */
async function makeLink(
	server: { url: string },
	session: CreatedSession
): Promise<{ url: string; key: string; createdAt: number }> {
	const response = await api<Created>(server, 'POST', linkPath(session.id), {
		credential: session.facilitatorKey
	});
	expect(response.status).toBe(201);
	const key = new URL(response.body.url).hash.replace(/^#key=/, '');
	return { ...response.body, key };
}

const readResults = (server: { url: string }, id: string, credential?: string, query = '') =>
	api<Results & ErrorBody>(server, 'GET', `/api/results/${id}${query}`, { credential });

describe('a results link', () => {
	it('is off until made, opens the report once made, and is never shown again', async () => {
		const server = await startTestServer({ origin: 'https://board.example.org' });
		const session = await createSession(server, 'Leersessie 3');
		const state = () =>
			api(server, 'GET', linkPath(session.id), { credential: session.facilitatorKey });

		expect((await state()).body).toEqual({ active: false });
		const link = await makeLink(server, session);
		expect(link.url).toMatch(
			new RegExp(`^https://board\\.example\\.org/r/${session.id}#key=rk_[A-Za-z0-9_-]{43}$`)
		);
		const after = await state();
		expect(after.body).toEqual({ active: true, createdAt: link.createdAt });
		expect(JSON.stringify(after.body)).not.toContain(link.key);

		const results = await readResults(server, session.id, link.key);
		expect(results.status).toBe(200);
		expect(Object.keys(results.body).sort()).toEqual(['blocks', 'title']);
		expect(results.body.title).toBe('Leersessie 3');
		const titleBlock = results.body.blocks.find((block) => block.kind === 'title');
		expect(titleBlock).toMatchObject({ title: 'Concept jaarplan', session: 'Leersessie 3' });
		expect(results.headers.get('cache-control')).toBe('no-store');
		expect(results.headers.get('referrer-policy')).toBe('no-referrer');
	});

	it('speaks the language asked for, and refuses one it does not know', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const { key } = await makeLink(server, session);
		const english = await readResults(server, session.id, key, '?lang=en');
		expect(english.body.blocks.find((block) => block.kind === 'title')).toMatchObject({
			title: 'Draft year plan'
		});
		const french = await readResults(server, session.id, key, '?lang=fr');
		expect(french.status).toBe(400);
		expect(french.body.error.code).toBe('invalid_request');
	});

	it('stops working when replaced or revoked, with a code the page can tell', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const first = await makeLink(server, session);
		const second = await makeLink(server, session);
		expect(second.key).not.toBe(first.key);

		const old = await readResults(server, session.id, first.key);
		expect(old.status).toBe(401);
		expect(old.body.error.code).toBe('results_link_invalid');
		expect((await readResults(server, session.id, second.key)).status).toBe(200);

		const revoked = await api(server, 'DELETE', linkPath(session.id), {
			credential: session.facilitatorKey
		});
		expect(revoked.status).toBe(204);
		const gone = await readResults(server, session.id, second.key);
		expect(gone.status).toBe(401);
		expect(gone.body.error.code).toBe('results_link_invalid');
		expect(
			(await api(server, 'GET', linkPath(session.id), { credential: session.facilitatorKey })).body
		).toEqual({ active: false });
		// Revoking what is already revoked changes nothing and is no error.
		expect(
			(await api(server, 'DELETE', linkPath(session.id), { credential: session.facilitatorKey }))
				.status
		).toBe(204);
	});

	it('refuses a missing, malformed or wrong key, and one from another session', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const other = await createSession(server, 'Andere sessie');
		const { key } = await makeLink(server, session);
		const { key: otherKey } = await makeLink(server, other);
		const wrong = `rk_${'A'.repeat(43)}`;
		for (const credential of [
			undefined,
			'rk_kort',
			wrong,
			otherKey,
			session.facilitatorKey,
			key.toUpperCase()
		]) {
			const response = await readResults(server, session.id, credential);
			expect(response.status, String(credential)).toBe(401);
			expect(response.body.error.code).toBe('results_link_invalid');
			expect(response.body.error.message).not.toMatch(/at .*\.ts:\d+/);
		}
		const unknown = await readResults(server, 'geen-sessie', key);
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('session_not_found');
		const post = await api<ErrorBody>(server, 'POST', `/api/results/${session.id}`, {
			credential: key
		});
		expect(post.status).toBe(405);
		expect(post.headers.get('allow')).toBe('GET');
	});

	it('may be made, read and revoked only with the facilitator key', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const phone = await joinSession(server, session.joinCode);
		const links = await api<{ links: { screen: string } }>(
			server,
			'GET',
			`/api/sessions/${session.id}`,
			{ credential: session.facilitatorKey }
		);
		const screenKey = links.body.links.screen.split('#key=')[1] ?? '';
		const { key } = await makeLink(server, session);

		for (const method of ['GET', 'POST', 'DELETE']) {
			for (const credential of [phone.token, screenKey]) {
				const response = await api<ErrorBody>(server, method, linkPath(session.id), {
					credential
				});
				expect(response.status, `${method} ${credential.slice(0, 3)}`).toBe(403);
				expect(response.body.error.code).toBe('forbidden');
			}
			// The results key opens the report and nothing else.
			const own = await api<ErrorBody>(server, method, linkPath(session.id), { credential: key });
			expect(own.status).toBe(401);
			expect(own.body.error.code).toBe('unauthorized');
		}
		expect(
			(await api(server, 'GET', `/api/sessions/${session.id}/snapshot`, { credential: key })).status
		).toBe(401);
		const socket = connectSync(server, session.id, key);
		expect(await socket.refused).toBe(CloseCode.unauthorized);
		// None of those refusals touched the link.
		expect((await readResults(server, session.id, key)).status).toBe(200);
	});

	it('is stored only as a hash, and erased with its session', async () => {
		const server = await startTestServer();
		const session = await createSession(server);
		const { key, createdAt } = await makeLink(server, session);
		await server.close();

		const db = new Database(join(server.dataDir, DATABASE_FILE), { readonly: true });
		const row = db
			.prepare<[string], { results_key_hash: Buffer; results_key_created_at: number }>(
				'SELECT results_key_hash, results_key_created_at FROM sessions WHERE id = ?'
			)
			.get(session.id);
		db.close();
		expect(row?.results_key_hash).toHaveLength(32);
		expect(row?.results_key_hash.equals(hashSecret(key))).toBe(true);
		expect(row?.results_key_hash.toString('latin1')).not.toContain(key);
		expect(row?.results_key_created_at).toBe(createdAt);

		const restarted = await server.restart();
		expect((await readResults(restarted, session.id, key)).status).toBe(200);
		const erased = await api(restarted, 'DELETE', `/api/sessions/${session.id}`, {
			credential: session.facilitatorKey
		});
		expect(erased.status).toBe(204);
		const after = await readResults(restarted, session.id, key);
		expect(after.status).toBe(404);
		expect((after.body as ErrorBody).error.code).toBe('session_not_found');
	});

	it('is read at a limited rate per session, whoever reads it', async () => {
		const server = await startTestServer({
			limits: { resultsReads: { capacity: 2, perSecond: 0.01 } }
		});
		const session = await createSession(server);
		const { key } = await makeLink(server, session);
		expect((await readResults(server, session.id, key)).status).toBe(200);
		expect((await readResults(server, session.id, key)).status).toBe(200);
		const third = await readResults(server, session.id, key);
		expect(third.status).toBe(429);
		expect(third.body.error.code).toBe('too_many_requests');
		expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});

/** Everything a report shows as text: headings, paragraphs, list items and table cells. */
function textOf(blocks: Block[]): string {
	return blocks
		.map((block) => {
			switch (block.kind) {
				case 'heading':
				case 'paragraph':
					return block.text;
				case 'list':
					return block.items.join('\n');
				case 'table':
					return [block.caption, ...block.header, ...block.rows.flat()].join('\n');
				case 'title':
					return [block.title, block.network, block.session, block.date, block.note].join('\n');
				case 'section':
					return '';
			}
		})
		.join('\n');
}

/** The blocks from the heading with `title` up to the next heading of that level or higher. */
function section(blocks: Block[], title: string): Block[] {
	const start = blocks.findIndex((b) => b.kind === 'heading' && b.text === title);
	expect(start, `no section "${title}"`).toBeGreaterThanOrEqual(0);
	const level = (blocks[start] as { level: number }).level;
	const end = blocks.findIndex((b, i) => i > start && b.kind === 'heading' && b.level <= level);
	return blocks.slice(start, end === -1 ? undefined : end);
}

describe("what a results link's reader gets", () => {
	it('is the report and nothing only facilitators see: no names, hidden cards, unreleased counts or small groups', async () => {
		const server = await startTestServer();
		const session = await createSession(server, 'Leersessie 2');
		const { facilitator, snapshot } = sessionClient(server, session);
		const ok = async (pending: Promise<IntentAnswer>) => {
			const answer = await pending;
			expect(answer.status, JSON.stringify(answer)).toBe(200);
		};
		// Four aldermen, three providers and one person from a certified institution: alone in
		// their group, so no breakdown may show their vote.
		const roster = [
			['Naam-Alpha-7Q', 'wethouder'],
			['Naam-Bravo-3K', 'wethouder'],
			['Naam-Charlie-9X', 'wethouder'],
			['Naam-Delta-4M', 'wethouder'],
			['Naam-Echo-2W', 'aanbieder'],
			['Naam-Foxtrot-8Z', 'aanbieder'],
			['Naam-Golf-5R', 'aanbieder'],
			['Naam-Hotel-6V', 'gi']
		] as const;
		let intents = 0;
		const phones = [];
		for (const [i, [name, perspective]] of roster.entries()) {
			const address = loopbackAddress(4_000 + i);
			const joined = await joinSession(server, session.joinCode, { name, perspective }, address);
			const send = async (body: Record<string, unknown>, id = `r-${++intents}`) => {
				const response = await requestFrom<Omit<IntentAnswer, 'status'>>(
					address,
					`${server.url}/api/sessions/${session.id}/intents`,
					{ method: 'POST', credential: joined.token, body: { id, ...body } }
				);
				return { status: response.status, ...response.body };
			};
			phones.push({ name, perspective, send });
		}

		// A live poll, closed: everyone votes; the lone 'gi' voter picks what nobody else does.
		await ok(facilitator({ type: 'step.add', kind: 'poll' }, 'open-peiling'));
		await ok(facilitator({ type: 'poll.open', stepId: 'open-peiling' }));
		for (const phone of phones) {
			const choice = phone.perspective === 'gi' ? 'bestuurlijk-hart' : 'leernetwerk';
			await ok(phone.send({ type: 'vote.cast', stepId: 'open-peiling', choice }));
		}
		await ok(facilitator({ type: 'poll.close', stepId: 'open-peiling' }));
		await ok(
			facilitator({ type: 'step.update', stepId: 'open-peiling', title: 'Peiling-Gesloten' })
		);

		// A hidden poll, still open: its counts are not released to anyone yet.
		await ok(facilitator({ type: 'step.add', kind: 'poll' }, 'verborgen'));
		await ok(
			facilitator({
				type: 'step.update',
				stepId: 'verborgen',
				visibility: 'hidden',
				title: 'Peiling-Verborgen'
			})
		);
		await ok(facilitator({ type: 'poll.open', stepId: 'verborgen' }));
		for (const phone of phones) {
			await ok(phone.send({ type: 'vote.cast', stepId: 'verborgen', choice: 'facilitator' }));
		}

		// A board with a card the facilitator hid.
		await ok(facilitator({ type: 'step.add', kind: 'dilemmas' }, 'bord'));
		const [a, b] = phones;
		await ok(a!.send({ type: 'dilemma.post', stepId: 'bord', text: 'Kaart-Zichtbaar' }, 'k1'));
		await ok(b!.send({ type: 'dilemma.post', stepId: 'bord', text: 'GEHEIM-kaart-XYZ' }, 'k2'));
		await ok(facilitator({ type: 'dilemma.hide', stepId: 'bord', cardId: 'k2' }));

		// Wait until the room has been told how many voted, which is all it may know of this poll.
		await vi.waitFor(async () => {
			const poll = (await snapshot()).steps.find((step) => step.id === 'verborgen');
			expect(poll && 'tally' in poll && poll.tally.voters).toBe(roster.length);
		});

		const { key } = await makeLink(server, session);
		const hiddenOpen = await readResults(server, session.id, key);
		expect(hiddenOpen.status).toBe(200);
		const text = JSON.stringify(hiddenOpen.body);
		const blocks = hiddenOpen.body.blocks;

		// Who took part is counts only, never a name.
		for (const [name] of roster) expect(text).not.toContain(name);
		expect(textOf(section(blocks, 'Bijlage A: Deelnemers'))).toContain('Wethouder\n4');
		// The hidden card's text is nowhere; the visible one is there.
		expect(text).not.toContain('GEHEIM');
		expect(textOf(blocks)).toContain('Kaart-Zichtbaar');

		// The closed poll shows its counts, but no group smaller than the threshold (3).
		const closed = textOf(section(blocks, 'Peiling-Gesloten'));
		expect(closed).toContain('Wethouder');
		expect(closed).not.toContain('Gecertificeerde instelling');
		// The lone voter's group is merged with the providers, so their vote is not theirs alone.
		const closedTables = section(blocks, 'Peiling-Gesloten').filter((b) => b.kind === 'table');
		expect(closedTables.map((table) => table.header)).toEqual([
			['Optie', 'Totaal', 'Wethouder', 'Overige perspectieven']
		]);
		expect(closedTables[0]?.rows).toContainEqual(['Bestuurlijk hart', '1', '0', '1']);

		// The hidden poll, still open, shows that people voted, and no count of any option.
		const open = section(blocks, 'Peiling-Verborgen');
		expect(textOf(open)).toContain('8 deelnemers stemden.');
		// Not "as soon as 3 have voted": eight have; what it waits for is the close.
		expect(textOf(open)).toContain('De uitslag verschijnt zodra de ronde gesloten is.');
		expect(open.filter((b) => b.kind === 'table')).toEqual([]);
		expect(textOf(open)).not.toContain('Facilitator');

		// Once closed, its counts are released, and the report shows them, as every export does.
		await ok(facilitator({ type: 'poll.close', stepId: 'verborgen' }));
		const released = await readResults(server, session.id, key);
		const releasedCells = section(released.body.blocks, 'Peiling-Verborgen').flatMap((b) =>
			b.kind === 'table' ? b.rows.flat() : []
		);
		expect(releasedCells.some((cell) => /8/.test(cell))).toBe(true);
	});
});
