/**
 * The owner tree below an app's objects (Deployment > ReplicaSet > Pod), from ownerReferences.
 * Pure: the caller passes every live object it knows in the app's namespaces.
 */
import type {KubeObject} from './kube-object.js';

export interface TreeNode {
	object: KubeObject;
	children: TreeNode[];
}

/** Objects by the uid of each owner they name: build it once, then ask for many trees. */
export type OwnerIndex = ReadonlyMap<string, readonly KubeObject[]>;

export function indexByOwner(candidates: readonly KubeObject[]): OwnerIndex {
	const byOwner = new Map<string, KubeObject[]>();
	for (const candidate of candidates) {
		for (const owner of candidate.metadata.ownerReferences ?? []) {
			const list = byOwner.get(owner.uid) ?? [];
			list.push(candidate);
			byOwner.set(owner.uid, list);
		}
	}
	return byOwner;
}

/**
 * Children of `root`, recursively, matched by owner uid; cycles and self-references are ignored.
 * Callers building trees for many roots pass one {@link indexByOwner} instead of the candidates,
 * so each recompute indexes the app's pods once, not once per object.
 */
export function ownedTree(root: KubeObject, candidates: readonly KubeObject[] | OwnerIndex): TreeNode {
	const byOwner = Array.isArray(candidates) ? indexByOwner(candidates) : (candidates as OwnerIndex);
	const seen = new Set<string>();
	const build = (object: KubeObject): TreeNode => {
		const uid = object.metadata.uid ?? '';
		if (uid) seen.add(uid);
		const children = (uid ? (byOwner.get(uid) ?? []) : [])
			.filter(child => !seen.has(child.metadata.uid ?? ''))
			.sort((a, b) => a.kind.localeCompare(b.kind) || a.metadata.name.localeCompare(b.metadata.name))
			.map(build);
		return {object, children};
	};
	return build(root);
}

/** Every object below a node, depth first (the node itself excluded). */
export function descendants(node: TreeNode): KubeObject[] {
	return node.children.flatMap(child => [child.object, ...descendants(child)]);
}
