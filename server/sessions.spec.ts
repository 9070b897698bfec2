import { describe, expect, it } from 'vitest';
import type { ConsentStep, DilemmaStep, PlanStep, PollStep } from '../src/lib/model/types.ts';
import {
	api,
	joinSession,
	sessionClient,
	startTestServer,
	type CreatedSession
} from '../tests/helpers/test-server.ts';

type ErrorBody = { error: { code: string } };

/** Creates a session as the start page does (no agenda named), and reads its snapshot. */
async function created(body: Record<string, unknown>) {
	const server = await startTestServer();
	const response = await api<CreatedSession>(server, 'POST', '/api/sessions', { body });
	expect(response.status).toBe(201);
	const session = response.body;
	const client = sessionClient(server, session);
	return { server, session, ...client, snapshot: await client.snapshot() };
}

describe('a new BORN session’s agenda', () => {
	it('holds the typical learning session: a positioning poll, a consent round, dilemmas, the year plan', async () => {
		const { snapshot } = await created({ title: 'Leersessie 1', template: 'born' });
		expect(snapshot.steps.map((s) => [s.kind, s.title])).toEqual([
			['poll', 'Positionering'],
			['consent', 'Voorstel positionering'],
			['dilemmas', 'Dilemma’s'],
			['plan', 'Jaarplan']
		]);
		// Everything waits for the facilitator: the lobby shows the join code, nothing is open.
		expect(snapshot.currentStep).toBe('');
		const [poll, consent, board, plan] = snapshot.steps as [
			PollStep,
			ConsentStep,
			DilemmaStep,
			PlanStep
		];
		expect(poll).toMatchObject({
			optionSet: 'positioning',
			question: 'Welke positionering past het best bij BORN?',
			mode: 'single',
			status: 'draft',
			visibility: 'hidden',
			tally: { voters: 0 }
		});
		expect(poll.options.map((o) => o.title)).toEqual([
			'Ontmoetingsplaats',
			'Leernetwerk',
			'Facilitator',
			'Bestuurlijk hart'
		]);
		expect(consent.rounds).toEqual([]);
		expect(consent.proposal).toMatch(/^BORN positioneert zich als /);
		// The four paradoxes are the board's clusters, after the pile of cards not yet sorted.
		expect(board.clusters.map((c) => c.title)).toEqual([
			'Nog niet ingedeeld',
			'Besturingsparadox',
			'Koploperparadox',
			'Complexiteitsparadox en meerschaligheid',
			'Meerwaardecyclus'
		]);
		expect(board.cards).toEqual([]);
		expect(board.dots.status).toBe('draft');
		// The plan takes its positioning from the agenda's own steps unless the facilitator names one.
		expect(plan).toMatchObject({ items: [], pollId: '', consentId: '' });
		expect(plan.regions).toHaveLength(9);
		expect(plan.year).toBeGreaterThanOrEqual(new Date().getUTCFullYear());
		// Every step has an id of its own.
		expect(new Set(snapshot.steps.map((s) => s.id)).size).toBe(4);
	});

	it('is in the session’s content language', async () => {
		const { snapshot } = await created({ title: 'Session 1', locale: 'en' });
		expect(snapshot.steps.map((s) => [s.kind, s.title])).toEqual([
			['poll', 'Positioning'],
			['consent', 'Positioning proposal'],
			['dilemmas', 'Dilemmas'],
			['plan', 'Year plan']
		]);
		const [poll, consent, board] = snapshot.steps as [PollStep, ConsentStep, DilemmaStep];
		expect(poll.question).toBe('Which positioning suits BORN best?');
		expect(poll.options.map((o) => o.title)).toEqual([
			'Meeting place',
			'Learning network',
			'Facilitator',
			'Governing heart'
		]);
		expect(consent.proposal).toMatch(/^BORN positions itself as /);
		expect(board.clusters.map((c) => c.title)).toContain('Frontrunner paradox');
	});

	it('is the facilitator’s to change: its steps run, move and go like steps added by hand', async () => {
		const { server, session, snapshot, facilitator, send } = await created({ title: 'Leersessie' });
		const [poll, consent, , plan] = snapshot.steps;
		const phone = await joinSession(server, session.joinCode, { perspective: 'wethouder' });
		expect((await facilitator({ type: 'poll.open', stepId: poll!.id })).status).toBe(200);
		expect(
			(await send(phone.token, { type: 'vote.cast', stepId: poll!.id, choice: 'leernetwerk' }))
				.status
		).toBe(200);
		expect(
			(
				await facilitator({
					type: 'step.update',
					stepId: plan!.id,
					pollId: poll!.id,
					consentId: consent!.id
				})
			).status
		).toBe(200);
		expect((await facilitator({ type: 'step.move', stepId: plan!.id, index: 0 })).status).toBe(200);
		expect((await facilitator({ type: 'step.remove', stepId: consent!.id })).status).toBe(200);
		// Still one year plan per session.
		expect(await facilitator({ type: 'step.add', kind: 'plan' })).toMatchObject({
			status: 409,
			error: { code: 'plan_exists' }
		});
		const after = await sessionClient(server, session).snapshot();
		expect(after.steps.map((s) => s.kind)).toEqual(['plan', 'poll', 'dilemmas']);
	});

	it('starts empty when the caller asks for that, and refuses an agenda it does not know', async () => {
		const { snapshot } = await created({ title: 'Leeg', agenda: 'empty' });
		expect(snapshot.steps).toEqual([]);
		const { snapshot: prefilled } = await created({ title: 'Vol', agenda: 'template' });
		expect(prefilled.steps).toHaveLength(4);

		const server = await startTestServer();
		for (const agenda of ['blank', '', 4, null, ['empty']]) {
			const refused = await api<ErrorBody>(server, 'POST', '/api/sessions', {
				body: { title: 'x', agenda }
			});
			expect(refused.status, JSON.stringify(agenda)).toBe(400);
			expect(refused.body.error.code).toBe('invalid_request');
		}
	});
});
