/**
 * Glob matching with the syntax and semantics of gobwas/glob, the library Argo CD matches with
 * (directory include/exclude, AppProject source repos, destinations and kinds), so a pattern
 * written for Argo CD selects the same things here:
 * - `*` matches any run of characters except the separators, `**` any run at all; without a
 *   separator (directory include/exclude) the two are the same;
 * - `?` one character (not a separator); `[abc]`, `[a-z]` and `[!...]` a character class (one set
 *   or one range, as gobwas lexes them); `{a,b}` alternatives, nestable; `\` escapes;
 * - `,` outside braces and a `}` without `{` are plain characters;
 * - a malformed pattern (unclosed `[` or `{`, a class mixing range and set, a trailing `\`) matches
 *   nothing, as Argo CD's glob.Match returns false when the pattern does not compile.
 * Patterns come from repositories, so matching is a set-of-states walk over the pattern, linear in
 * the text for a given pattern: no backtracking regular expression a hostile pattern could make
 * take forever. Pure.
 */

type Node =
	| {type: 'char'; char: string}
	| {type: 'single'}
	| {type: 'any'}
	| {type: 'super'}
	| {type: 'class'; negated: boolean; test: (char: string) => boolean}
	| {type: 'alternatives'; branches: Node[][]};

/** A compiled pattern: states that consume a character, and epsilon states (splits). */
interface State {
	/** Consumes one character when it passes; then goes to `next`. */
	consume?: (char: string) => boolean;
	next: number[];
}

interface Matcher {
	states: State[];
	start: number;
	accept: number;
}

class InvalidPattern extends Error {}

const compiled = new Map<string, Matcher | null>();
/** Patterns are few (a project's lists, an app's include); the cap only bounds a hostile flood. */
const cacheLimit = 1000;

/** Whether `value` matches `pattern`; `separator` (e.g. '/') stops `*` and `?`. */
export function globMatch(pattern: string, value: string, separator?: string): boolean {
	const key = `${separator ?? ''}\u0000${pattern}`;
	let matcher = compiled.get(key);
	if (matcher === undefined) {
		matcher = compile(pattern, separator);
		if (compiled.size >= cacheLimit) compiled.clear();
		compiled.set(key, matcher);
	}
	return matcher !== null && run(matcher, value);
}

function compile(pattern: string, separator: string | undefined): Matcher | null {
	try {
		const parser = new Parser([...pattern]);
		const nodes = parser.sequence(false);
		if (!parser.done()) throw new InvalidPattern('unexpected character');
		const states: State[] = [];
		const accept = states.push({next: []}) - 1;
		const start = build(nodes, accept, states, separator);
		return {states, start, accept};
	} catch (error) {
		if (error instanceof InvalidPattern) return null;
		throw error;
	}
}

class Parser {
	private index = 0;

	constructor(private readonly chars: readonly string[]) {}

	done(): boolean {
		return this.index >= this.chars.length;
	}

	/** Nodes up to the end, or (inside braces) up to an unescaped ',' or '}'. */
	sequence(inBraces: boolean): Node[] {
		const nodes: Node[] = [];
		while (!this.done()) {
			const char = this.chars[this.index] ?? '';
			if (inBraces && (char === ',' || char === '}')) break;
			this.index++;
			if (char === '*') {
				if (this.chars[this.index] === '*') {
					this.index++;
					nodes.push({type: 'super'});
				} else nodes.push({type: 'any'});
			} else if (char === '?') nodes.push({type: 'single'});
			else if (char === '[') nodes.push(this.characterClass());
			else if (char === '{') nodes.push(this.alternatives());
			else if (char === '\\') nodes.push({type: 'char', char: this.escaped()});
			else nodes.push({type: 'char', char});
		}
		return nodes;
	}

	private escaped(): string {
		const char = this.chars[this.index++];
		if (char === undefined) throw new InvalidPattern('trailing backslash');
		return char;
	}

