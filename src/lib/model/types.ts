import type { AgendaEntryOf } from '../kinds/kind.ts';
import type { StepKinds } from '../kinds/registry-types.ts';
import type { Privacy } from './anonymity.ts';

/** Languages the board speaks; content of a session is in one of them, the UI in either. */
export type Locale = 'nl' | 'en';

/** A text given in every supported language, as templates carry their content. */
export type Localized = Record<Locale, string>;

export interface TemplatePerspective {
	id: string;
	label: Localized;
}

export interface TemplateOption {
	id: string;
	title: Localized;
	description: Localized;
}

export interface TemplateParadox {
	id: string;
	title: Localized;
	description: Localized;
}

export interface TemplateIntensity {
	level: 1 | 2 | 3 | 4;
	label: Localized;
}

export interface TemplateRegion {
	id: string;
	label: Localized;
}

/** A named list of options a poll can start from. */
export interface TemplateOptionSet {
	id: string;
	name: Localized;
	question: Localized;
	nowQuestion: Localized;
	desiredQuestion: Localized;
	options: TemplateOption[];
}

/**
 * A step of the agenda a template starts a session with; a title left out is the template's
 * default for that kind (a poll's is its option set's name).
 */
export type TemplateAgendaStep = { [K in StepKind]: AgendaEntryOf<K> }[StepKind];

/** The content a session starts from: options, clusters, roles and year-plan scales. */
export interface SessionTemplate {
	id: string;
	name: Localized;
	/** The network the template's sessions are for, as the report's title block names it. */
	network: Localized;
	perspectives: TemplatePerspective[];
	/** The positioning options (the default option set). */
	options: TemplateOption[];
	/** Option sets for polls; the first is the default. */
	optionSets: TemplateOptionSet[];
	/**
	 * The option set whose polls vote on the positioning: only such a poll heads a year plan
	 * unless the facilitator names another (model/outcome.ts).
	 */
	positioningSet: string;
	/** The agenda a new session starts with, for the facilitator to change; empty: none. */
	agenda: TemplateAgendaStep[];
	paradoxes: TemplateParadox[];
	intensities: TemplateIntensity[];
	/** The regions that take part in the network; a plan item may leave one out. */
	regions: TemplateRegion[];
	/** Default texts for new steps. */
	defaults: {
		pollTitle: Localized;
		consentTitle: Localized;
		proposal: Localized;
		dilemmasTitle: Localized;
		dilemmasPrompt: Localized;
		unsortedTitle: Localized;
		planTitle: Localized;
	};
}

/** A perspective as it lives in a session: already in the session's language. */
export interface Perspective {
	id: string;
	label: string;
}

export interface PositioningOption {
	id: string;
	title: string;
	description: string;
}

export interface Paradox {
	id: string;
	title: string;
	description: string;
}

export interface Intensity {
	level: number;
	label: string;
}

export interface Participant {
	id: string;
	/** Empty when the participant stays anonymous. */
	name: string;
	/** Empty until the participant picks one. */
	perspective: string;
	joinedAt: number;
}

export interface SessionMeta {
	schema: number;
	title: string;
	locale: Locale;
	template: string;
	joinCode: string;
	createdAt: number;
}

/** The whole session as plain data; the facilitator's snapshot endpoint returns this. */
export interface SessionSnapshot extends SessionMeta {
	id: string;
	/** The step every screen shows, or '' for the lobby. */
	currentStep: string;
	steps: Step[];
	perspectives: Perspective[];
	options: PositioningOption[];
	paradoxes: Paradox[];
	intensities: Intensity[];
	participants: Participant[];
	counts: PerspectiveCounts;
	/** How results protect who voted what (model/anonymity.ts). */
	privacy: Privacy;
	/** Where this session continues from, in a series of sessions. */
	previous?: PreviousSession;
}

/** Participants per perspective; `unassigned` holds those who have not picked one yet. */
export interface PerspectiveCounts {
	total: number;
	byPerspective: Record<string, number>;
	unassigned: number;
}

/** How a poll is answered. */
export type PollMode = 'single' | 'points' | 'nowDesired';

/** Whether results show while voting, or only once the facilitator reveals them. */
export type ResultsVisibility = 'live' | 'hidden';

