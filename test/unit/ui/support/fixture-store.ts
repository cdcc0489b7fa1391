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

/** A keep of a scaled Deployment in a plain YAML source, as the engine plans it. */
export const keepEditView: EditView = {
	repo: 'https://git.example.com/shop/deploy.git',
	branch: 'main',
	base: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
	pushes: true,
	files: [
		{
			path: 'apps/web/deployment.yaml',
			created: false,
			diff: [
				'diff --git a/apps/web/deployment.yaml b/apps/web/deployment.yaml',
				'--- a/apps/web/deployment.yaml',
				'+++ b/apps/web/deployment.yaml',
				'@@ -6,7 +6,7 @@ metadata:',
				'   labels:',
				'     app: web # the selector below depends on it',
				' spec:',
				'-  replicas: 2',
				'+  replicas: 8',
				'   selector:',
				'     matchLabels:',
				'       app: web',
				'',
			].join('\n'),
		},
	],
	changes: [
		{
			change: {object: {group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web'}, path: '/spec/replicas', from: 2, to: 8},
			file: 'apps/web/deployment.yaml',
			via: 'in place',
		},
	],
	message: 'Keep live spec.replicas of Deployment/web (changed live by kubectl)',
};

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
			notes: ['self-heal and auto-sync leave Deployment/shop/web alone while you decide (up to 2 minutes)'],
		});
	}

	keep(app: string, key: ResourceKey): Promise<ActionResult> {
		this.record('keep', [app, key]);
		return Promise.resolve(this.result);
	}

	releaseKeep(app: string, key: ResourceKey): void {
		this.record('releaseKeep', [app, key]);
	}

	planSetImage(app: string, assignments: string[]): Promise<ActionPlan> {
		this.record('planSetImage', [app, assignments]);
		return this.plan('set-image', app, {apply: [], edit: this.editView, notes: ['auto-sync deploys the new commit after the next poll']});
	}

	setImage(app: string, assignments: string[]): Promise<ActionResult> {
		this.record('setImage', [app, assignments]);
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
