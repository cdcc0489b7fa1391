/**
 * The one way driftwatch prints an object as YAML: the way `kubectl get -o yaml` does (keys in
 * byte order at every level, list items not indented, double quotes), so the diff's two sides line
 * up and the live YAML screen reads like kubectl. No folding, no anchors; strings with control
 * characters come out escaped ("\e[2J"), as js-yaml quotes everything that is not printable. Pure.
 */
import {dump, visit} from 'js-yaml';

/** `value` as YAML text, ending with a newline. */
export function toStableYaml(value: unknown): string {
	return dump(value, {
		lineWidth: -1,
		noRefs: true,
		seqNoIndent: true,
		quoteStyle: 'double',
		transform: documents =>
			visit(documents, node => {
				if (node.kind !== 'mapping') return;
				node.items.sort((a, b) => compareKeys(scalarText(a.key), scalarText(b.key)));
			}),
	});
}

/** `value` as YAML lines, without the final empty one. */
export function yamlLines(value: unknown): string[] {
	const lines = toStableYaml(value).split('\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
}

function scalarText(node: {kind: string; value?: unknown}): string {
	return node.kind === 'scalar' && typeof node.value === 'string' ? node.value : '';
}

function compareKeys(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
