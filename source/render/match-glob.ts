/**
 * Glob patterns for `directory.include` / `directory.exclude`, with Argo CD's semantics: the
 * pattern is matched against the file's path relative to the source directory, `*` and `?` also
 * cross `/` (Argo CD compiles gobwas/glob without separators, so `*.yaml` matches `sub/x.yaml`),
 * `{a,b}` is an alternative and `[abc]` / `[!abc]` a character class.
 */

/** Whether `relativePath` (with `/` separators) matches `pattern`. */
export function matchesGlob(pattern: string, relativePath: string): boolean {
	return globToRegExp(pattern).test(relativePath);
}

const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
	const known = cache.get(pattern);
	if (known) return known;
	const compiled = new RegExp(`^${translate(pattern)}$`, 's');
	cache.set(pattern, compiled);
	return compiled;
}

function translate(pattern: string): string {
	let out = '';
	let braceDepth = 0;
	for (let index = 0; index < pattern.length; index++) {
		const char = pattern[index] ?? '';
		switch (char) {
			case '*':
				// `**` and `*` mean the same here: any run of characters.
				while (pattern[index + 1] === '*') index++;
				out += '.*';
				break;
			case '?':
				out += '.';
				break;
			case '{':
				braceDepth++;
				out += '(?:';
				break;
			case '}':
				if (braceDepth > 0) {
					braceDepth--;
					out += ')';
				} else out += '\\}';
				break;
			case ',':
				out += braceDepth > 0 ? '|' : ',';
				break;
			case '[': {
				const close = pattern.indexOf(']', index + 2);
				if (close === -1) {
					out += '\\[';
					break;
				}
				let body = pattern.slice(index + 1, close);
				const negated = body.startsWith('!') || body.startsWith('^');
				if (negated) body = body.slice(1);
				out += `[${negated ? '^' : ''}${body.replaceAll('\\', '\\\\').replaceAll(']', '\\]')}]`;
				index = close;
				break;
			}
			case '\\':
				index++;
				out += escapeRegExp(pattern[index] ?? '\\');
				break;
			default:
				out += escapeRegExp(char);
		}
	}
	// Close an unclosed `{` rather than produce an invalid expression.
	for (; braceDepth > 0; braceDepth--) out += ')';
	return out;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');
}
