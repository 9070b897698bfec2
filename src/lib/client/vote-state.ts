import type { ApiResult } from './api';

/** Where a phone's answer stands, as the person sees it. */
export type SendState =
	'idle' | 'sending' | 'retrying' | 'sent' | 'changed' | 'closed' | 'network' | 'error';

/** What a finished send means for the person: received, changed, too late, or failed. */
export function stateAfter(result: ApiResult<unknown>, hadAnswer: boolean): SendState {
	if (result.ok) return hadAnswer ? 'changed' : 'sent';
	if (result.status === 409) return 'closed';
	if (result.status === 0) return 'network';
	return 'error';
}
