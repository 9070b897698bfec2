import type { Intent } from '$lib/intents/types';

/** An intent as the console sends it: the id is added on the way. */
export type Body<I> = I extends unknown ? Omit<I, 'id'> : never;

/** Sends a facilitator intent; resolves true when the server applied it. */
export type Act = (intent: Body<Intent>, options?: { id?: string }) => Promise<boolean>;
