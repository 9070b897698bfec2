import type { SessionTemplate, TemplateOption } from './types.ts';

const positioningOptions: TemplateOption[] = [
	{
		id: 'ontmoetingsplaats',
		title: { nl: 'Ontmoetingsplaats', en: 'Meeting place' },
		description: {
			nl: 'Bestuurders komen hier samen om elkaar te leren kennen en te delen wat er in hun regio speelt.',
			en: 'Administrators meet here to get to know each other and share what is going on in their region.'
		}
	},
	{
		id: 'leernetwerk',
		title: { nl: 'Leernetwerk', en: 'Learning network' },
		description: {
			nl: 'Bestuurders en ambtenaren leren hier samen; het netwerk brengt kennis en voorbeelden uit de praktijk in.',
			en: 'Administrators and civil servants learn together; the network contributes expertise and practical examples.'
		}
	},
	{
		id: 'facilitator',
		title: { nl: 'Facilitator', en: 'Facilitator' },
		description: {
			nl: 'Het netwerk ondersteunt de jeugdhulpregio’s zodat zij hun werk voor deze jeugdigen goed kunnen doen.',
			en: 'The network supports the youth-care regions so they can do their work for these young people well.'
		}
	},
	{
		id: 'bestuurlijk-hart',
		title: { nl: 'Bestuurlijk hart', en: 'Governing heart' },
		description: {
			nl: 'Hier wordt de koers voor iedereen bepaald en ligt het mandaat om te sturen.',
			en: 'The course for everyone is set here, and here lies the mandate to steer.'
		}
	}
];

/** The three forms of network governance (Provan & Kenis), for a "which form do we have?" poll. */
const governanceForms: TemplateOption[] = [
	{
		id: 'gedeeld',
		title: { nl: 'Gedeelde sturing', en: 'Shared governance' },
		description: {
			nl: 'De deelnemers sturen het netwerk samen, zonder centrale partij.',
			en: 'The members govern the network together, without a central party.'
		}
	},
	{
		id: 'leidende-organisatie',
		title: { nl: 'Leidende organisatie', en: 'Lead organisation' },
		description: {
			nl: 'Eén van de deelnemers neemt de coördinatie en de belangrijkste besluiten op zich.',
			en: 'One of the members takes on coordination and the key decisions.'
		}
	},
	{
		id: 'netwerkorganisatie',
		title: { nl: 'Netwerkorganisatie', en: 'Network administrative organisation' },
		description: {
			nl: 'Een aparte, eigen organisatie stuurt en ondersteunt het netwerk.',
			en: 'A separate organisation of its own governs and supports the network.'
		}
	}
];

/**
 * The BORN template: the supra-regional youth-care network of Noord-Holland.
 * Descriptions are written for this board (see shared/DOMAIN.md for the terms they explain).
 */
