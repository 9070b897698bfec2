import type { Step, StepKind } from '../model/types.ts';
import type { Block } from '../report/blocks.ts';
import type { ReportContext } from '../report/context.ts';
import { consentReport } from './consent/report.ts';
import { dilemmasReport } from './dilemmas/report.ts';
import type { KindReport } from './kind.ts';
import { planReport } from './plan/report.ts';
import { pollReport } from './poll/report.ts';
import { questionReport } from './question/report.ts';
import { rankingReport } from './ranking/report.ts';
import { scaleReport } from './scale/report.ts';

/**
 * Every kind's section of the report (see KindReport in kind.ts). The compiler refuses a kind
 * without an entry. Apart from `kindModels`, which every page that reads a step imports: a phone
 * has no use for the report's words and tables.
 */
export const kindReports = {
	poll: pollReport,
	consent: consentReport,
	scale: scaleReport,
	dilemmas: dilemmasReport,
	question: questionReport,
	ranking: rankingReport,
	plan: planReport
} satisfies { [K in StepKind]: KindReport<K> };

/** A kind's section of the report, from the session's steps of that kind. */
export const reportOf = (kind: StepKind, steps: readonly Step[], context: ReportContext): Block[] =>
	(kindReports[kind] as (steps: Step[], context: ReportContext) => Block[])(
		steps.filter((step) => step.kind === kind),
		context
	);
