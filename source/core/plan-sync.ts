/**
 * What a sync will do, decided before anything is sent: which resources to apply (with the
 * tracking annotation), which hooks to run in which phase, which objects to prune, which prunes an
 * annotation vetoes, which namespaces to create, and whether to refuse; and the order of it all
 * as Argo CD runs it (core/sync-tasks.ts). Pure: the engine executes the plan (execute-sync.ts).
 */
import type {SyncOptions} from './app-definition.js';
import type {ObjectState} from './app-status.js';
import {displayKey, keyString, type KubeObject, type ResourceKey, resourceKeyOf} from './kube-object.js';
import {isHook, isManagedResource, type SyncPhase} from './sync-hooks.js';
import {invalidSyncWave} from './sync-order.js';
import {type SyncTask, syncTasksOf} from './sync-tasks.js';
import {
	type AppTracking,
	argoCdInstallationIdAnnotation,
	argoCdTrackingAnnotation,
	isTrackedBy,
	trackingAnnotation,
	trackingAppOf,
	withTracking,
} from './tracking.js';

export const syncOptionsAnnotation = 'argocd.argoproj.io/sync-options';

export interface SyncPlanInput {
	appName: string;
	/** Which live objects are the app's; default: driftwatch's tracking of `appName` only. */
	tracking?: AppTracking;
	/** Git's objects, namespaces already assigned: resources, hooks and objects marked Skip. */
	desired: KubeObject[];
	/** The current comparison; only `syncStatus` is read (for ApplyOutOfSyncOnly). */
	objects: ObjectState[];
	/** Live objects tracked by this app that Git no longer has (drift 'extra'). */
	extras: KubeObject[];
	options: SyncOptions;
	/** `resources`: 'Kind/name', 'Kind/namespace/name', 'group/Kind/namespace/name' or Argo CD's 'group:Kind:name'. */
	request: {resources?: string[]; prune?: boolean};
	/** Without it, a prune that would delete every resource of the app is refused. */
	allowEmpty: boolean;
	/** Namespaces that exist live; without it, every namespace the applied objects use is created (idempotent). */
	liveNamespaces?: Set<string>;
	/** The revision synced and when the sync starts: they name `generateName` hooks. */
	revision?: string;
	startedAtMs?: number;
}

export interface SyncPlan {
	/** Resources to apply, in order, each with the tracking annotation. */
	apply: KubeObject[];
	/** Live objects to prune, in order: only top-level objects whose tracking names this app and themselves. */
	prune: KubeObject[];
	/** Hooks to run, named for this sync, in order (a hook of two phases runs twice). */
	hooks: Array<{phase: SyncPhase; object: KubeObject}>;
	/** Everything, in the order it runs, skipped tasks included (they shape the steps as in Argo CD). */
	tasks: SyncTask[];
	/** Prunes vetoed by `argocd.argoproj.io/sync-options: Prune=false` (the app stays OutOfSync). */
	skippedPrune: Array<{object: string; reason: string}>;
	/** Namespaces to create before applying (CreateNamespace=true); they get no tracking, so are never pruned. */
	createNamespaces: string[];
	/** Set when the sync must not run at all; the lists are then empty. */
	refusal?: string;
	/** Things the user should know, already formatted. */
	notes: string[];
}

/**
 * Plans a sync. Without ApplyOutOfSyncOnly every selected resource is applied (server-side apply
 * is idempotent, and Synced only means "no difference we show"). A selective sync (and so
 * self-heal) runs no hooks, as in Argo CD.
 */
