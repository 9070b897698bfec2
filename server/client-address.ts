import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Parses `TRUST_PROXY`: comma-separated addresses or CIDR ranges of the reverse proxies whose
 * `X-Forwarded-For` is believed. Empty or unset: no proxy is trusted, and the socket's own
 * address is the client's (a header anyone can send must not choose whose limits apply).
 * @throws Error naming the entry that is neither an address nor a range
 */
export function parseTrustProxy(value: string | undefined): BlockList | undefined {
	const entries = (value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
	if (entries.length === 0) return undefined;
	const list = new BlockList();
	for (const entry of entries) {
		const [address = '', prefix] = entry.split('/');
		const family = isIP(address);
		if (family === 0) throw new Error(`TRUST_PROXY: "${entry}" is not an IP address or range`);
		const type = family === 6 ? 'ipv6' : 'ipv4';
		if (prefix === undefined) list.addAddress(address, type);
		else {
			const bits = Number(prefix);
			if (!Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) {
				throw new Error(`TRUST_PROXY: "${entry}" has an impossible prefix length`);
			}
			list.addSubnet(address, bits, type);
		}
	}
	return list;
}

/** `::ffff:192.0.2.1` is the IPv4 client 192.0.2.1 seen through a dual-stack socket. */
const unmapped = (address: string): string =>
	/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;

/** Whether `address` is one of the trusted proxies. */
export function trusted(list: BlockList, address: string): boolean {
	const plain = unmapped(address);
	const family = isIP(plain);
	return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The address of the client behind a request. Behind trusted proxies it is the right-most entry
 * of `X-Forwarded-For` that is not itself a trusted proxy: entries further left were written by
 * the client and prove nothing.
 */
export function clientAddress(req: IncomingMessage, trust?: BlockList): string {
	const peer = unmapped(req.socket.remoteAddress ?? '');
	if (!trust || !trusted(trust, peer)) return peer;
	const header = req.headers['x-forwarded-for'];
	const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
		.split(',')
		.map((hop) => unmapped(hop.trim()));
	let client = peer;
	for (let i = hops.length - 1; i >= 0; i--) {
		const hop = hops[i]!;
		if (isIP(hop) === 0) break;
		client = hop;
		if (!trusted(trust, hop)) break;
	}
	return client;
}

/** The eight 16-bit groups of an IPv6 address, or undefined if it is not one. */
function ipv6Groups(address: string): number[] | undefined {
	if (isIP(address) !== 6) return undefined;
	let text = address.split('%')[0]!;
	// An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is two groups.
	const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
	if (v4) {
		const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
		text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head = '', tail] = text.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const missing = 8 - left.length - right.length;
	const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
	return groups.length === 8 ? groups.map((g) => parseInt(g, 16)) : undefined;
}

/**
 * The key limits count a client under: an IPv4 address as it is, an IPv6 address by its /64
 * prefix. One household, phone or server usually holds a whole /64, so counting single IPv6
 * addresses would hand an attacker 2^64 fresh identities.
 */
export function addressKey(address: string): string {
	const plain = unmapped(address);
	const groups = ipv6Groups(plain);
	if (!groups) return plain;
	return `${groups
		.slice(0, 4)
		.map((g) => g.toString(16))
		.join(':')}::/64`;
}
