import { facilitatorSnapshot } from '../../server/snapshot.ts';
import { planItemText } from '../../src/lib/kinds/plan/model.ts';
import { stepMap } from '../../src/lib/model/step-maps.ts';
import type { SessionSnapshot } from '../../src/lib/model/types.ts';
import { inProcessSession, type Answer } from './in-process.ts';
import { DILEMMAS, NAMES, PERSPECTIVES, REASONS } from './realistic-content.ts';

/**
 * The session of tests/e2e/realistic.ts, made in process through the same intents (real
 * SQLite, the real intent handlers and anonymity rule): seven perspectives with three people
 * each, a positioning poll with six options, a now-vs-desired poll, a consent round with twenty
 * reasons, two boards of sixty cards in five clusters (one ranked by dots) and a plan of twelve
 * items with goals and owners written as a network writes them. For the exports that must lay
 * all of it out on paper.
 */

/** Goals and owners as a secretary types them: long words included ("terugdringen"). */
const GOALS = [
	'Wachttijden voor specialistische jeugdhulp terugdringen met gedeelde regionale cijfers',
	'Eén inkoopkader voor alle negen regio’s, met ruimte voor lokaal maatwerk',
	'Ervaringsdeskundigen structureel betrekken bij besluitvorming in de stuurgroep',
	'Thematrekkers per regio benoemen en een jaarlijkse leerdag organiseren',
	'Dashboard met gezamenlijke kengetallen voor bestuurders en beleidsadviseurs'
];
const OWNERS = [
	'Regio Alkmaar',
	'Thematrekker jeugdbescherming',
	'Stuurgroep',
	'Kernteam Bovenregionale Samenwerking',
	'Regio IJmond'
];

export interface RealisticReport {
	snapshot: SessionSnapshot;
	/** The plan items' texts, as they stand in the plan. */
	planTexts: string[];
}

/** Fails loudly when an intent is refused: a fixture that silently lost half its votes lies. */
function ok(answer: Answer, what: string): void {
	if (answer.status !== 200) throw new Error(`${what}: ${answer.status} ${answer.code ?? ''}`);
}

