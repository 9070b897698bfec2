import { describe, expect, it } from 'vitest';
import { parseIntent } from './parse.ts';

describe('parsing an intent', () => {
	it('accepts a well-formed participant.update and cleans its text', () => {
		const result = parseIntent({
			id: 'i-1',
			type: 'participant.update',
			name: '  Anna\u202E \n',
			perspective: 'wethouder'
		});
		expect(result).toEqual({
			ok: true,
			intent: { id: 'i-1', type: 'participant.update', name: 'Anna', perspective: 'wethouder' }
		});
	});

	it.each([
		['a non-object', 'hello', 'invalid_intent'],
		['an array', [], 'invalid_intent'],
		['a missing id', { type: 'participant.update' }, 'invalid_intent'],
		['an id with odd characters', { id: 'a b', type: 'participant.update' }, 'invalid_intent'],
		['a missing type', { id: 'x' }, 'unknown_intent'],
		['an unknown type', { id: 'x', type: 'poll.explode' }, 'unknown_intent'],
		[
			'a name of the wrong type',
			{ id: 'x', type: 'participant.update', name: 5 },
			'invalid_intent'
		],
		[
			'a name that is too long',
			{ id: 'x', type: 'participant.update', name: 'a'.repeat(61) },
			'invalid_intent'
		],
		['an unknown field', { id: 'x', type: 'participant.update', admin: true }, 'invalid_intent'],
		['a prototype key', JSON.parse('{"id":"x","type":"__proto__"}'), 'unknown_intent'],
		['a reserved name as its id', { id: 'constructor', type: 'poll.close' }, 'invalid_intent'],
		[
			'a reserved name as a card id',
			{ id: 'x', type: 'dots.place', stepId: 'board', cardId: '__proto__' },
			'invalid_intent'
		],
		[
			'a reserved name as a points key',
			JSON.parse('{"id":"x","type":"vote.cast","stepId":"poll","points":{"__proto__":3}}'),
			'invalid_intent'
		],
		[
			'a __proto__ field',
			JSON.parse('{"id":"x","type":"poll.close","stepId":"poll","__proto__":{"admin":true}}'),
			'invalid_intent'
		],
		[
			'a dilemma of only zero-width spaces',
			{ id: 'x', type: 'dilemma.post', stepId: 'board', text: '\u200B\u200B \uFEFF' },
			'invalid_intent'
		]
	])('refuses %s', (_label, body, code) => {
		const result = parseIntent(body);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.code).toBe(code);
			expect(result.message.length).toBeGreaterThan(3);
		}
	});
});
