import type * as Y from 'yjs';
import type { PositioningPolls } from './outcome.ts';
import { readMeta, readOptions } from './session-doc.ts';
import { templates } from './templates.ts';

/*
 * Apart from outcome.ts, which the phones load through session-doc.ts: only the console, the
 * projector, the exports and the server need to know the templates for this.
 */

/** How a session of this template, with these positioning options, tells its positioning polls. */
export function positioningPolls(
	templateId: string,
	options: readonly { id: string }[]
): PositioningPolls {
	// Own keys only: a stored template id such as "constructor" names no template.
	const template = Object.hasOwn(templates, templateId) ? templates[templateId] : undefined;
	return { optionSet: template?.positioningSet ?? '', optionIds: options.map((o) => o.id) };
}

/** How the session in this document tells its positioning polls from others. */
export const readPositioningPolls = (doc: Y.Doc): PositioningPolls =>
	positioningPolls(readMeta(doc).template, readOptions(doc));
