import { replaceState } from '$app/navigation';
import { onMount } from 'svelte';
import { keyFromHash, rememberKey, type KeyKind } from './credentials';

/**
 * The key for this page: from the link's `#key=…` (then stored, and removed from the address bar
 * so it does not show on a shared screen) or from an earlier visit. Call during component setup.
 */
export function takeLinkKey(kind: KeyKind, sessionId: string): string | undefined {
	const fromLink = keyFromHash(location.hash);
	const key = rememberKey(kind, sessionId, fromLink);
	// The router is not ready while components are being set up, so strip the fragment once mounted.
	onMount(() => {
		// The current path without its fragment: nothing to resolve.
		// eslint-disable-next-line svelte/no-navigation-without-resolve
		if (fromLink) replaceState(location.pathname + location.search, {});
	});
	return key;
}
