import { describe, expect, it } from 'vitest';
import { readParticipation } from '../src/lib/model/session-doc.ts';
import { inProcessSession, type Answer } from '../tests/helpers/in-process.ts';
import { MemoryClient } from '../tests/helpers/memory-client.ts';
import { PERSPECTIVES } from '../tests/helpers/realistic-content.ts';
import type { Actor } from './peer.ts';

/**
 * What the numbers themselves add at a thousand: the counts of who joined and who voted take a
 * byte or two more each than at ten. Before the count of who joined had a Yjs client of its own
 * (writers.ts), this room's document grew by 18 KB.
 */
const MARGIN_BYTES = 64;

function ok(answer: Answer): void {
	expect(answer.status).toBe(200);
}

describe('the shared document a phone receives on joining', () => {
	it('is no larger at a thousand participants than at ten, though they joined while others voted', () => {
		const core = inProcessSession();
		ok(core.facilitator({ type: 'step.add', kind: 'poll' }, 'poll'));
		ok(core.facilitator({ type: 'step.update', stepId: 'poll', visibility: 'live' }));
		ok(core.facilitator({ type: 'poll.open', stepId: 'poll' }));
		ok(core.facilitator({ type: 'step.activate', stepId: 'poll' }));
		const options = ['ontmoetingsplaats', 'leernetwerk', 'facilitator', 'bestuurlijk-hart'];
		let joined = 0;
		// People join one by one and vote at once: the count of who joined and the poll's counts
		// change in turn, each vote published on its own, as in a room that votes slowly.
		const joinAndVote = (until: number): Actor => {
			let last: Actor | undefined;
			for (; joined < until; joined++) {
				const { actor } = core.join({ perspective: PERSPECTIVES[joined % PERSPECTIVES.length] });
				const choice = options[joined % options.length];
				ok(core.send(actor, { type: 'vote.cast', stepId: 'poll', choice }));
				core.flush();
				last = actor;
			}
			return last!;
		};
		/** Every byte a phone that connects now receives until it is in sync. */
		const download = (actor: Actor): number => {
			const phone = new MemoryClient(core.rooms, core.room(), actor);
			phone.connect();
			phone.flush();
			const bytes = phone.received.reduce((sum, frame) => sum + frame.length, 0);
			phone.destroy();
			return bytes;
		};

		const atTen = download(joinAndVote(10));
		const atThousand = download(joinAndVote(1000));

		expect(readParticipation(core.room().doc).total).toBe(1000);
		expect(atThousand).toBeGreaterThanOrEqual(atTen);
		expect(atThousand).toBeLessThanOrEqual(atTen + MARGIN_BYTES);
	});
});
