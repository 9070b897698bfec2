import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { sessionByApi } from './api';
import { expect, test } from './fixtures';
import { openJoinLink } from './room';

/**
 * What a phone downloads before it can vote, counted in bytes (bench/phone-js.mjs reports the same
 * figure; this test holds it). PRODUCT.md: at most 120 KB of JavaScript, compressed.
 */
const BUDGET_BYTES = 120 * 1024;

/**
 * Messages only the console and the exports show, by their keys' prefixes. A phone that
 * downloads one of them downloads the console's or the report's code with it: each view's
 * registry (components/kinds/phone.ts, console.ts, …) and the reports' (kinds/reports.ts) keep
 * them apart.
 */
const CONSOLE_ONLY = ['agenda', 'console', 'editor', 'presenter', 'controls', 'chart', 'plan'];
const EXPORTS_ONLY = ['report', 'export'];

/** Texts the phone's own page shows: found in its scripts, so the search itself is sound. */
const PHONE_OWN = ['phone_profile_heading', 'phone_waiting_text', 'phone_erase_open'];

interface Script {
	path: string;
	/** Bytes on the wire (brotli or gzip, as the server sends them). */
	compressed: number;
	text: string;
}

/** Every script the page loads from now on, with its size on the wire and its text. */
function recordScripts(page: Page): () => Promise<Script[]> {
	const loaded: Promise<Script>[] = [];
	page.on('requestfinished', (request) => {
		if (request.resourceType() !== 'script') return;
		loaded.push(
			Promise.all([request.sizes(), request.response().then((r) => r?.text())]).then(
				([sizes, text]) => ({
					path: new URL(request.url()).pathname,
					compressed: sizes.responseBodySize,
					text: text ?? ''
				})
			)
		);
	});
	return () => Promise.all(loaded);
}

/**
 * The plain texts (no parameters) of the messages whose keys start with one of `prefixes`, in
 * both languages, except texts another message has too ("Perspectief" is a phone's word as well).
 */
function textsOf(prefixes: readonly string[]): Map<string, string> {
	const texts = new Map<string, string>();
	for (const locale of ['nl', 'en']) {
		const messages = Object.entries(
			JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as Record<string, unknown>
		).filter(([key]) => !key.startsWith('$'));
		const ours = (key: string) => prefixes.some((prefix) => key.startsWith(`${prefix}_`));
		const shared = new Set(messages.filter(([key]) => !ours(key)).map(([, text]) => text));
		for (const [key, text] of messages) {
			if (ours(key) && typeof text === 'string' && !text.includes('{') && !shared.has(text)) {
				texts.set(`${locale}: ${key}`, text);
			}
		}
	}
	return texts;
}

/** The keys of `texts` whose text a script holds as a whole string literal. */
function foundIn(scripts: Script[], texts: Map<string, string>): string[] {
	const code = scripts.map((script) => script.text).join('\n');
	return [...texts]
		.filter(([, text]) => ['`', '"', "'"].some((quote) => code.includes(quote + text + quote)))
		.map(([key]) => key);
}

test('a phone loads at most 120 KB of JavaScript before it can vote, and none of the console’s or the exports’ texts', async ({
	request,
	openPhone
}) => {
	const { session, facilitator } = await sessionByApi(request, 'JavaScript op de telefoon');
	await facilitator({ type: 'step.add', kind: 'poll' }, 'poll');
	await facilitator({ type: 'poll.open', stepId: 'poll' });
	await facilitator({ type: 'step.activate', stepId: 'poll' });

	const phone = await openPhone();
	const scripts = recordScripts(phone);
	await openJoinLink(phone, session.joinCode);
	await phone.getByRole('radio', { name: 'Wethouder' }).check();
	await phone.getByRole('button', { name: 'Verder' }).click();
	await phone.getByRole('radio', { name: /^Leernetwerk/ }).check();
	await expect(phone.getByRole('button', { name: 'Stem', exact: true })).toBeEnabled();
	const loaded = await scripts();

	const total = loaded.reduce((sum, script) => sum + script.compressed, 0);
	const sizes = loaded
		.toSorted((a, b) => b.compressed - a.compressed)
		.map((script) => `${(script.compressed / 1024).toFixed(1)} KB ${script.path}`);
	// Soft: a failing run names both what grew and what got in.
	expect
		.soft(total, `compressed JavaScript in ${loaded.length} scripts:\n${sizes.join('\n')}`)
		.toBeLessThanOrEqual(BUDGET_BYTES);

	const own = new Map(
		[...textsOf(['phone'])].filter(([key]) => PHONE_OWN.some((k) => key.endsWith(` ${k}`)))
	);
	expect(own.size).toBe(PHONE_OWN.length * 2);
	expect(foundIn(loaded, own).toSorted()).toEqual([...own.keys()].toSorted());
	expect.soft(foundIn(loaded, textsOf(CONSOLE_ONLY)), 'console texts on the phone').toEqual([]);
	expect.soft(foundIn(loaded, textsOf(EXPORTS_ONLY)), 'export texts on the phone').toEqual([]);
});
