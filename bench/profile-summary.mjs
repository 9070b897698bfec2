// Summarizes a CPU profile written with BENCH_PROFILE_SERVER (node --cpu-prof): where the
// process spent its time (self time per function), and its longest stretches without a pause,
// with what filled the longest. A stretch is what a request or a publication waits behind.
//
//   node bench/profile-summary.mjs <file.cpuprofile> [last seconds] [top]
//
// The profiler samples wall-clock time: a system call that blocks (a socket write on a busy
// machine) counts as time in the function that made it.
import { readFileSync } from 'node:fs';

const [file, lastSeconds, top = '25'] = process.argv.slice(2);
if (!file) {
	console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [last seconds] [top]');
	process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const IDLE = new Set(['(idle)', '(program)']);

const name = (node) => {
	const { functionName, url, lineNumber } = node.callFrame;
	const where = url ? ` ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
	return `${functionName || '(anonymous)'}${where}`;
};

// Sample i lasts until the next one; its time in µs from the profile's start.
const at = [];
let clock = profile.startTime;
for (const delta of profile.timeDeltas) at.push((clock += delta));
const duration = (i) => (i + 1 < at.length ? at[i + 1] - at[i] : 0);
const from = lastSeconds ? at.at(-1) - Number(lastSeconds) * 1e6 : -Infinity;

const self = new Map();
const stretches = [];
let stretch;
for (let i = 0; i < profile.samples.length; i++) {
	if (at[i] < from) continue;
	const node = nodes.get(profile.samples[i]);
	const key = name(node);
	self.set(key, (self.get(key) ?? 0) + duration(i));
	if (IDLE.has(node.callFrame.functionName)) {
		if (stretch) stretches.push(stretch);
		stretch = undefined;
	} else {
		stretch ??= { start: i, end: i };
		stretch.end = i;
	}
}
if (stretch) stretches.push(stretch);

const ms = (micros) => (micros / 1000).toFixed(1).padStart(9);
const total = [...self.values()].reduce((sum, t) => sum + t, 0);
console.log(`${ms(total)} ms profiled${lastSeconds ? ` (the last ${lastSeconds} s)` : ''}`);
for (const [key, time] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
	console.log(`${ms(time)} ms  ${key}`);
}
const length = (s) => at[s.end] + duration(s.end) - at[s.start];
stretches.sort((a, b) => length(b) - length(a));
console.log(
	`\nlongest stretches without a pause (ms):${stretches
		.slice(0, 10)
		.map((s) => ms(length(s)))
		.join('')}`
);
const longest = stretches[0];
if (longest) {
	const within = new Map();
	for (let i = longest.start; i <= longest.end; i++) {
		const key = name(nodes.get(profile.samples[i]));
		within.set(key, (within.get(key) ?? 0) + duration(i));
	}
	console.log('the longest, by function:');
	for (const [key, time] of [...within].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
		console.log(`${ms(time)} ms  ${key}`);
	}
}
