/** AppView snapshots of the demo app for the lab's detector tests: the shapes the engine publishes. */
import type {ObjectState} from '../../../../source/core/app-status.js';
import type {AppView, ResourceNode, TimelineEvent} from '../../../../source/engine/engine-state.js';

export const namespace = 'counter';

export function object(kind: string, name: string, overrides: Partial<ObjectState> = {}): ObjectState {
	return {
		key: {group: kind === 'Deployment' ? 'apps' : '', kind, namespace, name},
		apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
		syncStatus: 'Synced',
		drift: 'none',
		changedPaths: [],
		diff: null,
		health: {status: 'Healthy', message: ''},
		attribution: [],
		warnings: [],
		...overrides,
	};
}

export const demoObjects = (): ObjectState[] => [
	object('ConfigMap', 'web-config', {health: null}),
	object('Service', 'redis'),
	object('Service', 'web'),
	object('Deployment', 'redis'),
	object('Deployment', 'web'),
];

function node(kind: string, name: string, children: ResourceNode[] = [], liveState?: string): ResourceNode {
	return {
		key: {group: kind === 'Deployment' || kind === 'ReplicaSet' ? 'apps' : '', kind, namespace, name},
		apiVersion: 'v1',
		health: {status: liveState && liveState !== 'Running' ? 'Progressing' : 'Healthy', message: ''},
		...(liveState ? {liveState} : {}),
		children,
	};
}

/** The web Deployment's tree with these pods (name → live state). */
export function webTree(pods: Record<string, string>): ResourceNode[] {
	return [
		node('Deployment', 'web', [
			node(
				'ReplicaSet',
				'web-5d8f',
				Object.entries(pods).map(([name, state]) => node('Pod', name, [], state)),
			),
		]),
	];
}

const commit = (sha: string) => ({sha, shortSha: sha.slice(0, 7), subject: 'a commit', author: 'lab-user'});

/**
 * A timeline entry as the engine records it. `subject`: the object for object entries, the
 * initiator for 'synced' (default 'user'), the revision for 'rolled-back' (default 'a' x 40).
 */
export function event(
	type: 'healed' | 'drift-detected' | 'pruned' | 'synced' | 'rolled-back',
	time: string,
	subject?: string,
): TimelineEvent {
	const base = {time, app: 'counter'};
	switch (type) {
		case 'healed':
		case 'drift-detected':
			return {...base, type, object: subject ?? '', drift: 'modified', changedPaths: ['/spec/replicas'], attribution: []};
		case 'pruned':
			return {...base, type, object: subject ?? ''};
		case 'synced':
			return {
				...base,
				type,
				revision: commit('a'.repeat(40)),
				initiator: (subject as 'user' | 'auto-sync' | undefined) ?? 'user',
				applied: 1,
				pruned: 0,
				outcome: 'synced',
			};
		case 'rolled-back':
			return {...base, type, revision: commit(subject ?? 'a'.repeat(40)), turnedOff: ['auto-sync', 'self-heal']};
	}
}

export interface ViewOptions {
	sha?: string;
	syncStatus?: AppView['status']['syncStatus'];
	health?: AppView['status']['health']['status'];
	objects?: ObjectState[];
	pods?: Record<string, string>;
	timeline?: TimelineEvent[];
	autoSync?: boolean;
	history?: AppView['history'];
}

export function view(options: ViewOptions = {}): AppView {
	const sha = options.sha ?? 'a'.repeat(40);
	return {
		name: 'counter',
		evaluated: true,
		source: {repoURL: '/lab/remote.git', path: 'chart', targetRevision: 'main'},
		destination: {namespace, context: 'driftwatch-admin', server: 'https://127.0.0.1:6443'},
		policy: {autoSync: options.autoSync ?? true, selfHeal: true, prune: true},
		notifyError: null,
		status: {
			name: 'counter',
			syncStatus: options.syncStatus ?? 'Synced',
			health: {status: options.health ?? 'Healthy', message: ''},
			revision: {
				repoURL: '/lab/remote.git',
				path: 'chart',
				targetRevision: 'main',
				sha,
				shortSha: sha.slice(0, 7),
				subject: 'a commit',
				author: 'lab-user',
				date: '2026-01-01T00:00:00Z',
			},
			revisions: [],
			objects: options.objects ?? demoObjects(),
			counts: {synced: 5, modified: 0, missing: 0, extra: 0},
			error: null,
			warnings: [],
			notices: [],
			comparedAt: '2026-01-01T00:00:00Z',
		},
		poll: {lastFetch: null, nextFetchAt: null, error: null},
		tree: webTree(options.pods ?? {'web-5d8f-aaaaa': 'Running', 'web-5d8f-bbbbb': 'Running'}),
		timeline: options.timeline ?? [],
		history: options.history ?? [],
		operation: null,
		permissions: {
			sync: {allowed: true, reason: ''},
			prune: {allowed: true, reason: ''},
			revert: {allowed: true, reason: ''},
		},
	};
}