export type PollStatus = 'draft' | 'open' | 'closed';

/** The kinds of step, from their registry (kinds/registry-types.ts). */
export type StepKind = keyof StepKinds;

export interface PollOption {
	id: string;
	title: string;
	description: string;
}

/** Per option: votes (single, now/desired) or points (points mode). */
export type OptionTotals = Record<string, number>;

export interface TallyPart {
	voters: number;
	totals?: OptionTotals;
	now?: OptionTotals;
	desired?: OptionTotals;
}

/** Groups too small to show on their own, counted together; '' stands for "no perspective". */
export interface MergedPart extends TallyPart {
	perspectives: string[];
}

/**
 * A poll's results as published (see docs/architecture.md, "Anonymity"). `voters` is how many
 * have voted now. The counts are those of the last release: absent while results are hidden,
 * or while fewer voted than the session's smallest group; the breakdown (`byPerspective`, and
 * `merged` for the small groups) only once the poll is closed, and only for groups at least
 * that large.
 */
export interface PollTally extends TallyPart {
	byPerspective?: Record<string, TallyPart>;
	merged?: MergedPart;
	/** Read from documents of older versions only; no longer written. */
	changes?: number;
}

export type ConsentAnswer = 'consent' | 'concern' | 'objection';

export type ConsentCounts = Record<ConsentAnswer, number>;

/**
 * A consent round's results as published: `voters` now; `counts` as of the last release (all 0
 * until then, and while fewer answered than the smallest group); the breakdown per perspective
 * once the round is closed, for groups large enough, the small ones in `merged`.
 */
export interface ConsentTally {
	voters: number;
	counts: ConsentCounts;
	byPerspective: Record<string, ConsentCounts>;
	merged?: { perspectives: string[]; counts: ConsentCounts };
}

export interface ConsentReason {
	answer: 'concern' | 'objection';
	text: string;
}

export interface ConsentRound {
	number: number;
	/** The proposal as it was when the round opened. */
	proposal: string;
	status: 'open' | 'closed';
	tally: ConsentTally;
	/** Anonymous: sorted, never linked to a participant. */
	reasons: ConsentReason[];
}

interface StepBase {
	id: string;
	title: string;
}

export interface PollStep extends StepBase {
	kind: 'poll';
	/**
	 * The template option set the poll was made from (it keeps it when its options are edited);
	 * '' for a poll of an older version, which did not record it.
	 */
	optionSet: string;
	/** The question of a single-choice or points poll. */
	question: string;
	/** The two questions of a now-vs-desired poll. */
	nowQuestion: string;
	desiredQuestion: string;
	options: PollOption[];
	mode: PollMode;
	/** Points to divide in points mode. */
	budget: number;
	visibility: ResultsVisibility;
	status: PollStatus;
	revealed: boolean;
	/** Bumped by a reset: ballots of earlier rounds no longer count. */
	round: number;
	/** When an open poll closes by itself (ms since epoch), or 0 without a timer. */
	endsAt: number;
	tally: PollTally;
}

export interface ConsentStep extends StepBase {
	kind: 'consent';
	proposal: string;
	rounds: ConsentRound[];
}

export type Step = { [K in StepKind]: StepKinds[K]['step'] }[StepKind];

/** What a participant sent for a poll. */
export type PollBallot =
	{ choice: string } | { points: Record<string, number> } | { now: string; desired: string };

export interface ConsentBallot {
	answer: ConsentAnswer;
	reason: string;
}

export const UNSORTED = 'unsorted';

export interface Cluster {
	id: string;
	title: string;
	description: string;
}

export interface DilemmaCard {
	id: string;
	text: string;
	/** "Enerzijds …" and "anderzijds …": the two goods in tension (optional). */
	poleA: string;
	poleB: string;
	/** Empty unless the author chose to show their name. */
	author: string;
	hidden: boolean;
	cluster: string;
	/** Fractional order key within its cluster. */
	order: string;
	/** The card this one is stacked on as a duplicate, or ''. */
	stackedOn: string;
	createdAt: number;
}

export interface DotSettings {
	status: PollStatus;
	/** Dots each participant may place. */
	perParticipant: number;
	/** Dots one participant may place on one card. */
	perCard: number;
	visibility: ResultsVisibility;
	revealed: boolean;
	round: number;
}

