import type { Awareness } from 'y-protocols/awareness';

/**
 * y-protocols keeps the clock of a client whose state was removed and ignores any later state
 * that is not newer. A peer that reconnects re-sends its unchanged state, so without this it
 * stays invisible until its 15-second renewal. Forgetting the clock of removed clients lets it
 * be seen again at once. Returns a function that stops doing so.
 */
export function forgetClocksOfRemovedClients(awareness: Awareness): () => void {
	const onChange = ({ removed }: { removed: number[] }): void => {
		if (removed.length === 0) return;
		// After the 'update' listeners (the provider's among them) have encoded the removal, which
		// reads these clocks: 'change' is emitted before 'update'.
		queueMicrotask(() => {
			for (const id of removed) {
				if (id !== awareness.clientID && !awareness.states.has(id)) awareness.meta.delete(id);
			}
		});
	};
	awareness.on('change', onChange);
	return () => awareness.off('change', onChange);
}
