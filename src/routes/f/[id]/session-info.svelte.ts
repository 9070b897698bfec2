import type { SessionLifetime } from '$lib/api/session-info';
import { callApi } from '$lib/client/api';

/** How often the console asks again: the dates move with every day the session is used. */
const REFRESH_MS = 15 * 60 * 1000;

interface SessionInfoAnswer extends SessionLifetime {
	links: { screen: string };
}

/**
 * What the console knows of its session from the server rather than from the synced document:
 * the projector's link, whether new participants may join, and until when the join code works
 * and the session is kept. The server's word, asked again now and then and when the tab comes
 * back, so another facilitator's change and the moving dates show.
 */
export class SessionInfo {
	readonly #path: string;
	readonly #credential: string;
	#screenLink = $state<string>();
	#lifetime = $state.raw<SessionLifetime>();
	#busy = $state(false);
	#failed = $state<'network' | 'other'>();

	constructor(sessionId: string, credential: string) {
		this.#path = `/api/sessions/${sessionId}`;
		this.#credential = credential;
	}

	get screenLink(): string | undefined {
		return this.#screenLink;
	}

	get lifetime(): SessionLifetime | undefined {
		return this.#lifetime;
	}

	/** A change of joining is on its way to the server. */
	get busy(): boolean {
		return this.#busy;
	}

	/** Why the last change of joining failed, if it did. */
	get failed(): 'network' | 'other' | undefined {
		return this.#failed;
	}

	async refresh(): Promise<void> {
		const result = await callApi<SessionInfoAnswer>('GET', this.#path, {
			credential: this.#credential
		});
		if (!result.ok) return;
		this.#screenLink = result.data.links.screen;
		this.#lifetime = pickLifetime(result.data);
	}

	/** Refreshes now, then now and then and whenever the tab is shown again; returns the stop. */
	watch(): () => void {
		void this.refresh();
		const timer = setInterval(() => void this.refresh(), REFRESH_MS);
		const onVisible = (): void => {
			if (document.visibilityState === 'visible') void this.refresh();
		};
		document.addEventListener('visibilitychange', onVisible);
		return () => {
			clearInterval(timer);
			document.removeEventListener('visibilitychange', onVisible);
		};
	}

	/** Opens the session to new participants, or closes it to them. */
	async setJoinsOpen(open: boolean): Promise<void> {
		if (this.#busy) return;
		this.#busy = true;
		this.#failed = undefined;
		const result = await callApi<SessionLifetime>('POST', `${this.#path}/joining`, {
			credential: this.#credential,
			body: { open }
		});
		this.#busy = false;
		if (result.ok) this.#lifetime = pickLifetime(result.data);
		else this.#failed = result.status === 0 ? 'network' : 'other';
	}
}

const pickLifetime = ({
	joinsOpen,
	joinCodeExpiresAt,
	erasesAt
}: SessionLifetime): SessionLifetime => ({
	joinsOpen,
	joinCodeExpiresAt,
	erasesAt
});
