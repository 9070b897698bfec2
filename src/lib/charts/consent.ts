import { answered, CONSENT_ANSWERS, consentPassed } from '../model/tally.ts';
import type { ConsentAnswer, ConsentCounts, ConsentRound, ConsentStep } from '../model/types.ts';
import { m } from '../paraglide/messages.js';
import { breakdownRows, countAndShare, inLocale, sessionLine, withCount } from './common.ts';
import { CONSENT_SWATCHES } from './palette.ts';
import type { ChartContext, ChartSpec } from './types.ts';

const LABELS: Record<ConsentAnswer, (inputs: object, options: { locale: 'nl' | 'en' }) => string> =
	{
		consent: m.answer_consent,
		concern: m.answer_concern,
		objection: m.answer_objection
	};

function outcome(round: ConsentRound, context: ChartContext): string {
	const t = inLocale(context);
	if (round.status === 'open') return m.consent_in_progress({}, t);
	return consentPassed(round.tally) ? m.consent_passed({}, t) : m.consent_not_passed({}, t);
}

/**
 * A consent step's charts: for each round whose answers were released, how many gave consent,
 * a concern or an objection, and once the round's breakdown is released, each perspective's
 * answers. Rounds in agenda order, the first first.
 */
export function consentCharts(step: ConsentStep, context: ChartContext): ChartSpec[] {
	const t = inLocale(context);
	const charts: ChartSpec[] = [];
	for (const round of step.rounds) {
		const { tally } = round;
		const counted = answered(tally.counts);
		if (counted === 0) continue;
		const roundName = m.consent_round({ n: round.number }, t);
		const base = {
			locale: context.locale,
			title: step.title,
			subtitle: outcome(round, context)
		};
		const proposal = round.proposal.trim()
			? [m.chart_proposal({ text: round.proposal.trim() }, t)]
			: [];
		charts.push({
			...base,
			type: 'bars',
			key: `${step.id}-round-${round.number}`,
			name: roundName,
			notes: [...proposal, sessionLine(context)],
			series: [],
			max: counted,
			rows: CONSENT_ANSWERS.map((answer) => ({
				label: LABELS[answer]({}, t),
				swatch: CONSENT_SWATCHES[answer],
				bars: [
					{
						value: tally.counts[answer],
						text: countAndShare(
							m.chart_answers({ count: tally.counts[answer] }, t),
							tally.counts[answer],
							counted,
							context
						)
					}
				]
			}))
		});
		if (Object.keys(tally.byPerspective).length === 0 && !tally.merged) continue;
		const groups = breakdownRows<ConsentCounts>(
			context,
			tally.counts,
			tally.byPerspective,
			tally.merged && { perspectives: tally.merged.perspectives, part: tally.merged.counts }
		);
		charts.push({
			...base,
			type: 'stacked',
			key: `${step.id}-round-${round.number}-perspectives`,
			name: `${roundName} · ${m.results_by_perspective({}, t)}`,
			notes: [
				...proposal,
				...(tally.merged ? [m.results_merged_note({ threshold: context.threshold }, t)] : []),
				sessionLine(context)
			],
			segments: CONSENT_ANSWERS.map((answer) => ({
				label: LABELS[answer]({}, t),
				swatch: CONSENT_SWATCHES[answer]
			})),
			rows: groups.map(({ label, part }) => ({
				label: withCount(label, answered(part)),
				counts: CONSENT_ANSWERS.map((answer) => part[answer])
			}))
		});
	}
	return charts;
}
