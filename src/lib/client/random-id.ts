/**
 * A random URL-safe id. Uses getRandomValues, which (unlike randomUUID) also works on plain
 * http, as a board reached by its LAN address in a meeting room often is.
 */
export function randomId(bytes = 12): string {
	const buffer = crypto.getRandomValues(new Uint8Array(bytes));
	let binary = '';
	for (const byte of buffer) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
