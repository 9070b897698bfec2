import { replaceState } from '$app/navigation';
import { keyFromHash, rememberKey, type KeyKind } from './credentials';

/**
 * The key for this page: from the link's `#key=…` (then stored, and removed from the address bar
 * so it does not show on a shared screen) or from an earlier visit. Call after the router started.
 */
export function takeLinkKey(kind: KeyKind, sessionId: string): string | undefined {
	const fromLink = keyFromHash(location.hash);
	const key = rememberKey(kind, sessionId, fromLink);
	// The current path, only without its fragment: nothing to resolve.
	// eslint-disable-next-line svelte/no-navigation-without-resolve
	if (fromLink) replaceState(location.pathname + location.search, {});
	return key;
}
