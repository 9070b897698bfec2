import type * as Y from 'yjs';
import type { Locale, Localized, SessionTemplate, StepKind } from '../model/types.ts';
import type { Block } from '../report/blocks.ts';
import type { ReportContext } from '../report/context.ts';
import type { StepKinds } from './registry-types.ts';

export type StepOf<K extends StepKind> = StepKinds[K]['step'];
export type NewStepOf<K extends StepKind> = StepKinds[K]['create'];

/** A step asked for by `step.add` or by a template's agenda: an id, a title or the default. */
export type StepRequestOf<K extends StepKind> = { id: string; kind: K; title?: string } & Partial<
	StepKinds[K]['request']
>;

/** A template agenda's entry for a kind: its title, if not the default, and its own fields. */
export type AgendaEntryOf<K extends StepKind> = {
	kind: K;
	title?: Localized;
} & StepKinds[K]['agenda'];

/** What a new step is filled in from: the session's template and language, and the time. */
export interface NewStepContext {
	template: SessionTemplate;
	locale: Locale;
	now: number;
}

/**
 * The shared part of a step kind, used alike by the server, the browser and the exports: how its
 * step lies in the shared document and reads from it, how a new one starts and which of its
 * rounds takes ballots. Its section of the report is apart (KindReport), as every page that reads
 * a step would otherwise download it. The server's part is in server/kinds/, the views in
 * components/kinds/.
 */
export interface KindModel<K extends StepKind> {
	readonly kind: K;
	/**
	 * The step as plain data. Fields that are missing or odd read as a new step has them: a
	 * stored document may come from an older version or a hostile facilitator. Never throws.
	 */
	read(map: Y.Map<unknown>, id: string): StepOf<K>;
	/** A new step's fields, filled in from the template in the session's language. */
	create(request: StepRequestOf<K>, context: NewStepContext): NewStepOf<K>;
	/** Fills a new step's map, already in the document (shared types can only be filled there). */
	init(map: Y.Map<unknown>, step: NewStepOf<K>): void;
	/** A template agenda's entry as a request, its texts in the session's language. */
	fromAgenda(entry: AgendaEntryOf<K>, locale: Locale, id: string): StepRequestOf<K>;
	/**
	 * The counted round ballots go to now (a poll's round, a consent step's last round), or
	 * undefined for a kind that takes no ballots (or has not started a round).
	 */
	round(step: StepOf<K>): number | undefined;
	/** Whether that round takes ballots now. */
	collecting(step: StepOf<K>): boolean;
	/** Whether anyone answered in any round of the step (the anonymity setting is then fixed). */
	answered(step: StepOf<K>): boolean;
	/**
	 * The step as facilitators see it: what their own document holds put back (counts released
	 * while hidden from the room, texts of hidden cards). `privateDoc` is that document.
	 */
	forFacilitators(step: StepOf<K>, privateDoc: Y.Doc, doc: Y.Doc): StepOf<K>;
	/**
	 * A dilemma card's text changed (edited, hidden, restored, its author erased): the copies of
	 * it this step holds follow, so no word of a hidden or erased card stays in the shared
	 * document. Only kinds that copy cards have it.
	 */
	followCard?(map: Y.Map<unknown>, cardId: string, oldText: string, newText: string): void;
}

/**
 * A kind's section of the report (report/build.ts) for all its steps in the session, in agenda
 * order: its level-2 heading first (the report makes it "Bijlage B: …", as every kind but the
 * plan is an appendix), then its blocks; or nothing when there is nothing to report. Kept in the
 * kind's report.ts and listed in kinds/reports.ts, apart from the KindModel: only the exports,
 * the print page and the results page need it.
 */
export type KindReport<K extends StepKind> = (
	steps: StepOf<K>[],
	context: ReportContext
) => Block[];
