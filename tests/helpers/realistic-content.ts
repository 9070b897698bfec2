/*
 * What a real room writes: the content of the realistic session, for the screens (tests/e2e/
 * realistic.ts, through the API) and the documents (realistic-report.ts, in process) alike.
 */

export const PERSPECTIVES = [
	'wethouder',
	'ambtenaar',
	'aanbieder',
	'gi',
	'onderwijs',
	'ervaringsdeskundige',
	'anders'
] as const;

export const NAMES = ['Anna', 'Bram', 'Chantal', 'Dirk', 'Esra', 'Fleur', 'Gerrit', 'Hanna', 'Ivo'];

/** Dilemmas as a room writes them: short and long, some with both poles. */
export const DILEMMAS = [
	['Sturen op resultaat of ruimte laten voor de eigen aanpak van elke regio?', 'Sturen', 'Ruimte'],
	['Snel besluiten of alle negen regio’s meenemen?', 'Snelheid', 'Draagvlak'],
	['Investeren in vernieuwing terwijl de budgetten krimpen?', '', ''],
	[
		'Wie neemt het mandaat als een besluit in één regio gevolgen heeft voor aanbieders die in alle regio’s werken?',
		'Eigen regio',
		'Hele netwerk'
	],
	['Koploper blijven kost geld dat we niet hebben.', '', ''],
	['Eén inkoopmodel voor iedereen of maatwerk per gemeente?', 'Eenheid', 'Maatwerk'],
	[
		'Ervaringsdeskundigen aan tafel bij besluiten, ook als dat het proces vertraagt en het gesprek anders maakt?',
		'',
		''
	],
	['Gedeelde cijfers, maar wie is eigenaar van de data?', 'Delen', 'Beschermen'],
	['Onderwijs en jeugdhulp samen plannen of ieder de eigen wettelijke taak?', '', ''],
	['Lange contracten voor zekerheid of korte voor bijsturen?', 'Zekerheid', 'Wendbaarheid']
] as const;

export const REASONS = [
	'Het mandaat van de regio’s is niet duidelijk genoeg beschreven.',
	'Ik mis hoe ervaringsdeskundigen hierin een stem krijgen.',
	'Goed voorstel, maar de planning is krap voor de kleinere gemeenten.',
	'Wie betaalt de extra uren van het kernteam?',
	'Het onderwijs ontbreekt in de uitwerking.',
	'Let op dat aanbieders niet negen verschillende afspraken krijgen.',
	'Prima, mits we na een jaar evalueren.',
	'De rol van de gecertificeerde instellingen blijft vaag.',
	'Zonder gedeelde cijfers kunnen we niet sturen op resultaat.',
	'Ik steun de richting, maar het tempo is te hoog voor mijn raad.'
];