export function planSync(input: SyncPlanInput): SyncPlan {
	const {appName, options, request} = input;
	const tracking = input.tracking ?? {app: appName};
	const notes: string[] = [];
	const selectors = (request.resources ?? []).map(text => ({text, selector: parseResourceSelector(text), used: false}));
	const selected = (key: ResourceKey): boolean => {
		if (selectors.length === 0) return true;
		let matched = false;
		for (const entry of selectors) {
			if (entry.selector && matchesSelector(entry.selector, key)) entry.used = matched = true;
		}
		return matched;
	};

	const resources = input.desired.filter(isManagedResource);
	const syncStatus = new Map(input.objects.map(state => [keyString(state.key), state.syncStatus]));
	const candidates = resources.filter(object => selected(resourceKeyOf(object)));
	const inSync = (object: KubeObject) => options.applyOutOfSyncOnly && syncStatus.get(keyString(resourceKeyOf(object))) === 'Synced';
	const toApply = candidates.filter(object => !inSync(object));
	if (candidates.length > toApply.length)
		notes.push(`ApplyOutOfSyncOnly: skipping ${candidates.length - toApply.length} object(s) already in sync`);
	const gitHooks = input.desired.filter(isHook);
	const hooks = selectors.length === 0 ? gitHooks : [];
	if (selectors.length > 0 && gitHooks.length > 0)
		notes.push(`${gitHooks.length} hook(s) not run: a sync of chosen resources runs no hooks (as in Argo CD)`);
	for (const object of [...toApply, ...hooks]) {
		const wave = invalidSyncWave(object);
		if (wave !== undefined) notes.push(`${describe(object)}: sync wave "${wave}" is not an integer; using the Helm hook weight or 0`);
	}

	const desiredKeys = new Set(resources.map(object => keyString(resourceKeyOf(object))));
	const prunable: KubeObject[] = [];
	const vetoed: Array<{object: KubeObject; reason: string}> = [];
	for (const live of input.extras) {
		const key = resourceKeyOf(live);
		if (desiredKeys.has(keyString(key)) || !selected(key)) continue;
		if (!isTrackedBy(tracking, live)) {
			notes.push(`${describe(live)} is not pruned: ${notTrackedReason(tracking, live)}`);
			continue;
		}
		const veto = pruneVeto(live);
		if (veto) vetoed.push({object: live, reason: veto});
		else prunable.push(live);
	}

	const unused = selectors.filter(entry => !entry.used).map(entry => entry.text);
	const empty = (refusal: string): SyncPlan => ({
		apply: [],
		prune: [],
		hooks: [],
		tasks: [],
		skippedPrune: [],
		createNamespaces: [],
		refusal,
		notes,
	});
	if (selectors.length > 0 && unused.length === selectors.length) {
		return empty(`no object of app ${appName} matches ${unused.map(text => `"${text}"`).join(', ')}`);
	}
	if (unused.length > 0) notes.push(`nothing matches ${unused.map(text => `"${text}"`).join(', ')}`);
	if (unused.some(text => parseResourceSelector(text) === undefined)) {
		notes.push('resources are written Kind/name, Kind/namespace/name, group/Kind/namespace/name or group:Kind:name');
	}

	const prune = request.prune ? prunable : [];
	if (!request.prune && prunable.length > 0) {
		notes.push(`${prunable.length} object(s) would be pruned with prune enabled: ${prunable.map(describe).join(', ')}`);
	}
	if (prune.length > 0 && resources.length === 0 && !input.allowEmpty) {
		return empty(
			`refusing to prune: Git has no objects for app ${appName}, so the sync would delete all ${prune.length} of its resources (allow empty to do this on purpose)`,
		);
	}
	if (options.replace) notes.push('Replace=true is not supported: objects are server-side applied');

	const tasks = syncTasksOf({
		apply: [
			...toApply.map(object => ({object: withTracking(appName, object)})),
			...candidates.filter(inSync).map(object => ({object: withTracking(appName, object), skip: 'in sync (ApplyOutOfSyncOnly)'})),
		],
		hooks: hooks.map(object => withTracking(appName, object)),
		prune: [
			...prunable.map(object => (request.prune ? {object} : {object, skip: 'requires pruning (prune is off)'})),
			...vetoed.map(({object, reason}) => ({object, skip: reason})),
		],
		pruneLast: options.pruneLast,
		revision: input.revision ?? '',
		startedAtMs: input.startedAtMs ?? 0,
	});
	const live = tasks.filter(task => task.skip === undefined);
	return {
		apply: live.filter(task => task.action === 'apply').map(task => task.object),
		prune: live.filter(task => task.action === 'prune').map(task => task.object),
		hooks: live.filter(task => task.action === 'hook').map(task => ({phase: task.phase, object: task.object})),
		tasks,
		// Without prune nothing is deleted anyway, so no veto is worth reporting.
		skippedPrune: request.prune ? vetoed.map(({object, reason}) => ({object: describe(object), reason})) : [],
		createNamespaces: options.createNamespace ? namespacesToCreate([...toApply, ...hooks], input.desired, input.liveNamespaces) : [],
		notes,
	};
}

