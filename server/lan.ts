import type { NetworkInterfaceInfo } from 'node:os';
import { isLocalOnlyHost, originFor } from '../src/lib/net/hosts.ts';

/** The network interfaces as `os.networkInterfaces()` lists them. */
export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Whether `host` (`HOST`) binds every interface, so the server is reachable on each. */
const bindsAll = (host: string | undefined): boolean =>
	!host || host === '0.0.0.0' || host === '::' || host === '[::]';

/**
 * The origins other devices on this machine's networks can open a server on that listens on
 * `host` and `port`. Bound to every interface: the IPv4 address of each interface that is not
 * internal (loopback), each once; IPv6 is left out, as a phone's user types or scans an IPv4
 * address and link-local IPv6 needs a zone. Bound to one address: that one, unless only this
 * machine can reach it (a loopback).
 */
export function lanOrigins(
	interfaces: Interfaces,
	host: string | undefined,
	port: number
): string[] {
	if (!bindsAll(host)) return host && !isLocalOnlyHost(host) ? [originFor(host, port)] : [];
	const addresses = Object.values(interfaces)
		.flatMap((list) => list ?? [])
		.filter((info) => info.family === 'IPv4' && !info.internal)
		.map((info) => info.address);
	return [...new Set(addresses)].map((address) => originFor(address, port));
}

/**
 * What `npm start` prints: the address to open the board on from this computer (first, in the
 * line scripts wait for), then the ones for phones. Never the address bound to: 0.0.0.0 is no
 * address a phone can open.
 */
export function startupLines(options: {
	host: string | undefined;
	port: number;
	dataDir: string;
	/** `ORIGIN`, when set: the address people are meant to use. */
	origin?: string;
	/** From `lanOrigins`. */
	lan: readonly string[];
}): string[] {
	const { host, port, dataDir, origin, lan } = options;
	const here = bindsAll(host) ? originFor('localhost', port) : originFor(host ?? '', port);
	const lines = [`Koersbord listening on ${here} (data in ${dataDir})`];
	if (origin) lines.push(`  public address: ${origin} (ORIGIN)`);
	for (const url of lan) lines.push(`  for phones:     ${url}`);
	if (!origin && lan.length === 0) {
		lines.push(
			bindsAll(host)
				? '  phones cannot reach it yet: this computer has no network address; connect it to the network of the room'
				: `  phones cannot reach it: it listens on ${host} only; set HOST=0.0.0.0 to listen on the network`
		);
	}
	return lines;
}
