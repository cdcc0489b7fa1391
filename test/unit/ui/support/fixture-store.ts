/**
 * An in-memory EngineStore to push snapshots into, and FakeActions that record every call and
 * answer with canned plans, results, commits, live objects and log streams. Fakes of our own
 * ports, so the UI is tested without Kubernetes or Git.
 */
import type {ResourceKey} from '../../../../source/core/kube-object.js';
import type {UnifiedLine} from '../../../../source/core/line-diff.js';
import {keyString} from '../../../../source/core/kube-object.js';
import type {
	ActionPlan,
	ActionResult,
	AppPolicy,
	CommitView,
	EditView,
	EngineActions,
	EngineSnapshot,
	EngineStore,
	RolloutAction,
	SyncRequest,
} from '../../../../source/engine/engine-state.js';

export class FixtureStore implements EngineStore {
	private snapshot: EngineSnapshot;
	private readonly listeners = new Set<() => void>();
	/** How many times a listener was notified (an event storm's size). */
	notifications = 0;

	constructor(initial: EngineSnapshot) {
		this.snapshot = initial;
	}

	getSnapshot = (): EngineSnapshot => this.snapshot;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	};

	/** Publishes a new snapshot (or an update of the current one); the version goes up. */
	push(next: EngineSnapshot | ((previous: EngineSnapshot) => EngineSnapshot)): void {
		const value = typeof next === 'function' ? next(this.snapshot) : next;
		this.snapshot = {...value, version: this.snapshot.version + 1};
		for (const listener of [...this.listeners]) {
			this.notifications++;
			listener();
		}
	}

	get listenerCount(): number {
		return this.listeners.size;
	}
}

export interface RecordedCall {
	method: keyof EngineActions;
	args: unknown[];
}

/** A log stream opened by the UI: push lines into it, see whether the UI stopped it. */
export interface FakeLogStream {
	pod: {namespace: string; name: string};
	container: string | undefined;
	emit(line: string): void;
	fail(message: string): void;
	stopped: boolean;
}

/** A commit of a source edit to apps/web of the fixture's repository. */
function editView(file: string, diff: string[], changes: EditView['changes'], message: string): EditView {
	return {
		repo: 'https://github.com/acme/gitops.git',
		branch: 'main',
		base: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
		pushes: true,
		files: [
			{path: file, created: false, diff: [`diff --git a/${file} b/${file}`, `--- a/${file}`, `+++ b/${file}`, ...diff, ''].join('\n')},
		],
		changes,
		message,
	};
}

