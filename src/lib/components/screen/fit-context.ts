import { getContext } from 'svelte';
import type { Fitter } from '$lib/client/fit.svelte';

/** The projector's fitter, for the lists in it that may page (see client/fit.svelte.ts). */
export const FIT_CONTEXT = Symbol('fit');

/** The fitter of the screen this component is on; undefined in the console and on phones. */
export const fitterHere = (): Fitter | undefined => getContext<Fitter | undefined>(FIT_CONTEXT);
