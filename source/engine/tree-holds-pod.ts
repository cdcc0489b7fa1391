import type {ResourceNode} from '../core/app-status.js';

/** True when an app's resource tree holds this pod (at any depth): its cluster serves the pod's log. */
export function treeHoldsPod(tree: readonly ResourceNode[], pod: {namespace: string; name: string}): boolean {
	return tree.some(
		node =>
			(node.key.kind === 'Pod' && node.key.namespace === pod.namespace && node.key.name === pod.name) || treeHoldsPod(node.children, pod),
	);
}
