import { sessionByApi } from './api';
import { expect, test } from './fixtures';
import { openJoinLink } from './room';

test('every page and endpoint answers with headers that keep keys and the board to itself', async ({
	page
}) => {
	const created = (await (
		await page.request.post('/api/sessions', { data: { title: 'Koppen' } })
	).json()) as { id: string; joinCode: string; facilitatorKey: string };

	// Pages whose URL carries a key (console, projector) and the others alike.
	for (const path of [
		'/',
		`/j/${created.joinCode}`,
		`/p/${created.id}`,
		`/f/${created.id}`,
		`/f/${created.id}/print`,
		`/s/${created.id}`,
		`/r/${created.id}`
	]) {
		const response = await page.request.get(path);
		expect(response.status(), path).toBe(200);
		const headers = response.headers();
		const csp = headers['content-security-policy'] ?? '';
		expect(csp, path).toContain("default-src 'self'");
		// Only the projector may be framed, and only by the board (the console's preview).
		const screen = path.startsWith('/s/');
		expect(csp, path).toContain(screen ? "frame-ancestors 'self'" : "frame-ancestors 'none'");
		expect(headers['x-frame-options'], path).toBe(screen ? 'SAMEORIGIN' : 'DENY');
		expect(csp, path).toMatch(/script-src 'self'/);
		// Only our own origin: no other host may serve scripts, styles, fonts or connections.
		expect(csp, path).not.toMatch(/https?:|wss?:|\*/);
		expect(headers['referrer-policy'], path).toBe('no-referrer');
		expect(headers['x-content-type-options'], path).toBe('nosniff');
	}

	for (const [method, path] of [
		['GET', `/api/sessions/${created.id}/snapshot`],
		['GET', `/api/results/${created.id}`],
		['GET', '/api/nope'],
		['POST', '/api/join']
	] as const) {
		const response = await page.request.fetch(path, {
			method,
			headers: { Authorization: `Bearer ${created.facilitatorKey}` },
			data: method === 'POST' ? { code: 'ZZZZZZ' } : undefined
		});
		const headers = response.headers();
		expect(headers['content-security-policy'], path).toBe(
			"default-src 'none'; frame-ancestors 'none'"
		);
		expect(headers['referrer-policy'], path).toBe('no-referrer');
		expect(headers['x-content-type-options'], path).toBe('nosniff');
		expect(headers['content-type'], path).toContain('application/json');
	}
});

test('markup, script and bidi controls in texts stay inert text on every screen', async ({
	page,
	openDevice,
	openPhone
}) => {
	const {
		session: created,
		send,
		facilitator,
		join
	} = await sessionByApi(page.request, 'Sessie <img src=x onerror="window.__owned=1">');
	const token = await join({ name: 'Eva\u202Enóitcelloc\u202C', perspective: 'wethouder' });
	await facilitator({ type: 'step.add', kind: 'dilemmas' }, 'board');
	await facilitator({ type: 'step.activate', stepId: 'board' });
	const text = 'Kies\u202E txt.exe \u2066<script>window.__owned=2</script><b>vet</b>';
	// Accepted (200): the controls are removed, the markup is kept as typed.
	await send(token, { type: 'dilemma.post', stepId: 'board', text, showName: true }, 'card');

	await page.goto(created.links.facilitator);
	await page.locator('li[data-step="board"] button.title').click();
	const projector = await openDevice();
	await projector.goto(created.links.screen);
	const phone = await openPhone();
	await openJoinLink(phone, created.joinCode);
	for (const p of [page, projector]) {
		const card = p.locator('li[data-card]').first();
		await expect(card).toContainText('<script>window.__owned=2</script><b>vet</b>');
		const shown = (await card.textContent()) ?? '';
		// Bidi overrides and isolates are removed before they are stored: none reaches a screen.
		expect(shown).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
		expect(shown).toContain('Kies txt.exe');
		await expect(p.locator('li[data-card] b, li[data-card] script')).toHaveCount(0);
	}
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Sessie <img src=x onerror="window.__owned=1">'
	);
	for (const p of [page, projector, phone]) {
		await expect(p.locator('main img[src="x"]')).toHaveCount(0);
		expect(await p.evaluate(() => (window as { __owned?: number }).__owned)).toBeUndefined();
	}
});
