/**
 * Words a word cloud leaves out: the small words every answer is made of, which would otherwise
 * fill the cloud and hide what people said. Both lists apply to every answer, since an answer
 * carries no language and a room may mix them. Entries are written as `foldWord` folds a word:
 * lowercase, NFC, with a straight apostrophe.
 */

/** A list written as words separated by white space, so it reads as the published list does. */
const wordsOf = (list: string): string[] => list.trim().split(/\s+/);

/**
 * The Snowball stop list for Dutch (NLTK's Dutch list is the same 101 words), as published,
 * then a few pronouns, contractions and prepositions it lacks that fill answers just as much. Accents matter:
 * "één" (one) is not the article "een" and stays in the cloud.
 *
 * @see https://snowballstem.org/algorithms/dutch/stop.txt
 */
const DUTCH = wordsOf(`
	de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem
	dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb
	hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer
	doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd doch wordt wezen
	kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere

	we wij jij jullie hen onze jouw wel nee zullen z'n m'n d'r

	per tussen via binnen naast sinds tijdens vanuit
`);

/**
 * NLTK's English stop list, less the fragments its tokeniser cuts from contractions ("don",
 * "couldn", "ll", "ve", …): `tokenise` keeps "don't" whole, and a fragment such as "won" would
 * only take a real word out. Then a few common contractions and "also", which NLTK lacks.
 *
 * @see https://www.nltk.org/nltk_data/ (corpora/stopwords, english)
 */
const ENGLISH = wordsOf(`
	i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
	yourselves he him his himself she she's her hers herself it it's its itself they them their
	theirs themselves what which who whom this that that'll these those am is are was were be been
	being have has had having do does did doing a an the and but if or because as until while of at
	by for with about against between into through during before after above below to from up down
	in out on off over under again further then once here there when where why how all any both
	each few more most other some such no nor not only own same so than too very can will just
	don't should should've now aren't couldn't didn't doesn't hadn't hasn't haven't isn't mightn't
	mustn't needn't shan't shouldn't wasn't weren't won't wouldn't

	i'm i've i'll i'd we're we've we'll they're they've he's there's let's can't also
`);

export const DUTCH_STOP_WORDS: ReadonlySet<string> = new Set(DUTCH);
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(ENGLISH);

/** Whether a folded word (see `foldWord`) is a stop word in either language. */
export const isStopWord = (folded: string): boolean =>
	DUTCH_STOP_WORDS.has(folded) || ENGLISH_STOP_WORDS.has(folded);
