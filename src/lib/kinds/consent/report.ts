import { answered, consentPassed } from '../../model/tally.ts';
import type { ConsentAnswer, ConsentRound, ConsentStep, Locale } from '../../model/types.ts';
import { m } from '../../paraglide/messages.js';
import type { Block } from '../../report/blocks.ts';
import type { ReportContext } from '../../report/context.ts';
import { chartBlocks } from '../../report/charts.ts';
import { breakdownTable } from '../../report/tables.ts';

const ANSWERS: ConsentAnswer[] = ['consent', 'concern', 'objection'];

function answerLabel(answer: ConsentAnswer, locale: Locale): string {
	const labels = {
		consent: m.answer_consent,
		concern: m.answer_concern,
		objection: m.answer_objection
	};
	return labels[answer]({}, { locale });
}

function consentVerdict(
	round: Pick<ConsentRound, 'status' | 'tally'>,
	locale: Locale,
	threshold: number
): string {
	if (round.status === 'open') return m.report_open({}, { locale });
	// Counts withheld: fewer answered than the smallest group the session shows.
	if (answered(round.tally.counts) === 0 && round.tally.voters > 0) {
		return m.consent_too_few({ threshold }, { locale });
	}
	return consentPassed(round.tally)
		? m.report_consented({}, { locale })
		: m.report_objected({}, { locale });
}

/** Consent rounds: per step that held one, each round's verdict, proposal, answers and reasons. */
export function consentReport(steps: ConsentStep[], context: ReportContext): Block[] {
	const { locale, perspectiveLabel, threshold } = context;
	const t = { locale };
	const consents = steps.filter((step) => step.rounds.length > 0);
	if (consents.length === 0) return [];
	const blocks: Block[] = [{ kind: 'heading', level: 2, text: m.report_consent({}, t) }];
	for (const step of consents) {
		blocks.push({ kind: 'heading', level: 3, text: step.title });
		for (const round of step.rounds) {
			blocks.push(
				{
					kind: 'paragraph',
					strong: true,
					text: `${m.consent_round({ n: round.number }, t)}: ${consentVerdict(round, locale, threshold)}`
				},
				{ kind: 'paragraph', text: m.report_proposal({ text: round.proposal }, t) },
				breakdownTable(
					`${step.title}, ${m.consent_round({ n: round.number }, t)}`,
					m.report_answer({}, t),
					ANSWERS.map((a) => ({ id: a, title: answerLabel(a, locale) })),
					round.tally.counts,
					Object.fromEntries(
						Object.entries(round.tally.byPerspective).map(([p, counts]) => [p, { totals: counts }])
					),
					perspectiveLabel,
					locale,
					'totals',
					round.tally.merged && { totals: round.tally.merged.counts }
				),
				...chartBlocks(step, `round-${round.number}-perspectives`, context)
			);
			if (round.tally.merged) {
				blocks.push({ kind: 'paragraph', text: m.results_merged_note({ threshold }, t) });
			}
			if (round.reasons.length > 0) {
				blocks.push(
					{ kind: 'paragraph', text: m.report_reasons({}, t) },
					{
						kind: 'list',
						items: round.reasons.map((r) => `${answerLabel(r.answer, locale)}: ${r.text}`)
					}
				);
			}
		}
	}
	return blocks;
}
