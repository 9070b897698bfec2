import type { APIRequestContext } from '@playwright/test';
import { phonesByApi, sessionByApi, type ApiPhone } from './api';
import { DILEMMAS, NAMES, PERSPECTIVES, REASONS } from '../helpers/realistic-content';

/**
 * A session the size of a real room, made through the API as the console and the phones make
 * it: seven perspectives, a poll with six options, a now-vs-desired poll, a consent round with
 * twenty reasons, a board of five clusters with twelve cards each (poles, names) and dots, and a
 * plan of twelve items. For the screens that must hold all of it.
 */

export interface RealisticSession {
	session: Awaited<ReturnType<typeof sessionByApi>>['session'];
	steps: {
		poll: string;
		nowDesired: string;
		consent: string;
		board: string;
		ranking: string;
		plan: string;
	};
	/** Shows a step on every screen ('' = the lobby). */
	show: (stepId: string) => Promise<void>;
}

export async function realisticSession(
	request: APIRequestContext,
	title = 'Leersessie 3: de koers van BORN'
): Promise<RealisticSession> {
	const { session, facilitator } = await sessionByApi(request, title);
	const join = phonesByApi(new URL(session.links.join).origin, session.joinCode);
	// Twenty-one people, three per perspective, every third one named.
	const phones: ApiPhone[] = [];
	for (let i = 0; i < 21; i++) {
		const perspective = PERSPECTIVES[i % PERSPECTIVES.length]!;
		phones.push(
			await join(i % 3 === 0 ? { perspective, name: NAMES[i % NAMES.length]! } : { perspective })
		);
	}

	// A positioning poll with six options, closed, so its breakdown shows.
	await facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
	await facilitator({
		type: 'step.update',
		stepId: 'poll',
		options: [
			['ontmoetingsplaats', 'Ontmoetingsplaats'],
			['leernetwerk', 'Leernetwerk'],
			['facilitator', 'Facilitator'],
			['bestuurlijk-hart', 'Bestuurlijk hart'],
			['kenniscentrum', 'Kenniscentrum'],
			['opdrachtgever', 'Gezamenlijk opdrachtgever']
		].map(([id, optionTitle]) => ({ id, title: optionTitle, description: '' }))
	});
	await facilitator({ type: 'poll.open', stepId: 'poll' });
	const choices = [
		'leernetwerk',
		'facilitator',
		'bestuurlijk-hart',
		'leernetwerk',
		'ontmoetingsplaats',
		'kenniscentrum',
		'opdrachtgever'
	];
	for (const [i, phone] of phones.entries()) {
		await phone.send({
			type: 'vote.cast',
			stepId: 'poll',
			choice: choices[(i * 3) % choices.length]
		});
	}
	await facilitator({ type: 'poll.close', stepId: 'poll' });
	await facilitator({ type: 'poll.reveal', stepId: 'poll' });

	// Now against desired, closed.
	await facilitator({ type: 'step.add', kind: 'poll' }, 'now-desired');
	await facilitator({ type: 'step.update', stepId: 'now-desired', mode: 'nowDesired' });
	await facilitator({ type: 'poll.open', stepId: 'now-desired' });
	const four = ['ontmoetingsplaats', 'leernetwerk', 'facilitator', 'bestuurlijk-hart'];
	for (const [i, phone] of phones.entries()) {
		await phone.send({
			type: 'vote.cast',
			stepId: 'now-desired',
			now: four[i % 2],
			desired: four[(i % 3) + 1]
		});
	}
	await facilitator({ type: 'poll.close', stepId: 'now-desired' });
	await facilitator({ type: 'poll.reveal', stepId: 'now-desired' });

	// A consent round with twenty reasons, closed.
	await facilitator({ type: 'step.add', kind: 'consent' }, 'consent');
	await facilitator({ type: 'consent.open', stepId: 'consent' });
	for (const [i, phone] of phones.entries()) {
		const answer = i === 20 ? 'consent' : i % 4 === 0 ? 'objection' : 'concern';
		await phone.send({
			type: 'consent.respond',
			stepId: 'consent',
			answer,
			...(answer === 'consent' ? {} : { reason: `${REASONS[i % REASONS.length]} (${i + 1})` })
		});
	}
	await facilitator({ type: 'consent.close', stepId: 'consent' });

	// Two boards: one being sorted, one ranked by dots. Five clusters of twelve cards each.
	const board = async (stepId: string): Promise<string[]> => {
		await facilitator({ type: 'step.add', kind: 'dilemmas' }, stepId);
		await facilitator(
			{ type: 'cluster.add', stepId, title: 'Samenwerking met het onderwijs' },
			`${stepId}-cluster`
		);
		const cards: string[] = [];
		for (let n = 0; n < 60; n++) {
			const [text, poleA, poleB] = DILEMMAS[n % DILEMMAS.length]!;
			const id = `${stepId}-card-${n}`;
			await phones[n % phones.length]!.send({
				id,
				type: 'dilemma.post',
				stepId,
				text: n < DILEMMAS.length ? text : `${text} (${n + 1})`,
				poleA,
				poleB,
				showName: true
			});
			cards.push(id);
		}
		return cards;
	};
	for (const stepId of ['board', 'ranking']) {
		const cards = await board(stepId);
		// The template's four paradoxes and the cluster added above; the pile stays empty.
		const clusters = [
			'besturingsparadox',
			'koploperparadox',
			'complexiteitsparadox',
			'meerwaardecyclus',
			`${stepId}-cluster`
		];
		for (const [n, cardId] of cards.entries()) {
			await facilitator({
				type: 'card.move',
				stepId,
				cardId,
				clusterId: clusters[Math.floor(n / 12)]
			});
		}
	}
	await facilitator({
		type: 'dots.open',
		stepId: 'ranking',
		perParticipant: 5,
		visibility: 'live'
	});
	for (const [i, phone] of phones.entries()) {
		for (let d = 0; d < 5; d++) {
			await phone.send({
				type: 'dots.place',
				stepId: 'ranking',
				cardId: `ranking-card-${(i * 7 + d * 11) % 60}`
			});
		}
	}
	await facilitator({ type: 'dots.close', stepId: 'ranking' });

	// A plan of twelve items from the ranked cards.
	await facilitator({ type: 'step.add', kind: 'plan' }, 'plan');
	for (let n = 0; n < 12; n++) {
		const itemId = `item-${n}`;
		await facilitator(
			{
				type: 'item.add',
				stepId: 'plan',
				source: { stepId: 'ranking', cardId: `ranking-card-${n * 5}` }
			},
			itemId
		);
		await facilitator({
			type: 'item.update',
			stepId: 'plan',
			itemId,
			intensity: n % 5,
			status: (['plan', 'do', 'check', 'act'] as const)[n % 4],
			quarters: { q1: n % 3 === 0, q2: n % 2 === 0, q3: n % 3 !== 0, q4: n % 4 === 0 }
		});
	}

	return {
		session,
		steps: {
			poll: 'poll',
			nowDesired: 'now-desired',
			consent: 'consent',
			board: 'board',
			ranking: 'ranking',
			plan: 'plan'
		},
		show: (stepId) => facilitator({ type: 'step.activate', stepId })
	};
}
