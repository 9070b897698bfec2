/**
 * Whether a link to this host (as in `location.hostname` or `HOST`) reaches this machine only:
 * a loopback (`localhost` and its subdomains, 127.0.0.0/8, ::1) or the unspecified address
 * (0.0.0.0, ::), which some browsers open as this machine too. On another device such a link
 * reaches that device, not this one.
 */
export function isLocalOnlyHost(host: string): boolean {
	const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
	if (name.includes(':')) {
		// The URL parser writes an IPv6 address one way: [::1], [::], [::ffff:7f00:1].
		let canonical: string;
		try {
			canonical = new URL(`http://[${name}]/`).hostname;
		} catch {
			return false;
		}
		return (
			canonical === '[::1]' ||
			canonical === '[::]' ||
			canonical === '[::ffff:0:0]' ||
			/^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical)
		);
	}
	return (
		name === 'localhost' ||
		name.endsWith('.localhost') ||
		name === '0.0.0.0' ||
		/^127(\.\d{1,3}){3}$/.test(name)
	);
}

/** An origin for an address: IPv6 addresses go in brackets. */
export const originFor = (address: string, port: number): string =>
	`http://${address.includes(':') ? `[${address}]` : address}:${port}`;
