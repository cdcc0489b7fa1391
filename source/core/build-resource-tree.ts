/**
 * The resource tree a screen shows: each object of the app with its owned children (Deployment >
 * ReplicaSet > Pod), each with health and, for pods, the live state in one word.
 */
import type {ObjectState, ResourceNode} from './app-status.js';
import {assessHealth} from './health/index.js';
import {type KubeObject, keyString, resourceKeyOf} from './kube-object.js';
import {podContainers, podLiveState} from './pod-live-state.js';
import {indexByOwner, type OwnerIndex, ownedTree, type TreeNode} from './resource-tree.js';

export function buildResourceTree(
	objects: readonly ObjectState[],
	liveByKey: ReadonlyMap<string, KubeObject>,
	related: readonly KubeObject[],
): ResourceNode[] {
	const owners = indexByOwner(related);
	return objects.map(state => resourceNodeOf(state, liveByKey.get(keyString(state.key)), owners));
}

/** One object of the app with the children it owns (the live engine builds nodes one by one). */
export function resourceNodeOf(state: ObjectState, live: KubeObject | undefined, owners: OwnerIndex): ResourceNode {
	const children = live ? ownedTree(live, owners).children.map(toNode) : [];
	return {
		key: state.key,
		apiVersion: state.apiVersion,
		syncStatus: state.syncStatus,
		health: state.health,
		...(live?.kind === 'Pod' ? {liveState: podLiveState(live), containers: podContainers(live)} : {}),
		children,
	};
}

function toNode(node: TreeNode): ResourceNode {
	const object = node.object;
	return {
		key: resourceKeyOf(object),
		apiVersion: object.apiVersion,
		health: assessHealth(object),
		...(object.kind === 'Pod' ? {liveState: podLiveState(object), containers: podContainers(object)} : {}),
		children: node.children.map(toNode),
	};
}
