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

/** The content a session starts from: options, clusters, roles and year-plan scales. */
export interface SessionTemplate {
	id: string;
	name: Localized;
	perspectives: TemplatePerspective[];
	options: TemplateOption[];
	paradoxes: TemplateParadox[];
	intensities: TemplateIntensity[];
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
	perspectives: Perspective[];
	options: PositioningOption[];
	paradoxes: Paradox[];
	intensities: Intensity[];
	participants: Participant[];
	counts: PerspectiveCounts;
}

/** Participants per perspective; `unassigned` holds those who have not picked one yet. */
export interface PerspectiveCounts {
	total: number;
	byPerspective: Record<string, number>;
	unassigned: number;
}
