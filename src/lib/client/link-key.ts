import { afterNavigate, replaceState } from '$app/navigation';
import { keyFromHash, rememberKey, type KeyKind } from './credentials';

/**
 * The key for this page: from the link's `#key=…` (then stored, and removed from the address bar
 * so it does not show on a shared screen) or from an earlier visit. Call during component setup.
 */
export function takeLinkKey(kind: KeyKind, sessionId: string): string | undefined {
	const fromLink = keyFromHash(location.hash);
	const key = rememberKey(kind, sessionId, fromLink);
	let stripped = !fromLink;
	// Not in onMount: on a first load the page mounts while SvelteKit is still building its root
	// component, and replaceState then throws, which leaves that page in the DOM for good (the
	// next page rendered below it). Once the navigation has finished, the router is ready.
	afterNavigate(() => {
		if (stripped) return;
		stripped = true;
		// The current path without its fragment: nothing to resolve.
		// eslint-disable-next-line svelte/no-navigation-without-resolve
		replaceState(location.pathname + location.search, {});
	});
	return key;
}
