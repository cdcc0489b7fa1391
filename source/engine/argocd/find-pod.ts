import type {ResourceNode} from '../../core/app-status.js';

/** True when a resource tree holds this pod (at any depth). */
export function findPod(tree: readonly ResourceNode[], pod: {namespace: string; name: string}): boolean {
	return tree.some(
		node => (node.key.kind === 'Pod' && node.key.namespace === pod.namespace && node.key.name === pod.name) || findPod(node.children, pod),
	);
}
