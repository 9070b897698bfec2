import type { Locale, Localized } from '../../model/types.ts';
import type { Statement } from './types.ts';

/**
 * The scales a step starts from, with a title and statements to edit: content, copied into the
 * document in the session's language as a template's is (the interface's own words are in the
 * message files). `agree` is the default; `level` asks at which level a theme of the network
 * belongs, as the year plan's items record it.
 */
export interface ScalePreset {
	id: string;
	title: Localized;
	labels: Localized[];
	statements: { id: string; text: Localized }[];
}

const agree: ScalePreset = {
	id: 'agree',
	title: { nl: 'Stellingen', en: 'Statements' },
	labels: [
		{ nl: 'Helemaal oneens', en: 'Strongly disagree' },
		{ nl: 'Oneens', en: 'Disagree' },
		{ nl: 'Neutraal', en: 'Neutral' },
		{ nl: 'Eens', en: 'Agree' },
		{ nl: 'Helemaal eens', en: 'Strongly agree' }
	],
	statements: [
		{
			id: 's1',
			text: {
				nl: 'BORN moet meer sturen op resultaten dan nu.',
				en: 'BORN should steer on results more than it does now.'
			}
		},
		{
			id: 's2',
			text: {
				nl: 'Besluiten over bovenregionale thema’s duren te lang.',
				en: 'Decisions on supra-regional themes take too long.'
			}
		},
		{
			id: 's3',
			text: {
				nl: 'Wat BORN oplevert, is voor mijn organisatie duidelijk.',
				en: 'What BORN delivers is clear to my organisation.'
			}
		},
		{
			id: 's4',
			text: {
				nl: 'Ervaringsdeskundigen horen aan tafel bij elk besluit van het netwerk.',
				en: 'Experience experts belong at the table for every decision of the network.'
			}
		},
		{
			id: 's5',
			text: {
				nl: 'Ook met minder geld moet het netwerk zijn huidige inzet vasthouden.',
				en: 'Even with less money, the network should keep up its present effort.'
			}
		}
	]
};

const level: ScalePreset = {
	id: 'level',
	title: {
		nl: 'Op welk niveau hoort dit thema?',
		en: 'At which level does this theme belong?'
	},
	labels: [
		{ nl: 'Lokaal', en: 'Local' },
		{ nl: 'Regionaal', en: 'Regional' },
		{ nl: 'Bovenregionaal', en: 'Supra-regional' }
	],
	statements: [
		{
			id: 's1',
			text: {
				nl: 'Inkoop van hoogspecialistische jeugdhulp',
				en: 'Purchasing highly specialised youth care'
			}
		},
		{
			id: 's2',
			text: { nl: 'Crisisopvang en spoedplekken', en: 'Crisis care and emergency places' }
		},
		{
			id: 's3',
			text: {
				nl: 'Alternatieven voor gesloten jeugdhulp',
				en: 'Alternatives to secure youth care'
			}
		},
		{
			id: 's4',
			text: { nl: 'Onderwijs-zorgarrangementen', en: 'Arrangements of education and care' }
		},
		{
			id: 's5',
			text: { nl: 'Kennis delen en samen leren', en: 'Sharing knowledge and learning together' }
		},
		{
			id: 's6',
			text: { nl: 'Contractmanagement met aanbieders', en: 'Contract management with providers' }
		}
	]
};

/** Every preset, the default first. */
export const SCALE_PRESETS: readonly ScalePreset[] = [agree, level];

/** A preset by id; an unknown id is undefined. */
export const scalePreset = (id: string | undefined): ScalePreset | undefined =>
	SCALE_PRESETS.find((preset) => preset.id === id);

/** A preset's labels in a language. */
export const presetLabels = (preset: ScalePreset, locale: Locale): string[] =>
	preset.labels.map((label) => label[locale]);

/** A preset's statements in a language. */
export const presetStatements = (preset: ScalePreset, locale: Locale): Statement[] =>
	preset.statements.map(({ id, text }) => ({ id, text: text[locale] }));