/** Argo CD's PrunePropagationPolicy written as the API's DeleteOptions want it. */
export function propagationPolicyOf(options: SyncOptions): 'Foreground' | 'Background' | 'Orphan' {
	const policy = options.prunePropagationPolicy;
	return policy === 'background' ? 'Background' : policy === 'orphan' ? 'Orphan' : 'Foreground';
}

/** Why an object's own sync-options keep it from being pruned, or undefined when nothing does. */
export function pruneVeto(object: KubeObject): string | undefined {
	const raw = object.metadata.annotations?.[syncOptionsAnnotation];
	const values = (raw ?? '').split(',').map(option => option.trim());
	if (values.includes('Prune=false')) return `${syncOptionsAnnotation} has Prune=false`;
	// Argo CD prunes these only after a person confirms; driftwatch has no such step, so it never does.
	if (values.includes('Prune=confirm')) return `${syncOptionsAnnotation} has Prune=confirm (delete it by hand)`;
	return undefined;
}

/** A parsed resource selector; undefined fields match anything. */
export interface ResourceSelector {
	group?: string;
	kind: string;
	namespace?: string;
	name: string;
}

/**
 * Reads 'Kind/name', 'Kind/namespace/name', 'group/Kind/namespace/name' (keyString form: '' is the
 * core group or no namespace) and Argo CD's `--resource` form 'group:Kind:name'. Undefined when malformed.
 */
export function parseResourceSelector(text: string): ResourceSelector | undefined {
	const colon = text.split(':');
	if (colon.length === 3) {
		const [group = '', kind = '', name = ''] = colon;
		return kind && name ? {group, kind, name} : undefined;
	}
	const parts = text.split('/');
	const [a = '', b = '', c = '', d = ''] = parts;
	if (parts.length === 2) return a && b ? {kind: a, name: b} : undefined;
	if (parts.length === 3) return a && c ? {kind: a, namespace: b, name: c} : undefined;
	if (parts.length === 4) return b && d ? {group: a, kind: b, namespace: c, name: d} : undefined;
	return undefined;
}

/** Kinds match case-insensitively ('deployment/web' is what people type); the rest exactly. */
export function matchesSelector(selector: ResourceSelector, key: ResourceKey): boolean {
	return (
		selector.kind.toLowerCase() === key.kind.toLowerCase() &&
		selector.name === key.name &&
		(selector.group === undefined || selector.group === key.group) &&
		(selector.namespace === undefined || selector.namespace === key.namespace)
	);
}

function namespacesToCreate(apply: readonly KubeObject[], desired: readonly KubeObject[], live: Set<string> | undefined): string[] {
	// A Namespace that Git itself declares is applied in order, with tracking, like any object.
	const declared = new Set(
		desired.filter(object => object.kind === 'Namespace' && object.apiVersion === 'v1').map(object => object.metadata.name),
	);
	const needed = new Set(
		apply.map(object => object.metadata.namespace ?? '').filter(name => name && !declared.has(name) && !live?.has(name)),
	);
	return [...needed].sort();
}

function notTrackedReason(tracking: AppTracking, live: KubeObject): string {
	if ((live.metadata.ownerReferences?.length ?? 0) > 0) return 'it has owner references (its owner manages it)';
	if (isHook(live)) return 'it is a hook (hooks are deleted by their hook-delete-policy)';
	const annotations = live.metadata.annotations ?? {};
	if (annotations[trackingAnnotation] === undefined && annotations[argoCdTrackingAnnotation] !== undefined) {
		const owner = trackingAppOf(live) ?? '?';
		if (!tracking.argoCdNames)
			return `it is tracked by Argo CD (app ${owner}); Argo CD's tracking counts only for an app read from an Application (--app)`;
		if (annotations[argoCdInstallationIdAnnotation] !== undefined)
			return 'it carries an Argo CD installation ID: which Argo CD deployed it cannot be told';
		if (!tracking.argoCdNames.includes(owner)) return `it is tracked by Argo CD's app ${owner}`;
		return 'its tracking annotation names another object (copied from it?)';
	}
	const owner = trackingAppOf(live);
	if (owner === undefined) return `it is not tracked by app ${tracking.app}`;
	if (owner !== tracking.app) return `it is tracked by app ${owner}`;
	return 'its tracking annotation names another object (copied from it?)';
}

function describe(object: KubeObject): string {
	return displayKey(resourceKeyOf(object));
}
