import type { Peer } from './peer.ts';

/**
 * Every change to a room's doc carries one of these as its transaction origin, so persistence
 * knows what to skip (the initial load) and broadcast knows whom not to echo to.
 */
export type TransactionOrigin =
	| { source: 'load' }
	| { source: 'server' }
	| { source: 'peer'; peer: Peer }
	| { source: 'intent'; actor: string; intentId: string };

export function isTransactionOrigin(value: unknown): value is TransactionOrigin {
	return typeof value === 'object' && value !== null && 'source' in value;
}

export const LOAD_ORIGIN: TransactionOrigin = { source: 'load' };
export const SERVER_ORIGIN: TransactionOrigin = { source: 'server' };
