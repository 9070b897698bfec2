import type { Intent } from '$lib/intents/types';

type Body<I> = I extends unknown ? Omit<I, 'id'> : never;

/** Sends a facilitator intent; resolves true when the server applied it. */
export type Act = (intent: Body<Intent>, options?: { id?: string }) => Promise<boolean>;