export function realisticReport(): RealisticReport {
	const core = inProcessSession();
	const facilitator = (body: Record<string, unknown>, id?: string) =>
		ok(core.facilitator(body, id), String(body.type));
	const phones = Array.from({ length: 21 }, (_, i) => {
		const perspective = PERSPECTIVES[i % PERSPECTIVES.length]!;
		return core.join(
			i % 3 === 0 ? { perspective, name: NAMES[i % NAMES.length]! } : { perspective }
		).actor;
	});
	const phone = (i: number, body: Record<string, unknown>, id?: string) =>
		ok(core.send(phones[i % phones.length]!, body, id), String(body.type));

	facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
	facilitator({
		type: 'step.update',
		stepId: 'poll',
		options: [
			['ontmoetingsplaats', 'Ontmoetingsplaats'],
			['leernetwerk', 'Leernetwerk'],
			['facilitator', 'Facilitator'],
			['bestuurlijk-hart', 'Bestuurlijk hart'],
			['kenniscentrum', 'Kenniscentrum'],
			['opdrachtgever', 'Gezamenlijk opdrachtgever']
		].map(([id, title]) => ({ id, title, description: '' }))
	});
	facilitator({ type: 'poll.open', stepId: 'poll' });
	const choices = [
		'leernetwerk',
		'facilitator',
		'bestuurlijk-hart',
		'leernetwerk',
		'ontmoetingsplaats',
		'kenniscentrum',
		'opdrachtgever'
	];
	phones.forEach((_, i) =>
		phone(i, { type: 'vote.cast', stepId: 'poll', choice: choices[(i * 3) % choices.length] })
	);
	facilitator({ type: 'poll.close', stepId: 'poll' });
	facilitator({ type: 'poll.reveal', stepId: 'poll' });

	facilitator({ type: 'step.add', kind: 'poll' }, 'now-desired');
	facilitator({ type: 'step.update', stepId: 'now-desired', mode: 'nowDesired' });
	facilitator({ type: 'poll.open', stepId: 'now-desired' });
	const four = ['ontmoetingsplaats', 'leernetwerk', 'facilitator', 'bestuurlijk-hart'];
	phones.forEach((_, i) =>
		phone(i, {
			type: 'vote.cast',
			stepId: 'now-desired',
			now: four[i % 2],
			desired: four[(i % 3) + 1]
		})
	);
	facilitator({ type: 'poll.close', stepId: 'now-desired' });
	facilitator({ type: 'poll.reveal', stepId: 'now-desired' });

	facilitator({ type: 'step.add', kind: 'consent' }, 'consent');
	facilitator({ type: 'consent.open', stepId: 'consent' });
	phones.forEach((_, i) => {
		const answer = i === 20 ? 'consent' : i % 4 === 0 ? 'objection' : 'concern';
		phone(i, {
			type: 'consent.respond',
			stepId: 'consent',
			answer,
			...(answer === 'consent' ? {} : { reason: `${REASONS[i % REASONS.length]} (${i + 1})` })
		});
	});
	facilitator({ type: 'consent.close', stepId: 'consent' });

	for (const stepId of ['board', 'ranking']) {
		facilitator({ type: 'step.add', kind: 'dilemmas' }, stepId);
		facilitator(
			{ type: 'cluster.add', stepId, title: 'Samenwerking met het onderwijs' },
			`${stepId}-cluster`
		);
		const clusters = [
			'besturingsparadox',
			'koploperparadox',
			'complexiteitsparadox',
			'meerwaardecyclus',
			`${stepId}-cluster`
		];
		for (let n = 0; n < 60; n++) {
			const [text, poleA, poleB] = DILEMMAS[n % DILEMMAS.length]!;
			const cardId = `${stepId}-card-${n}`;
			phone(
				n,
				{
					type: 'dilemma.post',
					stepId,
					text: n < DILEMMAS.length ? text : `${text} (${n + 1})`,
					poleA,
					poleB,
					showName: true
				},
				cardId
			);
			facilitator({ type: 'card.move', stepId, cardId, clusterId: clusters[Math.floor(n / 12)] });
		}
	}
	facilitator({ type: 'dots.open', stepId: 'ranking', perParticipant: 5, visibility: 'live' });
	phones.forEach((_, i) => {
		for (let d = 0; d < 5; d++) {
			phone(i, {
				type: 'dots.place',
				stepId: 'ranking',
				cardId: `ranking-card-${(i * 7 + d * 11) % 60}`
			});
		}
	});
	facilitator({ type: 'dots.close', stepId: 'ranking' });

	facilitator({ type: 'step.add', kind: 'plan' }, 'plan');
	for (let n = 0; n < 12; n++) {
		const itemId = `item-${n}`;
		facilitator(
			{
				type: 'item.add',
				stepId: 'plan',
				source: { stepId: 'ranking', cardId: `ranking-card-${n * 5}` }
			},
			itemId
		);
		facilitator({
			type: 'item.update',
			stepId: 'plan',
			itemId,
			intensity: n % 5,
			status: (['plan', 'do', 'check', 'act'] as const)[n % 4],
			quarters: { q1: n % 3 === 0, q2: n % 2 === 0, q3: n % 3 !== 0, q4: n % 4 === 0 }
		});
		// An item's texts are co-edited in the document, as the console's fields write them.
		const plan = stepMap(core.room().doc, 'plan')!;
		core.room().doc.transact(() => {
			planItemText(plan, itemId, 'goal')!.insert(0, GOALS[n % GOALS.length]!);
			planItemText(plan, itemId, 'owner')!.insert(0, OWNERS[n % OWNERS.length]!);
		});
	}
	core.flush();

	const snapshot = facilitatorSnapshot(core.room());
	const plan = snapshot.steps.find((s) => s.kind === 'plan');
	const planTexts =
		plan?.kind === 'plan' ? plan.items.flatMap((item) => [item.theme, item.goal, item.owner]) : [];
	return { snapshot, planTexts };
}
