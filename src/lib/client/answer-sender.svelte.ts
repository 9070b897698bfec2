import type { ApiResult } from './api';
import { stateAfter, type SendState } from './vote-state';

/**
 * Where a phone's answer (a vote, a consent response) stands: being sent, retried, received,
 * changed, too late. `dirty` means the person changed something since the last answer that
 * reached the server, so a round that closes meanwhile can say the change did not make it.
 */
export class AnswerSender {
	#state = $state<SendState>('idle');
	#dirty = $state(false);

	get state(): SendState {
		return this.#state;
	}

	get dirty(): boolean {
		return this.#dirty;
	}

	get busy(): boolean {
		return this.#state === 'sending' || this.#state === 'retrying';
	}

	/** The person changed the answer on screen. */
	touch(): void {
		this.#dirty = true;
		if (!this.busy) this.#state = 'idle';
	}

	/** The round ended; a change still on screen did not make it. */
	closed(): void {
		if (!this.#dirty) return;
		this.#state = 'closed';
		this.#dirty = false;
	}

	/** A new round: nothing sent yet, nothing changed. */
	reset(): void {
		this.#state = 'idle';
		this.#dirty = false;
	}

	/** Sends through `send` (which reports retries); resolves true when the server took it. */
	async send(
		send: (onRetry: () => void) => Promise<ApiResult<unknown>>,
		hadAnswer: boolean
	): Promise<boolean> {
		this.#state = 'sending';
		const result = await send(() => (this.#state = 'retrying'));
		this.#state = stateAfter(result, hadAnswer);
		if (result.ok || result.status === 409) this.#dirty = false;
		return result.ok;
	}
}
