// Measures the JavaScript a phone loads before it can vote, in Debian's Chromium: from opening
// the join link, through picking a perspective, to an enabled vote button.
import { execSync } from 'node:child_process';
import { chromium } from '@playwright/test';

function chromiumPath() {
	return (
		process.env.CHROMIUM_PATH ??
		execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh' }).trim()
	);
}

async function post(url, path, body, credential) {
	const response = await fetch(url + path, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			...(credential ? { Authorization: `Bearer ${credential}` } : {})
		},
		body: JSON.stringify(body)
	});
	if (!response.ok) throw new Error(`${path}: ${response.status}`);
	return response.json();
}

export async function measurePhoneJavaScript(url) {
	const session = await post(url, '/api/sessions', { title: 'JavaScript op de telefoon' });
	const intent = (body, id) =>
		post(url, `/api/sessions/${session.id}/intents`, { id, ...body }, session.facilitatorKey);
	await intent({ type: 'step.add', kind: 'poll' }, 'poll');
	await intent({ type: 'poll.open', stepId: 'poll' }, 'open');
	await intent({ type: 'step.activate', stepId: 'poll' }, 'show');

	const browser = await chromium.launch({
		executablePath: chromiumPath(),
		args: ['--no-sandbox', '--disable-gpu']
	});
	try {
		const context = await browser.newContext({
			viewport: { width: 390, height: 844 },
			isMobile: true,
			hasTouch: true
		});
		const page = await context.newPage();
		const scripts = [];
		page.on('requestfinished', (request) => {
			if (request.resourceType() !== 'script') return;
			scripts.push(
				Promise.all([request.sizes(), request.response().then((r) => r?.body())]).then(
					([sizes, body]) => ({
						url: request.url(),
						compressed: sizes.responseBodySize,
						uncompressed: body?.length ?? 0
					})
				)
			);
		});
		await page.goto(`${url}/j/${session.joinCode}`);
		await page.getByRole('button', { name: 'Doe mee' }).click();
		await page.getByRole('radio', { name: 'Wethouder' }).check();
		await page.getByRole('button', { name: 'Verder' }).click();
		await page.getByRole('radio', { name: /^Leernetwerk/ }).check();
		const vote = page.getByRole('button', { name: 'Stem', exact: true });
		await vote.waitFor();
		if (!(await vote.isEnabled())) throw new Error('the vote button is not enabled');
		const loaded = await Promise.all(scripts);
		return {
			scripts: loaded.length,
			compressedKB: loaded.reduce((sum, s) => sum + s.compressed, 0) / 1024,
			uncompressedKB: loaded.reduce((sum, s) => sum + s.uncompressed, 0) / 1024,
			files: loaded.map((s) => ({ ...s, url: new URL(s.url).pathname }))
		};
	} finally {
		await browser.close();
	}
}
