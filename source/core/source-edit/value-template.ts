/**
 * A rendered field seen as a template over chart values: the probe render shows which values fill
 * which part of the field (`dwprb3x:dwprb4x` is image.repository, ':', image.tag). To give the
 * field a new value, solve the template for the fewest values that must change; when more than one
 * answer is possible, there is no exact edit. Pure.
 */

export type TemplatePart = {literal: string} | {value: number};

const tokenPattern = /dwprb(\d+)x/g;

/** The probe string that stands for value number `index`. */
export function probeToken(index: number): string {
	return `dwprb${index}x`;
}

/** True when `text` contains a probe string (a render that already has one cannot be probed). */
export function containsProbe(text: string): boolean {
	return /dwprb\d+x/.test(text);
}

/** The parts of a probed field value. */
export function parseTemplate(text: string): TemplatePart[] {
	const parts: TemplatePart[] = [];
	let last = 0;
	for (const match of text.matchAll(tokenPattern)) {
		if (match.index > last) parts.push({literal: text.slice(last, match.index)});
		parts.push({value: Number(match[1])});
		last = match.index + match[0].length;
	}
	if (last < text.length) parts.push({literal: text.slice(last)});
	return parts;
}

/** The value numbers a template uses. */
export function templateValues(parts: readonly TemplatePart[]): number[] {
	return [...new Set(parts.flatMap(part => ('value' in part ? [part.value] : [])))];
}

/** `text` with every probe string replaced by its value's current text. */
export function fillTemplate(parts: readonly TemplatePart[], values: ReadonlyMap<number, string>): string {
	return parts.map(part => ('literal' in part ? part.literal : (values.get(part.value) ?? ''))).join('');
}

/**
 * The new texts of the fewest values that make the template read `target`, others kept at
 * `current`. Undefined when no assignment works; 'ambiguous' when several do.
 */
export function solveTemplate(
	parts: readonly TemplatePart[],
	current: ReadonlyMap<number, string>,
	target: string,
): Map<number, string> | 'ambiguous' | undefined {
	const values = templateValues(parts);
	for (let size = 1; size <= values.length; size++) {
		const solutions: Array<Map<number, string>> = [];
		for (const free of subsets(values, size)) {
			for (const solution of match(parts, 0, target, 0, new Set(free), current, new Map())) {
				solutions.push(solution);
				if (solutions.length > 1) return 'ambiguous';
			}
		}
		if (solutions.length === 1) return solutions[0];
	}
	return undefined;
}

/**
 * The texts the values print as in `target`, when the template splits it in exactly one way (a
 * value may print as something else than it is: `default .Chart.AppVersion` fills an empty tag).
 */
export function splitTemplate(parts: readonly TemplatePart[], target: string): Map<number, string> | undefined {
	const solutions = match(parts, 0, target, 0, new Set(templateValues(parts)), new Map(), new Map());
	const first = solutions.next();
	if (first.done === true || solutions.next().done !== true) return undefined;
	return first.value;
}

function* match(
	parts: readonly TemplatePart[],
	index: number,
	target: string,
	offset: number,
	free: ReadonlySet<number>,
	current: ReadonlyMap<number, string>,
	bound: Map<number, string>,
): Generator<Map<number, string>> {
	const part = parts[index];
	if (part === undefined) {
		if (offset === target.length) yield new Map(bound);
		return;
	}
	const fixed = 'literal' in part ? part.literal : free.has(part.value) ? bound.get(part.value) : (current.get(part.value) ?? '');
	if (fixed !== undefined) {
		if (target.startsWith(fixed, offset)) yield* match(parts, index + 1, target, offset + fixed.length, free, current, bound);
		return;
	}
	const variable = (part as {value: number}).value;
	for (let end = offset; end <= target.length; end++) {
		bound.set(variable, target.slice(offset, end));
		yield* match(parts, index + 1, target, end, free, current, bound);
		bound.delete(variable);
	}
}

function subsets(values: readonly number[], size: number): number[][] {
	if (size === 0) return [[]];
	const result: number[][] = [];
	values.forEach((value, index) => {
		for (const rest of subsets(values.slice(index + 1), size - 1)) result.push([value, ...rest]);
	});
	return result;
}