const webDeployment = {group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web'};

/** Keeping the fixture's scaled web Deployment (kubectl scaled it to 5; Git says 3), a plain YAML source. */
export const keepEditView: EditView = editView(
	'apps/web/deployment.yaml',
	[
		'@@ -6,7 +6,7 @@ metadata:',
		'   labels:',
		'     app.kubernetes.io/name: web # the Service selects on it',
		' spec:',
		'-  replicas: 3 # raised for the spring sale',
		'+  replicas: 5 # raised for the spring sale',
		'   selector:',
		'     matchLabels:',
		'       app.kubernetes.io/name: web',
	],
	[{change: {object: webDeployment, path: '/spec/replicas', from: 3, to: 5}, file: 'apps/web/deployment.yaml', via: 'in place'}],
	'Keep live spec.replicas of Deployment/web (changed live by kubectl)',
);

/** Setting the web container's image, a Helm value file. */
export const setImageEditView: EditView = editView(
	'apps/web/values-prod.yaml',
	[
		'@@ -1,4 +1,4 @@',
		' # Production: changes here go through review.',
		' replicaCount: 3',
		' image:',
		'-  tag: "1.4.2" # promoted from staging',
		'+  tag: "1.4.3" # promoted from staging',
	],
	[
		{
			change: {
				object: webDeployment,
				path: '/spec/template/spec/containers/0/image',
				from: 'ghcr.io/acme/web:1.4.2',
				to: 'ghcr.io/acme/web:1.4.3',
			},
			file: 'apps/web/values-prod.yaml',
			via: 'value image.tag',
		},
	],
	'Set image web=ghcr.io/acme/web:1.4.3 in Deployment/web',
);

/** Promoting staging's image to prod, two Kustomize overlays. */
export const promoteEditView: EditView = editView(
	'apps/web/overlays/prod/kustomization.yaml',
	[
		'@@ -6,6 +6,6 @@ namePrefix: prod-',
		' images:',
		'   - name: ghcr.io/acme/web',
		'-    newTag: "1.4.2" # promoted from staging',
		'+    newTag: "1.4.3" # promoted from staging',
		' replicas:',
		'   - name: web',
	],
	[
		{
			change: {
				object: webDeployment,
				path: '/spec/template/spec/containers/0/image',
				from: 'ghcr.io/acme/web:1.4.2',
				to: 'ghcr.io/acme/web:1.4.3',
			},
			file: 'apps/web/overlays/prod/kustomization.yaml',
			via: 'images entry ghcr.io/acme/web',
		},
	],
	'Promote staging to prod: ghcr.io/acme/web:1.4.3',
);

export class FakeActions implements EngineActions {
	readonly calls: RecordedCall[] = [];
	readonly logStreams: FakeLogStream[] = [];
	commitList: CommitView[] = [];
	liveObjects = new Map<string, unknown>();
	/** Overrides of every plan returned. */
	planOverrides: Partial<ActionPlan> = {};
	/** The result of sync, revert and rollback. */
	result: ActionResult = {ok: true, message: 'applied as planned', applied: ['apps/Deployment/web/web'], deleted: [], errors: []};

	private record(method: keyof EngineActions, args: unknown[]): void {
		this.calls.push({method, args});
	}

	/** Calls of one method. */
	callsOf(method: keyof EngineActions): unknown[][] {
		return this.calls.filter(call => call.method === method).map(call => call.args);
	}

	private plan(action: ActionPlan['action'], app: string, extra: Partial<ActionPlan> = {}): Promise<ActionPlan> {
		return Promise.resolve({action, app, apply: ['Deployment/web/web'], delete: [], notes: [], ...extra, ...this.planOverrides});
	}

	planSync(app: string, request?: SyncRequest): Promise<ActionPlan> {
		this.record('planSync', [app, request]);
		return this.plan('sync', app, request?.resources ? {apply: request.resources} : {});
	}

	sync(app: string, request?: SyncRequest): Promise<ActionResult> {
		this.record('sync', [app, request]);
		return Promise.resolve(this.result);
	}

	planRevert(app: string, sha?: string): Promise<ActionPlan> {
		this.record('planRevert', [app, sha]);
		return this.plan('revert', app, {
			commit: {sha: sha ?? 'a1b2c3d4e5f6', subject: 'web: raise memory limit'},
			notes: ['A revert commit is pushed to main; the next poll deploys it.'],
		});
	}

	revert(app: string, sha?: string): Promise<ActionResult> {
		this.record('revert', [app, sha]);
		return Promise.resolve(this.result);
	}

	planRollback(app: string, historyId: number): Promise<ActionPlan> {
		this.record('planRollback', [app, historyId]);
		return this.plan('rollback', app, {notes: ['Auto-sync is turned off, or the next poll would undo the rollback.']});
	}

	rollback(app: string, historyId: number): Promise<ActionResult> {
		this.record('rollback', [app, historyId]);
		return Promise.resolve(this.result);
	}

	rollbackToRevision(app: string, revision: string): Promise<ActionResult> {
		this.record('rollbackToRevision', [app, revision]);
		return Promise.resolve(this.result);
	}

	rollout(app: string, name: string, action: RolloutAction, options?: {full?: boolean}): Promise<ActionResult> {
		this.record('rollout', [app, name, action, options]);
		return Promise.resolve(this.result);
	}

	/** Whole-object diff lines answered by fullDiff; default none. */
	fullDiffLines: UnifiedLine[] = [];

	fullDiff(app: string, key: ResourceKey): Promise<UnifiedLine[]> {
		this.record('fullDiff', [app, key]);
		return Promise.resolve(this.fullDiffLines);
	}

	setPolicy(app: string, patch: Partial<AppPolicy>): void {
		this.record('setPolicy', [app, patch]);
	}

	refresh(app?: string): Promise<void> {
		this.record('refresh', [app]);
		return Promise.resolve();
	}

	commits(app: string, limit?: number): Promise<CommitView[]> {
		this.record('commits', [app, limit]);
		return Promise.resolve(this.commitList);
	}

	liveObject(app: string, key: ResourceKey): Promise<unknown> {
		this.record('liveObject', [app, key]);
		return Promise.resolve(this.liveObjects.get(keyString(key)) ?? null);
	}

	/** The edit every source-edit plan carries (keep, set-image, promote); override for other cases. */
	editView: EditView = keepEditView;

	planKeep(app: string, key: ResourceKey): Promise<ActionPlan> {
		this.record('planKeep', [app, key]);
		return this.plan('keep', app, {
			apply: [],
			edit: this.editView,
			notes: [
				'self-heal and auto-sync leave Deployment/web/web alone while you decide (up to 2 minutes)',
				'then it is synced: nothing changes live, and the commit counts as deployed',
			],
		});
	}

	keep(app: string, key: ResourceKey): Promise<ActionResult> {
		this.record('keep', [app, key]);
		return Promise.resolve(this.result);
	}

	releaseKeep(app: string, key: ResourceKey): void {
		this.record('releaseKeep', [app, key]);
	}

	planSetImage(app: string, assignments: string[], resources?: string[]): Promise<ActionPlan> {
		this.record('planSetImage', [app, assignments, resources]);
		return this.plan('set-image', app, {apply: [], edit: this.editView, notes: ['auto-sync deploys the new commit after the next poll']});
	}

	setImage(app: string, assignments: string[], resources?: string[]): Promise<ActionResult> {
		this.record('setImage', [app, assignments, resources]);
		return Promise.resolve(this.result);
	}

	planPromote(app: string, from: string, to: string): Promise<ActionPlan> {
		this.record('planPromote', [app, from, to]);
		return this.plan('promote', app, {apply: [], edit: this.editView, notes: []});
	}

	promote(app: string, from: string, to: string): Promise<ActionResult> {
		this.record('promote', [app, from, to]);
		return Promise.resolve(this.result);
	}

	followLogs(
		pod: {namespace: string; name: string},
		container: string | undefined,
		onLine: (line: string) => void,
		onError: (message: string) => void,
		options?: {previous?: boolean},
	): () => void {
		this.record('followLogs', options?.previous ? [pod, container, options] : [pod, container]);
		const stream: FakeLogStream = {
			pod,
			container,
			stopped: false,
			emit: line => {
				if (!stream.stopped) onLine(line);
			},
			fail: message => {
				if (!stream.stopped) onError(message);
			},
		};
		this.logStreams.push(stream);
		return () => {
			stream.stopped = true;
		};
	}
}
