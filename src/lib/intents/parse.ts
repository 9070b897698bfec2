import { id } from './validate.ts';
import { intentSchemas, isIntentType, type Intent } from './types.ts';

export type ParseResult =
	| { ok: true; intent: Intent }
	| { ok: false; code: 'invalid_intent' | 'unknown_intent'; message: string };

const intentId = id();

/**
 * Checks an intent's shape: envelope, known type, payload fields. State-dependent rules
 * (is the poll open? is this option known?) are the server's, after this.
 */
export function parseIntent(body: unknown): ParseResult {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return { ok: false, code: 'invalid_intent', message: 'The intent must be a JSON object.' };
	}
	const { id: rawId, type, ...payload } = body as Record<string, unknown>;
	const idResult = intentId(rawId, 'id');
	if (!idResult.ok)
		return { ok: false, code: 'invalid_intent', message: `id ${idResult.problem}.` };
	if (!isIntentType(type)) {
		return {
			ok: false,
			code: 'unknown_intent',
			message:
				typeof type === 'string'
					? `Unknown intent type "${type.slice(0, 40)}".`
					: 'type is missing.'
		};
	}
	const result = intentSchemas[type](payload, type);
	if (!result.ok) {
		return { ok: false, code: 'invalid_intent', message: `${result.path} ${result.problem}.` };
	}
	return { ok: true, intent: { id: idResult.value, type, ...result.value } as Intent };
}