/** Dots per card as published; while hidden only `voters`. */
export interface DotTally {
	voters: number;
	byCard?: Record<string, number>;
	/** While hidden: how often dots changed, so the console knows to fetch the counts again. */
	changes?: number;
}

export interface DilemmaStep extends StepBase {
	kind: 'dilemmas';
	prompt: string;
	postingLocked: boolean;
	/** Whether participants may sort cards from their phones. */
	participantsMayMove: boolean;
	clusters: Cluster[];
	cards: DilemmaCard[];
	dots: DotSettings;
	dotTally: DotTally;
}

/** A participant's dots: how many on which card. */
export type DotBallot = Record<string, number>;

export interface Region {
	id: string;
	label: string;
}

/** Scales at which an item is organised. */
export const PLAN_SCALES = ['gemeente', 'regio', 'bovenregionaal'] as const;
export type PlanScale = (typeof PLAN_SCALES)[number];

/** Where an item stands in the plan-do-check-act cycle. */
export const PLAN_STATUSES = ['plan', 'do', 'check', 'act'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const QUARTERS = ['q1', 'q2', 'q3', 'q4'] as const;
export type Quarter = (typeof QUARTERS)[number];

/** The free-text fields of a plan item: each a shared text that facilitators co-edit. */
export const PLAN_TEXT_FIELDS = [
	'theme',
	'goal',
	'result',
	'approach',
	'coreTeam',
	'owner',
	'ambassador',
	'decisionMoment',
	'communication'
] as const;
export type PlanTextField = (typeof PLAN_TEXT_FIELDS)[number];

/** The dilemmas an item was made from: ids to link back, texts as they read then. */
export interface PlanSource {
	stepId: string;
	clusterId: string;
	/** The cluster's (paradox's) title when the item was made. */
	cluster: string;
	cardIds: string[];
	dilemmas: string[];
	/**
	 * Dots the source had when the item was made; absent while the board's dots were hidden
	 * (they are filled in when the facilitator reveals them).
	 */
	dots?: number;
}

export interface PlanItem extends Record<PlanTextField, string> {
	id: string;
	/** Samenwerkingsintensiteit 1 to 4, or 0 while not chosen. */
	intensity: number;
	scale: PlanScale | '';
	quarters: Quarter[];
	/** Regions that opted out of this item; every other region takes part. */
	optedOut: string[];
	status: PlanStatus;
	source?: PlanSource;
	createdAt: number;
}

export interface PlanStep extends StepBase {
	kind: 'plan';
	year: number;
	/**
	 * The poll and consent step the facilitator picked to head the plan; '' leaves the choice to
	 * the default (model/outcome.ts: a passed proposal, else the latest positioning poll).
	 */
	pollId: string;
	consentId: string;
	regions: Region[];
	items: PlanItem[];
}

/** A poll's result as it heads a plan or an export. */
export interface PollOutcome {
	stepId: string;
	title: string;
	question: string;
	mode: PollMode;
	options: PollOption[];
	tally: PollTally;
	/** Options with the most votes or points (desired, in a now-vs-desired poll); ties share. */
	leading: string[];
}

export interface ConsentOutcome {
	stepId: string;
	title: string;
	round: number;
	proposal: string;
	status: 'open' | 'closed';
	counts: ConsentCounts;
	/** Consent given: closed, no objection. */
	consented: boolean;
}

export interface PositioningOutcome {
	poll: PollOutcome | undefined;
	consent: ConsentOutcome | undefined;
	/**
	 * Which of the two heads the plan: the consent step's passed proposal, or the poll's leading
	 * options. Absent while neither can (nothing passed, no counts shown).
	 */
	lead?: 'poll' | 'consent';
}

/** The positioning a plan is headed by, with where it came from (`headlineOf`). */
export type PositioningHeadline =
	| { source: 'consent'; stepId: string; title: string; round: number; text: string }
	| { source: 'poll'; stepId: string; title: string; options: string[] };

/** The session a series continues from, with its outcome frozen as it was. */
export interface PreviousSession {
	id: string;
	title: string;
	createdAt: number;
	outcome: PositioningOutcome;
}
