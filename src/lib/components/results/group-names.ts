import type { Perspective } from '$lib/model/types';
import { m } from '$lib/paraglide/messages.js';

/** The names of the groups a result merged, for its "other perspectives" row ('' is "none yet"). */
export function groupNames(
	ids: readonly string[] | undefined,
	perspectives: Perspective[]
): string {
	return (ids ?? [])
		.map((id) =>
			id === '' ? m.perspective_unassigned() : perspectives.find((p) => p.id === id)?.label
		)
		.filter(Boolean)
		.join(', ');
}
