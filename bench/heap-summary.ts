/**
 * `node .build/bench/heap-summary.js FILE.heapsnapshot [TOP]`: what a heap snapshot (from
 * `npm run bench -- --heap-snapshot DIR`) holds, by constructor or string: count and self size.
 * Self sizes only (no retained sizes): enough to see which objects are kept, and how many.
 */
import {readFileSync} from 'node:fs';

interface Snapshot {
	snapshot: {meta: {node_fields: string[]; node_types: [string[], ...unknown[]]}};
	nodes: number[];
	strings: string[];
}

const [file, topText] = process.argv.slice(2);
if (!file) {
	process.stderr.write('usage: node .build/bench/heap-summary.js FILE.heapsnapshot [TOP]\n');
	process.exit(2);
}
const top = Number(topText ?? 30);
const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const fields = heap.snapshot.meta.node_fields;
const types = heap.snapshot.meta.node_types[0];
const width = fields.length;
const typeAt = fields.indexOf('type');
const nameAt = fields.indexOf('name');
const sizeAt = fields.indexOf('self_size');

const groups = new Map<string, {count: number; bytes: number}>();
let total = 0;
for (let offset = 0; offset < heap.nodes.length; offset += width) {
	const type = types[heap.nodes[offset + typeAt] ?? 0] ?? '?';
	const name = heap.strings[heap.nodes[offset + nameAt] ?? 0] ?? '?';
	const bytes = heap.nodes[offset + sizeAt] ?? 0;
	total += bytes;
	const label = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${name}` : type;
	const group = groups.get(label) ?? {count: 0, bytes: 0};
	group.count++;
	group.bytes += bytes;
	groups.set(label, group);
}
process.stdout.write(`${file}: ${(total / 1024 / 1024).toFixed(1)} MB in ${(heap.nodes.length / width).toLocaleString('en-US')} nodes\n`);
for (const [label, group] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top)) {
	process.stdout.write(
		`${(group.bytes / 1024 / 1024).toFixed(1).padStart(8)} MB ${group.count.toLocaleString('en-US').padStart(11)}  ${label}\n`,
	);
}
