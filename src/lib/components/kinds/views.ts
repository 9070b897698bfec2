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

/**
 * The views of a step kind: its console editor, its phone view (none: the phone waits) and its
 * projector view, each given its step and a context, plus the words the agenda and the
 * projector's bar use for it.
 */
export interface KindViews<K extends StepKind> {
	Editor: Component<{ step: StepOf<K>; context: ConsoleContext }>;
	Phone?: Component<{ step: StepOf<K>; context: PhoneContext }>;
	Screen: Component<{ step: StepOf<K>; context: ScreenContext }>;
	/** The kind's name ("Stemming"). */
	label: () => string;
	/** A short state to show after the title ("Open"), if the kind has one. */
	state?: (step: StepOf<K>) => string;
	/** When an open round closes by itself (ms since epoch), for the projector's countdown. */
	endsAt?: (step: StepOf<K>) => number;
	/** The console gives the editor the whole width (a board of columns). */
	wide?: boolean;
	/** How the agenda offers to add one, given the steps there are (none: not now). */
	adds: (steps: Step[]) => AddOption<K>[];
}
