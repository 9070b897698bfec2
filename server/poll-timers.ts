import { readStepIds, readStep, setStepFields } from '../src/lib/model/steps.ts';
import { publishPollTally } from './kinds/poll/publish.ts';
import type { Room } from './room.ts';

/**
 * Keeps one timer per open poll with a countdown, closing the poll when it ends. Called after
 * every intent and when a room loads, so a countdown survives a restart (and a poll whose time ran
 * out while the server was down closes at once).
 */
const MAX_TIMER_MS = 24 * 60 * 60 * 1000;

export function syncPollTimers(room: Room, now: () => number = Date.now): void {
	const wanted = new Map<string, number>();
	for (const id of readStepIds(room.doc)) {
		const step = readStep(room.doc, id);
		if (step?.kind === 'poll' && step.status === 'open' && step.endsAt > 0) {
			wanted.set(id, step.endsAt);
		}
	}
	for (const [id, timer] of room.timers) {
		if (!wanted.has(id)) {
			clearTimeout(timer);
			room.timers.delete(id);
		}
	}
	for (const [id, endsAt] of wanted) {
		const existing = room.timers.get(id);
		if (existing) clearTimeout(existing);
		const timer = setTimeout(
			() => room.guard('poll timer', () => closeIfDue(room, id, endsAt, now)),
			// setTimeout fires at once for more than about 24.8 days; a stored countdown that long
			// (an old or odd document) is looked at again after a day instead.
			Math.min(MAX_TIMER_MS, Math.max(0, endsAt - now()))
		);
		timer.unref();
		room.timers.set(id, timer);
	}
}

function closeIfDue(room: Room, stepId: string, endsAt: number, now: () => number): void {
	room.timers.delete(stepId);
	const step = readStep(room.doc, stepId);
	// Only if nothing changed meanwhile: a facilitator may have closed, reset or extended it.
	if (step?.kind !== 'poll' || step.status !== 'open' || step.endsAt !== endsAt) return;
	if (now() < endsAt) {
		syncPollTimers(room, now);
		return;
	}
	room.transact(() => {
		setStepFields(room.doc, stepId, { status: 'closed', endsAt: 0 });
		publishPollTally(room, stepId, 'now');
	});
}
