/**
 * Plain app states and statuses for the pure tests of the reducer, the policies and the status
 * transitions: no runtime, no ports.
 */
import type {AppStatus, ObjectState, RevisionInfo} from '../../../../source/core/app-status.js';
import {keyString, type ResourceKey} from '../../../../source/core/kube-object.js';
import type {AppEvent} from '../../../../source/engine/app-events.js';
import {type AppState, initialAppState} from '../../../../source/engine/app-state.js';
import type {AppPolicy} from '../../../../source/engine/engine-state.js';
import {reduceApp} from '../../../../source/engine/reduce-app.js';
import {appDefinition} from './fixtures.js';

export const t0 = Date.parse('2025-03-01T10:00:00Z');

export const webKey: ResourceKey = {group: 'apps', kind: 'Deployment', namespace: 'demo', name: 'web'};
export const configKey: ResourceKey = {group: '', kind: 'ConfigMap', namespace: 'demo', name: 'config'};
export const oldKey: ResourceKey = {group: '', kind: 'ConfigMap', namespace: 'demo', name: 'old'};

export function revision(sha: string, subject = `commit ${sha}`): RevisionInfo {
	return {
		repoURL: 'memory://shop.git',
		path: 'deploy',
		targetRevision: 'HEAD',
		sha,
		shortSha: sha.slice(0, 7),
		subject,
		author: 'Ana',
		date: '2025-01-01T00:00:00Z',
	};
}

export function objectState(key: ResourceKey, drift: ObjectState['drift'] = 'none', fields: Partial<ObjectState> = {}): ObjectState {
	return {
		key,
		apiVersion: key.group ? `${key.group}/v1` : 'v1',
		syncStatus: drift === 'none' ? 'Synced' : 'OutOfSync',
		drift,
		changedPaths: drift === 'modified' ? ['/spec/replicas'] : drift === 'none' ? [] : [''],
		diff: null,
		health: null,
		attribution: [],
		warnings: [],
		...fields,
	};
}

export function appStatus(objects: ObjectState[], fields: Partial<AppStatus> = {}): AppStatus {
	const rev = fields.revision === undefined ? revision('aaaaaaa1') : fields.revision;
	return {
		name: 'shop',
		syncStatus: objects.some(entry => entry.syncStatus === 'OutOfSync') ? 'OutOfSync' : 'Synced',
		health: {status: 'Healthy', message: ''},
		revision: rev,
		revisions: rev ? [rev] : [],
		objects,
		counts: {
			synced: objects.filter(entry => entry.drift === 'none').length,
			modified: objects.filter(entry => entry.drift === 'modified').length,
			missing: objects.filter(entry => entry.drift === 'missing').length,
			extra: objects.filter(entry => entry.drift === 'extra').length,
		},
		error: null,
		warnings: [],
		notices: [],
		comparedAt: new Date(t0).toISOString(),
		...fields,
	};
}

/** An app state at `t0` before anything happened. */
export function initial(options: {policy?: Partial<AppPolicy>; readOnly?: boolean} = {}): AppState {
	const policy = {autoSync: false, selfHeal: false, prune: false, ...options.policy};
	return initialAppState(appDefinition(), policy, options.readOnly ?? false, t0);
}

/** `state` folded through `events`. */
export function fold(state: AppState, ...events: AppEvent[]): AppState {
	return events.reduce(reduceApp, state);
}

/** `state` after Git rendered `sha`. */
export function rendered(state: AppState, sha = 'aaaaaaa1', time = t0): AppState {
	return fold(state, {type: 'RevisionRendered', time, desired: [], revisions: [revision(sha)], notices: []});
}

/** `state` after a comparison (of the current render) found `objects`. */
export function compared(
	state: AppState,
	objects: ObjectState[],
	options: {time?: number; tracked?: string[]; status?: Partial<AppStatus>} = {},
): AppState {
	const status = appStatus(objects, {revision: state.revisions[0] ?? null, ...options.status});
	const before = new Map(state.status.objects.map(object => [keyString(object.key), object]));
	const changes = objects.map(after => ({key: keyString(after.key), before: before.get(keyString(after.key)), after}));
	return fold(state, {
		type: 'LiveCompared',
		time: options.time ?? t0,
		renderEpoch: state.renderEpoch,
		status,
		tree: [],
		changes,
		tracked: options.tracked ?? [],
	});
}
