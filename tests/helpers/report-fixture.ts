import * as Y from 'yjs';
import { addCard, moveCard, stackCard } from '../../src/lib/kinds/dilemmas/model.ts';
import { addPlanItem, planItemText, updatePlanItem } from '../../src/lib/kinds/plan/model.ts';
import { addParticipant, initSessionDoc, readSnapshot } from '../../src/lib/model/session-doc.ts';
import { addStep } from '../../src/lib/model/steps.ts';
import { newPoll, setPollTally } from '../../src/lib/kinds/poll/model.ts';
import {
	closeConsentRound,
	openConsentRound,
	setConsentRound
} from '../../src/lib/kinds/consent/model.ts';
import { tallyConsent, tallyPoll } from '../../src/lib/model/tally.ts';
import { bornTemplate } from '../../src/lib/model/templates.ts';
import type { DilemmaStep, SessionSnapshot } from '../../src/lib/model/types.ts';

/** A fixed moment: 20 November 2026, 10:00 in Amsterdam. */
export const FIXTURE_TIME = Date.UTC(2026, 10, 20, 9);

/**
 * A whole session as the facilitator's snapshot shows it, built through the model: four people
 * (one named), a positioning poll, two consent rounds, a sorted board with dots, and a plan with
 * two items. Texts include the characters exports must keep as text.
 */
export function reportFixture(): SessionSnapshot {
	const doc = new Y.Doc();
	initSessionDoc(doc, bornTemplate, {
		title: 'Leersessie 2: koers | keuzes',
		locale: 'nl',
		joinCode: 'ABC234',
		createdAt: FIXTURE_TIME
	});
	// Who joined is in the facilitators' own document; the shared one holds only how many.
	const privateDoc = new Y.Doc();
	const people = [
		['p1', 'Anna de Vries', 'wethouder'],
		['p2', 'Bram Jansen', 'wethouder'],
		['p3', '', 'aanbieder'],
		['p4', '', '']
	] as const;
	for (const [id, name, perspective] of people) {
		addParticipant(privateDoc, { id, name, perspective, joinedAt: FIXTURE_TIME });
	}

	const poll = newPoll(bornTemplate, 'nl', 'poll');
	addStep(doc, { ...poll, status: 'closed' });
	const votes = [
		['wethouder', 'leernetwerk'],
		['wethouder', 'facilitator'],
		['aanbieder', 'leernetwerk']
	] as const;
	setPollTally(
		doc,
		'poll',
		tallyPoll(
			'single',
			poll.options,
			votes.map(([perspective, choice]) => ({ perspective, ballot: { choice } }))
		)
	);

	addStep(doc, { id: 'consent', kind: 'consent', title: 'Consentronde', proposal: 'Voorstel A' });
	// Round 1: an objection from the provider; round 2: a concern instead, so it passes.
	const rounds = [
		['objection', 'Te weinig mandaat; *eerst* de regio’s horen.'],
		['concern', 'Let op de uitvoering.']
	] as const;
	rounds.forEach(([answer, text], i) => {
		openConsentRound(doc, 'consent', tallyConsent([]));
		setConsentRound(
			doc,
			'consent',
			i + 1,
			tallyConsent([
				{ perspective: 'wethouder', ballot: { answer: 'consent', reason: '' } },
				{ perspective: 'aanbieder', ballot: { answer, reason: '' } }
			]),
			[{ answer, text }]
		);
		closeConsentRound(doc, 'consent');
	});

	const board = addStep(doc, {
		id: 'board',
		kind: 'dilemmas',
		title: 'Dilemma’s',
		template: bornTemplate,
		locale: 'nl'
	});
	const cards = [
		['c1', 'Sturen op resultaat, of ruimte voor regio’s?', 'Sturen', 'Ruimte', 'Anna de Vries'],
		['c2', '<b>Snel</b> besluiten; of iedereen meenemen?', '', '', ''],
		['c3', 'Sturen of ruimte (dubbel)', '', '', ''],
		['c4', 'Koploper blijven met minder geld?', '', '', '']
	] as const;
	for (const [id, text, poleA, poleB, author] of cards) {
		addCard(board, { id, text, poleA, poleB, author, createdAt: FIXTURE_TIME });
	}
	moveCard(board, 'c1', 'besturingsparadox');
	moveCard(board, 'c2', 'besturingsparadox');
	moveCard(board, 'c4', 'koploperparadox');
	stackCard(board, 'c3', 'c1');

	const plan = addStep(doc, {
		id: 'plan',
		kind: 'plan',
		title: 'Jaarplan',
		year: 2027,
		regions: bornTemplate.regions.map((r) => ({ id: r.id, label: r.label.nl }))
	});
	addPlanItem(plan, {
		id: 'i1',
		createdAt: FIXTURE_TIME,
		theme: 'Sturen op resultaat',
		source: {
			stepId: 'board',
			clusterId: 'besturingsparadox',
			cluster: 'Besturingsparadox',
			cardIds: ['c1', 'c3'],
			dilemmas: ['Sturen op resultaat, of ruimte voor regio’s?', 'Sturen of ruimte (dubbel)'],
			dots: 5
		}
	});
	planItemText(plan, 'i1', 'goal')!.insert(
		0,
		'Eén dashboard; = gedeelde cijfers\nvoor de stuurgroep'
	);
	planItemText(plan, 'i1', 'owner')!.insert(0, 'Regio Alkmaar');
	updatePlanItem(plan, 'i1', {
		intensity: 2,
		scale: 'bovenregionaal',
		status: 'do',
		quarters: { q1: true, q2: true },
		regions: { ijmond: false }
	});
	addPlanItem(plan, { id: 'i2', createdAt: FIXTURE_TIME, theme: 'Koploper blijven' });
	updatePlanItem(plan, 'i2', { quarters: { q4: true } });

	const snapshot = readSnapshot(doc, 'session-1', privateDoc);
	// Dots as the facilitator sees them (the doc may hold only the voter count).
	const dots: Record<string, number> = { c1: 3, c2: 1, c3: 2, c4: 4 };
	return {
		...snapshot,
		steps: snapshot.steps.map((step) =>
			step.kind === 'dilemmas'
				? ({ ...step, dotTally: { voters: 3, byCard: dots } } as DilemmaStep)
				: step
		)
	};
}
