// Where a server's time went while the votes came in, from a CPU profile of its run (node
// --cpu-prof): its busy time per vote, the part of it spent writing frames to the devices
// (everything under the `ws` sender's `sendFrame`), and the functions with the most time of
// their own. The bench profiles a light row again when ours misses a bound there, so the report
// can show why (docs/performance.md, "Why a bound was missed").
import { readFileSync } from 'node:fs';

/** The function each server handles a vote in: our intents, the reference's socket messages. */
const VOTE_HANDLER = { ours: 'applyIntent', reference: 'messageListener' };

/**
 * Summarizes `file` over the busiest `windowMs` of vote handling (the voting window: setup and
 * teardown do not count), per vote of `votes`.
 */
export function summarizeVotes(file, kind, votes, windowMs, top = 8) {
	const profile = JSON.parse(readFileSync(file, 'utf8'));
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node);
	const stackHas = (node, name) => {
		for (let at = node; at; at = parent.get(at.id)) {
			if (at.callFrame.functionName === name) return true;
		}
		return false;
	};
	const at = [];
	let clock = profile.startTime;
	for (const delta of profile.timeDeltas) at.push((clock += delta));
	const duration = (i) => (i + 1 < at.length ? at[i + 1] - at[i] : 0);
	const samples = profile.samples.map((id) => nodes.get(id));

	// The window: the span of `windowMs` holding the most samples inside the vote handler.
	const handling = [];
	samples.forEach((node, i) => stackHas(node, VOTE_HANDLER[kind]) && handling.push(at[i]));
	let best = { count: -1, end: 0 };
	for (let first = 0, last = 0; last < handling.length; last++) {
		while (handling[last] - handling[first] > windowMs * 1000) first++;
		if (last - first > best.count) best = { count: last - first, end: handling[last] };
	}
	const from = best.end - windowMs * 1000;

	let busy = 0;
	let frames = 0;
	const self = new Map();
	samples.forEach((node, i) => {
		if (at[i] < from || at[i] > best.end) return;
		const name = node.callFrame.functionName;
		if (name === '(idle)' || name === '(program)') return;
		const time = duration(i);
		busy += time;
		if (stackHas(node, 'sendFrame')) frames += time;
		const where = node.callFrame.url.split('/').slice(-2).join('/');
		const key = `${name || '(anonymous)'}${where ? ` ${where}` : ''}`;
		self.set(key, (self.get(key) ?? 0) + time);
	});
	const perVote = (micros) => micros / 1000 / votes;
	return {
		busyMsPerVote: perVote(busy),
		deviceFramesMsPerVote: perVote(frames),
		top: [...self]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([name, micros]) => ({ name, msPerVote: perVote(micros) }))
	};
}
