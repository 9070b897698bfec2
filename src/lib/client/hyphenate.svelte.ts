/**
 * Soft hyphens for words that must break in a narrow place (the projector's table headers), so a
 * long word breaks between syllables with a hyphen ("Ontmoetings-plaats") rather than anywhere.
 * Browsers' own `hyphens: auto` is not everywhere: Chromium on Linux has no dictionaries offline.
 *
 * The patterns (TeX's, via the `hyphen` package) are large, so they load on first use, in the
 * projector only; until then the text shows as it is.
 */
import type { HyphenationFunctionSync } from 'hyphen';
import { sparseSoftHyphens } from './soft-hyphens';

type Language = 'nl' | 'en';

const loaders: Record<Language, () => Promise<{ hyphenateSync: HyphenationFunctionSync }>> = {
	nl: () => import('hyphen/nl'),
	en: () => import('hyphen/en')
};

// Loaded hyphenators, by language; state so that text shown before the load is redone after it.
const loaded: Partial<Record<Language, HyphenationFunctionSync>> = $state({});
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
const loading = new Map<Language, Promise<void>>();

function load(language: Language): Promise<void> {
	let done = loading.get(language);
	if (!done) {
		done = loaders[language]().then(
			(module) => void (loaded[language] = module.hyphenateSync),
			// Without patterns the text stays whole: still correct, only less tidy.
			() => undefined
		);
		loading.set(language, done);
	}
	return done;
}

/**
 * Settles once the language's patterns are loaded (or could not be): for a page laid out once,
 * such as the print page before it is printed or made into a PDF.
 */
export const hyphenationReady = (language: Language): Promise<void> => load(language);

/** The text with soft hyphens between longer syllables, once the language's patterns are loaded. */
export function hyphenated(text: string, language: Language): string {
	const hyphenate = loaded[language];
	if (!hyphenate) {
		void load(language);
		return text;
	}
	return sparseSoftHyphens(hyphenate(text));
}
