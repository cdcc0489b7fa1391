/**
 * The app screen's rows: the owner tree (Deployment > ReplicaSet > Pod) from AppView.tree,
 * top-level objects grouped by kind, with each managed object's drift from AppStatus.objects.
 * Objects Git wants that have no tree node (missing live) are added as roots. Pure.
 */
import type {ObjectState} from '../core/app-status.js';
import {keyString} from '../core/kube-object.js';
import type {AppView, ResourceNode} from '../engine/engine-state.js';
import type {PodRef} from './navigation.js';
import {matchesFilter} from './select-apps.js';

/** One row of the tree. */
export interface TreeRow {
	id: string;
	node: ResourceNode;
	depth: number;
	/** Tree guides drawn before the name: '├─ ', '│  └─ '. */
	guide: string;
	/** The managed object's state; absent for children Git does not manage. */
	object?: ObjectState;
	parent?: TreeRow;
}

/** Roughly the order Argo CD applies kinds in, so the tree reads top-down like the manifests. */
const kindOrder = [
	'Namespace',
	'CustomResourceDefinition',
	'ServiceAccount',
	'ClusterRole',
	'ClusterRoleBinding',
	'Role',
	'RoleBinding',
	'ConfigMap',
	'Secret',
	'PersistentVolumeClaim',
	'Service',
	'Deployment',
	'StatefulSet',
	'DaemonSet',
	'ReplicaSet',
	'Job',
	'CronJob',
	'Pod',
	'Ingress',
	'HorizontalPodAutoscaler',
];

function kindRank(kind: string): number {
	const index = kindOrder.indexOf(kind);
	return index === -1 ? kindOrder.length : index;
}

/** The order of the tree's rows: by kind (apply order), then kind and name. */
export function compareNodes(a: ResourceNode, b: ResourceNode): number {
	return kindRank(a.key.kind) - kindRank(b.key.kind) || a.key.kind.localeCompare(b.key.kind) || a.key.name.localeCompare(b.key.name);
}

function nodeWords(node: ResourceNode, object: ObjectState | undefined): string[] {
	return [
		node.key.kind,
		node.key.name,
		node.key.namespace,
		node.syncStatus ?? object?.syncStatus,
		node.health?.status,
		node.liveState,
		object && object.drift !== 'none' ? object.drift : undefined,
	].filter((word): word is string => word !== undefined);
}

/** Tree nodes plus roots for managed objects the tree lacks. */
export function treeRoots(app: AppView): ResourceNode[] {
	const present = new Set<string>();
	const visit = (node: ResourceNode) => {
		present.add(keyString(node.key));
		node.children.forEach(visit);
	};
	app.tree.forEach(visit);
	const extra = app.status.objects
		.filter(object => !present.has(keyString(object.key)))
		.map((object): ResourceNode => ({
			key: object.key,
			apiVersion: object.apiVersion,
			syncStatus: object.syncStatus,
			health: object.health,
			liveState: object.liveState,
			children: [],
		}));
	return [...app.tree, ...extra].sort(compareNodes);
}

/** The rows of one top-level subtree, or none when a filter matches nothing in it. */
export function subtreeRows(root: ResourceNode, objectOf: (id: string) => ObjectState | undefined, filter: string): TreeRow[] {
	const rows: TreeRow[] = [];
	const matches = (node: ResourceNode): boolean =>
		matchesFilter(nodeWords(node, objectOf(keyString(node.key))), filter) || node.children.some(matches);
	if (filter && !matches(root)) return rows;
	const walk = (node: ResourceNode, depth: number, lead: string, last: boolean, parent: TreeRow | undefined) => {
		const id = keyString(node.key);
		const guide = depth === 0 ? '' : `${lead}${last ? '└─ ' : '├─ '}`;
		const row: TreeRow = {id, node, depth, guide, object: objectOf(id), parent};
		rows.push(row);
		const children = [...node.children].sort(compareNodes);
		const childLead = depth === 0 ? '' : `${lead}${last ? '   ' : '│  '}`;
		children.forEach((child, index) => walk(child, depth + 1, childLead, index === children.length - 1, row));
	};
	walk(root, 0, '', true, undefined);
	return rows;
}

/** Flattened rows; a filter keeps each top-level subtree that has a match anywhere in it. */
export function treeRows(app: AppView, filter = ''): TreeRow[] {
	const objects = new Map(app.status.objects.map(object => [keyString(object.key), object]));
	return treeRoots(app).flatMap(root => subtreeRows(root, id => objects.get(id), filter));
}

const troubled = /BackOff|Err|Fail|OOM|Evicted|Pending|Creating/i;

function needsAttention(node: ResourceNode): boolean {
	return node.health?.status === 'Degraded' || node.health?.status === 'Progressing' || troubled.test(node.liveState ?? '');
}

/**
 * The pod whose logs explain a row: the pod itself, else the first troubled pod below it
 * (CrashLoopBackOff, Degraded...), else the first pod below it.
 */
export function podForLogs(node: ResourceNode): {pod: PodRef; containers: string[]} | null {
	const pods: ResourceNode[] = [];
	const collect = (candidate: ResourceNode) => {
		if (candidate.key.kind === 'Pod') pods.push(candidate);
		candidate.children.forEach(collect);
	};
	collect(node);
	const pod = pods.find(needsAttention) ?? pods[0];
	if (!pod) return null;
	return {pod: {namespace: pod.key.namespace, name: pod.key.name}, containers: pod.containers ?? []};
}
