import type { Localized, PollStatus } from '../../model/types.ts';

/** How the projector shows the answers: counted words, or the answers themselves. */
export type QuestionDisplay = 'cloud' | 'wall';

export const QUESTION_DISPLAYS: readonly QuestionDisplay[] = ['cloud', 'wall'];

/** One short answer. Its id is random, made by the server: it says nothing of who wrote it. */
export interface QuestionAnswer {
	id: string;
	text: string;
}

/**
 * Where a released answer stands for the facilitators: waiting for approval (a moderated
 * question), on every screen, or hidden by a facilitator.
 */
export type AnswerState = 'pending' | 'shown' | 'hidden';

export interface ReviewedAnswer extends QuestionAnswer {
	state: AnswerState;
}

/**
 * An open question: short free-text answers, several per person, shown as a word cloud or a
 * wall of answers. The shared document holds only what the room may see (see
 * docs/architecture.md, "Anonymity"): how many answered, and the released answers that are
 * approved (when moderated) and not hidden, sorted by text, never with an author.
 */
export interface QuestionStep {
	id: string;
	kind: 'question';
	title: string;
	/** The question itself, as the projector and the phones ask it. */
	prompt: string;
	/** How many answers one person may give. */
	maxAnswers: number;
	/** Answers reach the screens only once a facilitator approved them. */
	moderated: boolean;
	display: QuestionDisplay;
	status: PollStatus;
	/** The counted round answers go to (ballots of another round do not count). */
	round: number;
	/** How many people have at least one answer now. */
	voters: number;
	/** The answers every screen shows, sorted by text in code-point order. */
	answers: QuestionAnswer[];
	/**
	 * Facilitators only (from their own document, `KindModel.forFacilitators`): every released
	 * answer with where it stands, sorted as `answers`. Absent in the shared document's reading.
	 */
	review?: ReviewedAnswer[];
}

/** A new question's fields. */
export type NewQuestion = Omit<QuestionStep, 'voters' | 'answers' | 'review'>;

/** What one participant answered: the ballot the server keeps (never in a document). */
export interface QuestionBallot {
	answers: QuestionAnswer[];
}

/** What a template's agenda may say of a question besides its title. */
export interface QuestionAgendaEntry {
	prompt?: Localized;
	display?: QuestionDisplay;
}
