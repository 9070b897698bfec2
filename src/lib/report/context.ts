import type { ChartContext } from '../charts/types.ts';
import type { PositioningPolls } from '../model/outcome.ts';
import type { Locale, SessionSnapshot } from '../model/types.ts';

/**
 * What every kind's section of the report is made from, besides its own steps: the session as
 * the facilitators see it and what the report works out from it once.
 */
export interface ReportContext {
	locale: Locale;
	snapshot: SessionSnapshot;
	/** Each perspective's label by id, in the session's order (the tables' column order). */
	perspectiveLabel: ReadonlyMap<string, string>;
	/** The smallest group the session shows counts for (model/anonymity.ts). */
	threshold: number;
	/** How the session tells its positioning polls, from which the plan's headline comes. */
	positioning: PositioningPolls;
	/** What the per-perspective charts beside the tables are drawn with (charts/index.ts). */
	charts: ChartContext;
}
