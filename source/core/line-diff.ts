/**
 * A line diff (Myers' O(ND) algorithm) and unified-diff hunks with N lines of context, for showing
 * two YAML documents the way `diff -u` and `kubectl diff` do. Pure.
 */

/** One line of a unified diff. `@` lines (file and hunk headers) are printed as their text alone. */
export interface UnifiedLine {
	op: ' ' | '+' | '-' | '@';
	text: string;
}

/** One line of an edit script: kept, removed from the left, or added from the right. */
export interface LineEdit {
	op: ' ' | '-' | '+';
	text: string;
}

/**
 * Beyond this many differing lines the shortest edit script is not searched for: the middle is
 * shown as one removed block and one added block, which keeps memory bounded on huge objects.
 */
const maxEditDistance = 2000;

/** The shortest edit script turning `left` into `right`. */
export function diffLines(left: readonly string[], right: readonly string[]): LineEdit[] {
	let head = 0;
	while (head < left.length && head < right.length && left[head] === right[head]) head++;
	let tail = 0;
	while (tail < left.length - head && tail < right.length - head && left[left.length - 1 - tail] === right[right.length - 1 - tail]) tail++;
	const kept = (lines: readonly string[]): LineEdit[] => lines.map(text => ({op: ' ', text}));
	const middleLeft = left.slice(head, left.length - tail);
	const middleRight = right.slice(head, right.length - tail);
	const middle = myers(middleLeft, middleRight) ?? [
		...middleLeft.map((text): LineEdit => ({op: '-', text})),
		...middleRight.map((text): LineEdit => ({op: '+', text})),
	];
	return [...kept(left.slice(0, head)), ...middle, ...kept(left.slice(left.length - tail))];
}

/** Myers' greedy algorithm with a trace of each round's frontier, walked back to an edit script. */
function myers(a: readonly string[], b: readonly string[]): LineEdit[] | undefined {
	const n = a.length;
	const m = b.length;
	if (n === 0 || m === 0) return [...a.map((text): LineEdit => ({op: '-', text})), ...b.map((text): LineEdit => ({op: '+', text}))];
	const limit = Math.min(n + m, maxEditDistance);
	const offset = limit + 1;
	const frontier = new Int32Array(2 * limit + 3);
	// trace[d] holds frontier[k] for k in -(d+1)..d+1, as it was before round d.
	const trace: Int32Array[] = [];
	for (let d = 0; d <= limit; d++) {
		trace.push(frontier.slice(offset - d - 1, offset + d + 2));
		for (let k = -d; k <= d; k += 2) {
			const down = k === -d || (k !== d && at(frontier, offset + k - 1) < at(frontier, offset + k + 1));
			let x = down ? at(frontier, offset + k + 1) : at(frontier, offset + k - 1) + 1;
			let y = x - k;
			while (x < n && y < m && a[x] === b[y]) {
				x++;
				y++;
			}
			frontier[offset + k] = x;
			if (x >= n && y >= m) return backtrack(a, b, trace);
		}
	}
	return undefined;
}

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[]): LineEdit[] {
	const edits: LineEdit[] = [];
	let x = a.length;
	let y = b.length;
	for (let d = trace.length - 1; d >= 0; d--) {
		const round = trace[d] ?? new Int32Array();
		const value = (k: number): number => at(round, k + d + 1);
		const k = x - y;
		const previousK = k === -d || (k !== d && value(k - 1) < value(k + 1)) ? k + 1 : k - 1;
		const previousX = value(previousK);
		const previousY = previousX - previousK;
		while (x > previousX && y > previousY) {
			edits.push({op: ' ', text: a[--x] ?? ''});
			y--;
		}
		if (d === 0) break;
		if (x === previousX) edits.push({op: '+', text: b[--y] ?? ''});
		else edits.push({op: '-', text: a[--x] ?? ''});
	}
	return edits.reverse();
}

function at(array: Int32Array, index: number): number {
	return array[index] ?? 0;
}

/** Labels for the two file header lines. */
export interface UnifiedOptions {
	/** Lines of context around each change; `Infinity` shows everything in one hunk. Default 3. */
	context?: number;
	/** Default 'live'. */
	leftLabel?: string;
	/** Default 'desired'. */
	rightLabel?: string;
}

/**
 * A unified diff: `--- left`, `+++ right`, then `@@ -l,n +r,m @@` hunks. Empty when the two sides
 * are equal. Counts of 1 are omitted from hunk headers, as GNU diff does.
 */
export function unifiedDiff(left: readonly string[], right: readonly string[], options: UnifiedOptions = {}): UnifiedLine[] {
	const context = Math.max(0, options.context ?? 3);
	const edits = diffLines(left, right);
	const changes = edits.flatMap((edit, index) => (edit.op === ' ' ? [] : [index]));
	const first = changes[0];
	if (first === undefined) return [];
	const lines: UnifiedLine[] = [
		{op: '@', text: `--- ${options.leftLabel ?? 'live'}`},
		{op: '@', text: `+++ ${options.rightLabel ?? 'desired'}`},
	];
	// Hunks: runs of changes whose gaps of kept lines are at most 2 x context.
	let start = first;
	let end = first;
	for (const index of [...changes.slice(1), undefined]) {
		if (index !== undefined && index - end - 1 <= 2 * context) {
			end = index;
			continue;
		}
		lines.push(...hunk(edits, Math.max(0, start - context), Math.min(edits.length, end + 1 + context)));
		if (index !== undefined) start = end = index;
	}
	return lines;
}

function hunk(edits: readonly LineEdit[], from: number, to: number): UnifiedLine[] {
	let leftStart = 0;
	let rightStart = 0;
	for (const edit of edits.slice(0, from)) {
		if (edit.op !== '+') leftStart++;
		if (edit.op !== '-') rightStart++;
	}
	const body = edits.slice(from, to);
	const leftCount = body.filter(edit => edit.op !== '+').length;
	const rightCount = body.filter(edit => edit.op !== '-').length;
	const header = `@@ -${range(leftStart, leftCount)} +${range(rightStart, rightCount)} @@`;
	return [{op: '@', text: header}, ...body.map(({op, text}): UnifiedLine => ({op, text}))];
}

// GNU style: 1-based start, or the line before an empty range; the count is left out when it is 1.
function range(start: number, count: number): string {
	if (count === 0) return `${start},0`;
	return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}