	private alternatives(): Node {
		const branches: Node[][] = [];
		for (;;) {
			branches.push(this.sequence(true));
			const char = this.chars[this.index++];
			if (char === '}') return {type: 'alternatives', branches};
			if (char !== ',') throw new InvalidPattern('unclosed {');
		}
	}

	// gobwas lexes a class as an optional '!', then either one range (lo '-' hi) or a set of characters.
	private characterClass(): Node {
		const negated = this.chars[this.index] === '!';
		if (negated) this.index++;
		const first = this.chars[this.index];
		if (first === undefined) throw new InvalidPattern('unclosed [');
		if (this.chars[this.index + 1] === '-' && first !== ']') {
			const lo = first;
			const hi = this.chars[this.index + 2];
			if (hi === undefined || this.chars[this.index + 3] !== ']') throw new InvalidPattern('malformed range');
			this.index += 4;
			const [low, high] = [lo.codePointAt(0) ?? 0, hi.codePointAt(0) ?? 0];
			return {type: 'class', negated, test: char => (char.codePointAt(0) ?? -1) >= low && (char.codePointAt(0) ?? -1) <= high};
		}
		const set = new Set<string>();
		for (;;) {
			const char = this.chars[this.index++];
			if (char === undefined) throw new InvalidPattern('unclosed [');
			if (char === ']') break;
			set.add(char === '\\' ? this.escaped() : char);
		}
		if (set.size === 0) throw new InvalidPattern('empty class');
		return {type: 'class', negated, test: char => set.has(char)};
	}
}

/** Thompson construction, back to front: returns the entry state of `nodes` followed by `next`. */
function build(nodes: readonly Node[], next: number, states: State[], separator: string | undefined): number {
	let entry = next;
	const notSeparator = (char: string) => separator === undefined || !separator.includes(char);
	for (let index = nodes.length - 1; index >= 0; index--) {
		const node = nodes[index];
		if (node === undefined) continue;
		switch (node.type) {
			case 'char':
				entry = states.push({consume: char => char === node.char, next: [entry]}) - 1;
				break;
			case 'single':
				entry = states.push({consume: notSeparator, next: [entry]}) - 1;
				break;
			case 'class':
				entry = states.push({consume: char => node.test(char) !== node.negated, next: [entry]}) - 1;
				break;
			case 'any':
			case 'super': {
				// A loop: the split either consumes one more character and comes back, or moves on.
				const split = states.push({next: []}) - 1;
				const loop = states.push({consume: node.type === 'super' ? () => true : notSeparator, next: [split]}) - 1;
				const splitState = states[split];
				if (splitState) splitState.next = [loop, entry];
				entry = split;
				break;
			}
			case 'alternatives': {
				const after = entry;
				entry = states.push({next: node.branches.map(branch => build(branch, after, states, separator))}) - 1;
				break;
			}
		}
	}
	return entry;
}

/** Walks the set of live states over the value's characters (code points). */
function run(matcher: Matcher, value: string): boolean {
	const {states} = matcher;
	let current = closure([matcher.start], states);
	for (const char of value) {
		const stepped: number[] = [];
		for (const index of current) {
			const state = states[index];
			if (state?.consume?.(char)) stepped.push(...state.next);
		}
		if (stepped.length === 0) return false;
		current = closure(stepped, states);
	}
	return current.includes(matcher.accept);
}

/** The states reachable without consuming, keeping only consuming states and the accept state. */
function closure(seeds: readonly number[], states: readonly State[]): number[] {
	const seen = new Set<number>();
	const result: number[] = [];
	const stack = [...seeds];
	while (stack.length > 0) {
		const index = stack.pop();
		if (index === undefined || seen.has(index)) continue;
		seen.add(index);
		const state = states[index];
		if (!state) continue;
		if (state.consume || state.next.length === 0) result.push(index);
		else stack.push(...state.next);
	}
	return result;
}
