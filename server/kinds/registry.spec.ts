import { describe, expect, it } from 'vitest';
import { kindModels, STEP_KINDS } from '../../src/lib/kinds/index.ts';
import { intentSchemas } from '../../src/lib/intents/types.ts';
import { readAgenda, readStep, STEP_KEYS, stepMap } from '../../src/lib/model/steps.ts';
import { inProcessSession } from '../../tests/helpers/in-process.ts';
import { serverKinds } from './index.ts';
import * as Y from 'yjs';

describe('the registry of step kinds', () => {
	it('has every part of every kind: a model, a server part and an update intent', () => {
		for (const kind of STEP_KINDS) {
			expect(kindModels[kind].kind).toBe(kind);
			expect(Object.keys(serverKinds[kind].handlers)).toContain(`${kind}.update`);
			expect(Object.keys(intentSchemas)).toContain(`${kind}.update`);
		}
	});

	it('updates a step through its own kind’s update, and refuses a step of another kind', () => {
		const core = inProcessSession();
		for (const kind of STEP_KINDS) core.facilitator({ type: 'step.add', kind }, kind);
		for (const kind of STEP_KINDS) {
			expect(
				core.facilitator({ type: `${kind}.update`, stepId: kind, title: `Nieuw ${kind}` })
			).toEqual({ status: 200 });
			expect(readStep(core.room().doc, kind)?.title).toBe(`Nieuw ${kind}`);
			const other = STEP_KINDS.find((k) => k !== kind)!;
			expect(core.facilitator({ type: `${kind}.update`, stepId: other, title: 'X' })).toEqual({
				status: 422,
				code: serverKinds[kind].wrongKind.code
			});
		}
		expect(readStep(core.room().doc, 'plan')?.title).toBe('Nieuw plan');
	});

	it('sends the old step.update on to the step’s kind; a field of another kind is that kind’s refusal', () => {
		const core = inProcessSession();
		core.facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
		core.facilitator({ type: 'step.add', kind: 'dilemmas' }, 'board');
		expect(
			core.facilitator({ type: 'step.update', stepId: 'board', prompt: 'Welk dilemma?' })
		).toEqual({ status: 200 });
		const board = readStep(core.room().doc, 'board');
		expect(board?.kind === 'dilemmas' && board.prompt).toBe('Welk dilemma?');
		expect(
			core.facilitator({ type: 'step.update', stepId: 'poll', prompt: 'Welk dilemma?' })
		).toEqual({
			status: 422,
			code: 'not_a_dilemma_step'
		});
		expect(core.facilitator({ type: 'step.update', stepId: 'board', budget: 5 })).toEqual({
			status: 422,
			code: 'not_a_poll'
		});
	});

	it('names a stored step of an unknown kind as unsupported, never as a poll, and lets it be removed', () => {
		const core = inProcessSession();
		core.facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
		const { doc } = core.room();
		doc.transact(() => {
			const map = new Y.Map<unknown>();
			doc.getMap(STEP_KEYS.steps).set('future', map);
			map.set('kind', 'hologram');
			map.set('title', 'Uit een nieuwere versie');
			map.set('options', [{ id: 'a', title: 'A' }]);
			doc.getArray<string>(STEP_KEYS.order).push(['future']);
		});
		expect(readStep(doc, 'future')).toBeUndefined();
		expect(readAgenda(doc)).toEqual([
			{ id: 'poll', step: expect.objectContaining({ kind: 'poll' }) },
			{ id: 'future', unsupported: { kind: 'hologram', title: 'Uit een nieuwere versie' } }
		]);
		// Intents for it are refused as for a step that is not there.
		expect(core.facilitator({ type: 'poll.open', stepId: 'future' })).toEqual({
			status: 404,
			code: 'step_not_found'
		});
		expect(core.facilitator({ type: 'step.remove', stepId: 'future' })).toEqual({ status: 200 });
		expect(stepMap(doc, 'future')).toBeUndefined();
		expect(readAgenda(doc).map((entry) => entry.id)).toEqual(['poll']);
	});
});
