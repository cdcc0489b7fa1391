/**
 * `node .build/bench/profile-summary.js FILE.cpuprofile [TOP]`: where a CPU profile (from
 * `npm run bench -- --cpu-prof DIR`) spent its time: self time per function and per source file,
 * and time including callees for driftwatch's own functions. For the notes on what dominates.
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';

interface ProfileNode {
	id: number;
	callFrame: {functionName: string; url: string; lineNumber: number};
	children?: number[];
}

interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

const [file, topText] = process.argv.slice(2);
if (!file) {
	process.stderr.write('usage: node .build/bench/profile-summary.js FILE.cpuprofile [TOP]\n');
	process.exit(2);
}
const top = Number(topText ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map(node => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfMs = new Map<number, number>();
profile.samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));

const shortUrl = (url: string) => {
	const marker = url.lastIndexOf('/node_modules/');
	if (marker >= 0) return url.slice(marker + 1);
	const own = Math.max(url.indexOf('/dist/'), url.indexOf('/source/'));
	return own >= 0 ? url.slice(own + 1) : url ? path.basename(url) : '(native)';
};
/** driftwatch's code: dist/ when the CLI runs, .build/source/ when the bench loads it in process. */
const isOwn = (url: string) => !url.includes('/node_modules/') && (url.includes('/dist/') || url.includes('/source/'));
const label = (node: ProfileNode) =>
	`${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;

const totalMs = (profile.endTime - profile.startTime) / 1000;
const selfByFunction = new Map<string, number>();
const selfByFile = new Map<string, number>();
const inclusiveOwn = new Map<string, number>();
for (const [id, ms] of selfMs) {
	const node = byId.get(id);
	if (!node) continue;
	selfByFunction.set(label(node), (selfByFunction.get(label(node)) ?? 0) + ms);
	const fileName = shortUrl(node.callFrame.url);
	selfByFile.set(fileName, (selfByFile.get(fileName) ?? 0) + ms);
	// Time including callees, for each of driftwatch's functions on the stack (once per stack).
	const seen = new Set<string>();
	for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
		const frame = byId.get(current);
		if (!frame || !isOwn(frame.callFrame.url)) continue;
		const name = label(frame);
		if (seen.has(name)) continue;
		seen.add(name);
		inclusiveOwn.set(name, (inclusiveOwn.get(name) ?? 0) + ms);
	}
}

const print = (title: string, values: Map<string, number>) => {
	process.stdout.write(`\n${title}\n`);
	for (const [name, ms] of [...values].sort((a, b) => b[1] - a[1]).slice(0, top)) {
		process.stdout.write(`${ms.toFixed(0).padStart(8)} ms ${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${name}\n`);
	}
};
process.stdout.write(`${file}: ${totalMs.toFixed(0)} ms profiled\n`);
print('self time by function', selfByFunction);
print('self time by file', selfByFile);
print("time including callees, driftwatch's own functions", inclusiveOwn);
