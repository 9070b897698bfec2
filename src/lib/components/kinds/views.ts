import type { Component } from 'svelte';
import type { LiveSession } from '$lib/client/live-session.svelte';
import type { Presence } from '$lib/client/presence';
import type { Act } from '$lib/components/console/types';
import type { StepOf, StepRequestOf } from '$lib/kinds/kind';
import type { Perspective, Step, StepKind } from '$lib/model/types';

/** What the console gives a kind's editor besides its step. */
export interface ConsoleContext {
	live: LiveSession;
	/** The facilitators' own document (names, counts hidden from the room, hidden texts). */
	own: LiveSession | undefined;
	/** Every step of the agenda, as the room has them. */
	steps: Step[];
	presence: Presence | undefined;
	/** The smallest group a result shows (1 with open voting): see model/anonymity.ts. */
	threshold: number;
	act: Act;
	/** A step with the facilitators' own view on top (KindModel.forFacilitators). */
	withOwn: (step: Step) => Step;
}

/** What a phone gives a kind's view besides its step. */
export interface PhoneContext {
	sessionId: string;
	token: string;
	perspectives: Perspective[];
	threshold: number;
	/** The name this participant gave, if any. */
	myName: string;
	/** This phone's ballot in the step's current round, as the server holds it. */
	mine: unknown;
	/** Keeps a ballot the phone just sent, so it shows without asking the server again. */
	remember: (ballot: unknown) => void;
}

/** What the projector gives a kind's view besides its step. */
export interface ScreenContext {
	live: LiveSession;
	perspectives: Perspective[];
	present: number;
	threshold: number;
}

/** A way the console's agenda offers to add a step of a kind. */
export interface AddOption<K extends StepKind> {
	label: () => string;
	request?: Omit<Partial<StepRequestOf<K>>, 'id' | 'kind' | 'title'>;
}

/*
 * A kind's views, one registry per page that shows them (phone.ts, screen.ts, console.ts) and
 * one for the words two of them share (words.ts). A page imports only its own registry, so a
 * phone never downloads an editor, a projector view or the console's words: a bundler keeps
 * every component a registry names, used or not.
 */

/** A kind's view on a phone, given its step and what the phone knows. */
export type PhoneView<K extends StepKind> = Component<{ step: StepOf<K>; context: PhoneContext }>;

/** A kind's view on the projector, and its countdown. */
export interface ScreenViews<K extends StepKind> {
	Screen: Component<{ step: StepOf<K>; context: ScreenContext }>;
	/** When an open round closes by itself (ms since epoch), for the projector's countdown. */
	endsAt?: (step: StepOf<K>) => number;
}

/** A kind's editor in the console, and how the agenda offers to add one. */
export interface ConsoleViews<K extends StepKind> {
	Editor: Component<{ step: StepOf<K>; context: ConsoleContext }>;
	/** The console gives the editor the whole width (a board of columns). */
	wide?: boolean;
	/** How the agenda offers to add one, given the steps there are (none: not now). */
	adds: (steps: Step[]) => AddOption<K>[];
}

/** The words the console's agenda and the projector's bar use for a kind. */
export interface KindWords<K extends StepKind> {
	/** The kind's name ("Stemming"). */
	label: () => string;
	/** A short state to show after the title ("Open"), if the kind has one. */
	state?: (step: StepOf<K>) => string;
}