export const bornTemplate: SessionTemplate = {
	id: 'born',
	name: { nl: 'BORN leersessie', en: 'BORN learning session' },
	network: { nl: 'BORN', en: 'BORN' },
	perspectives: [
		{ id: 'wethouder', label: { nl: 'Wethouder', en: 'Alderman' } },
		{
			id: 'ambtenaar',
			label: { nl: 'Beleidsambtenaar / kernteamlid', en: 'Civil servant / core team' }
		},
		{ id: 'aanbieder', label: { nl: 'Jeugdhulpaanbieder', en: 'Youth-care provider' } },
		{ id: 'gi', label: { nl: 'Gecertificeerde instelling', en: 'Certified institution' } },
		{ id: 'onderwijs', label: { nl: 'Onderwijs (SWV-VO)', en: 'Education (SWV-VO)' } },
		{ id: 'ervaringsdeskundige', label: { nl: 'Ervaringsdeskundige', en: 'Experience expert' } },
		{ id: 'anders', label: { nl: 'Anders', en: 'Other' } }
	],
	options: positioningOptions,
	optionSets: [
		{
			id: 'positioning',
			name: { nl: 'Positionering', en: 'Positioning' },
			question: {
				nl: 'Welke positionering past het best bij BORN?',
				en: 'Which positioning suits BORN best?'
			},
			nowQuestion: { nl: 'Wat is BORN nu?', en: 'What is BORN now?' },
			desiredQuestion: { nl: 'Wat zou BORN moeten zijn?', en: 'What should BORN be?' },
			options: positioningOptions
		},
		{
			id: 'governance',
			name: { nl: 'Netwerksturing', en: 'Network governance' },
			question: {
				nl: 'Welke vorm van netwerksturing heeft BORN volgens jou?',
				en: 'Which form of network governance do you think BORN has?'
			},
			nowQuestion: { nl: 'Welke vorm heeft BORN nu?', en: 'Which form does BORN have now?' },
			desiredQuestion: {
				nl: 'Welke vorm zou BORN moeten hebben?',
				en: 'Which form should BORN have?'
			},
			options: governanceForms
		}
	],
	positioningSet: 'positioning',
	// A learning session as DOMAIN.md describes it. The welcome needs no step: the lobby, first
	// on every agenda, shows the join code and the QR code.
	agenda: [
		{ kind: 'poll', optionSet: 'positioning' },
		{
			kind: 'consent',
			title: { nl: 'Voorstel positionering', en: 'Positioning proposal' },
			proposal: {
				nl: 'BORN positioneert zich als … De afspraken over sturing en het jaarplan volgen uit deze keuze.',
				en: 'BORN positions itself as … The arrangements for governance and the year plan follow from this choice.'
			}
		},
		{ kind: 'dilemmas' },
		{ kind: 'plan' }
	],
	paradoxes: [
		{
			id: 'besturingsparadox',
			title: { nl: 'Besturingsparadox', en: 'Steering paradox' },
			description: {
				nl: 'Meer sturen op resultaat is gewenst, maar met beperkt mandaat en besluiten over negen regio’s heen wordt sturen traag en remt het de slagkracht.',
				en: 'More steering on results is wanted, but with limited mandate and decisions across nine regions, steering becomes slow and limits the power to act.'
			}
		},
		{
			id: 'koploperparadox',
			title: { nl: 'Koploperparadox', en: 'Frontrunner paradox' },
			description: {
				nl: 'Wie voorop loopt, loopt het risico dat bij krappe budgetten de opgebouwde waarde als vanzelfsprekend wordt gezien en wegzakt.',
				en: 'A frontrunner risks that, when budgets tighten, the value it built is taken for granted and slips away.'
			}
		},
		{
			id: 'complexiteitsparadox',
			title: {
				nl: 'Complexiteitsparadox en meerschaligheid',
				en: 'Complexity paradox and multiple scales'
			},
			description: {
				nl: 'Als elke gemeente en regio het eigen huis op orde brengt, groeit de variatie voor aanbieders die op andere schaalniveaus werken.',
				en: 'When every municipality and region organises things its own way, variety grows for providers who work at other scales.'
			}
		},
		{
			id: 'meerwaardecyclus',
			title: { nl: 'Meerwaardecyclus', en: 'Added-value cycle' },
			description: {
				nl: 'Er is veel geïnvesteerd in elkaar kennen en samen leren; de economische meerwaarde kan nog beter worden benut.',
				en: 'Much was invested in knowing each other and learning together; the economic added value can still be used better.'
			}
		}
	],
	defaults: {
		pollTitle: { nl: 'Stemming', en: 'Poll' },
		consentTitle: { nl: 'Consentronde', en: 'Consent round' },
		proposal: {
			nl: 'BORN positioneert zich als …',
			en: 'BORN positions itself as …'
		},
		dilemmasTitle: { nl: 'Dilemma’s', en: 'Dilemmas' },
		dilemmasPrompt: {
			nl: 'Welk dilemma zie jij in het werk van BORN? Enerzijds …, anderzijds …',
			en: 'Which dilemma do you see in BORN’s work? On the one hand …, on the other hand …'
		},
		unsortedTitle: { nl: 'Nog niet ingedeeld', en: 'Not yet sorted' },
		planTitle: { nl: 'Jaarplan', en: 'Year plan' }
	},
	// The nine youth-care regions of Noord-Holland; place names, the same in both languages.
	regions: [
		'Amsterdam-Amstelland',
		'Gooi en Vechtstreek',
		'Haarlemmermeer',
		'IJmond',
		'Kop van Noord-Holland',
		'Regio Alkmaar',
		'West-Friesland',
		'Zaanstreek-Waterland',
		'Zuid-Kennemerland'
	].map((name) => ({
		id: name.toLowerCase().replace(/[^a-z]+/g, '-'),
		label: { nl: name, en: name }
	})),
	intensities: [
		{ level: 1, label: { nl: 'Kennisdelen', en: 'Sharing knowledge' } },
		{ level: 2, label: { nl: 'Gezamenlijk strategie bepalen', en: 'Setting strategy together' } },
		{
			level: 3,
			label: { nl: 'Strategiebepaling en uitvoering', en: 'Strategy and execution' }
		},
		{
			level: 4,
			label: {
				nl: 'Strategiebepaling, uitvoering en contractmanagement',
				en: 'Strategy, execution and contract management'
			}
		}
	]
};

export const templates: Readonly<Record<string, SessionTemplate>> = { born: bornTemplate };

export const defaultTemplateId = 'born';
