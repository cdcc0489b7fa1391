/**
 * An in-memory ClusterPort for sync tests: objects in a map, dry runs that change nothing, a log
 * of every request, and failures to inject (forbidden kinds, invalid objects, transient errors,
 * a failure that only the real apply hits). Errors are DriftwatchErrors with the codes and
 * message shapes the real adapter produces from API statuses.
 */
import {DriftwatchError} from '../../../../source/core/errors.js';
import {displayKey, groupOf, keyString, type KubeObject, resourceKeyOf} from '../../../../source/core/kube-object.js';
import type {ClusterPort, ObjectRef} from '../../../../source/ports/cluster.js';

export interface FakeCall {
	verb: 'apply' | 'delete';
	/** 'Deployment/demo/web' */
	object: string;
	dryRun: boolean;
	propagationPolicy?: string;
}

const clusterScoped = new Set([
	'Namespace',
	'CustomResourceDefinition',
	'ClusterRole',
	'ClusterRoleBinding',
	'StorageClass',
	'PersistentVolume',
]);

export class FakeCluster implements ClusterPort {
	readonly user = 'restricted';
	readonly context = 'fake';
	readonly server = 'https://fake.invalid';
	readonly calls: FakeCall[] = [];
	private readonly objects = new Map<string, KubeObject>();
	private readonly forbiddenKinds = new Set<string>();
	private readonly invalid = new Map<string, string>();
	private readonly transient = new Map<string, {times: number; code: 'cluster-unreachable' | 'conflict'}>();
	private readonly realFailures = new Map<string, DriftwatchError>();
	private readonly dryRunFailures = new Map<string, DriftwatchError>();
	/** When true, applying into a namespace that does not exist answers 404, as the API does. */
	enforceNamespaces = false;
	/** Kinds the cluster does not serve (a CRD not installed): discovery answers 404. */
	unserved = new Set<string>();
	/** Set: the cluster cannot be reached; discovery and access reviews reject with this error. */
	down: DriftwatchError | undefined;

	constructor(objects: KubeObject[] = []) {
		for (const object of objects) this.objects.set(keyOf(object), object);
	}

	/** Every write of this kind answers 403, with the API's message. */
	forbid(kind: string): this {
		this.forbiddenKinds.add(kind);
		return this;
	}

	/** Applying this object ('Service/demo/web') answers 422 with `reason`. */
	rejectAsInvalid(object: string, reason: string): this {
		this.invalid.set(object, reason);
		return this;
	}

	/** The next `times` requests about this object fail transiently. */
	failTransiently(object: string, times: number, code: 'cluster-unreachable' | 'conflict' = 'cluster-unreachable'): this {
		this.transient.set(object, {times, code});
		return this;
	}

	/** The real (not dry-run) apply of this object fails, as when something changed between the phases. */
	failRealApply(object: string, error: DriftwatchError): this {
		this.realFailures.set(object, error);
		return this;
	}

	/** The dry-run apply of this object fails with `error`. */
	failDryRunApply(object: string, error: DriftwatchError): this {
		this.dryRunFailures.set(object, error);
		return this;
	}

	/** The stored object, by display key. */
	stored(object: string): KubeObject | undefined {
		return [...this.objects.values()].find(candidate => displayKey(resourceKeyOf(candidate)) === object);
	}

	/** Display keys of everything stored, sorted. */
	storedKeys(): string[] {
		return [...this.objects.values()].map(object => displayKey(resourceKeyOf(object))).sort();
	}

	/** Requests that were not dry runs. */
	mutations(): FakeCall[] {
		return this.calls.filter(call => !call.dryRun);
	}

	async get(ref: ObjectRef): Promise<KubeObject | undefined> {
		return this.objects.get(keyOf(refObject(ref)));
	}

	async list(apiVersion: string, kind: string, namespace?: string): Promise<{items: KubeObject[]; resourceVersion: string}> {
		const items = [...this.objects.values()].filter(
			object => object.apiVersion === apiVersion && object.kind === kind && (!namespace || object.metadata.namespace === namespace),
		);
		return {items, resourceVersion: '1'};
	}

	async apply(object: KubeObject, options: {dryRun?: boolean; force?: boolean} = {}): Promise<KubeObject> {
		const display = displayKey(resourceKeyOf(object));
		const dryRun = options.dryRun ?? false;
		this.calls.push({verb: 'apply', object: display, dryRun});
		this.failIfTransient(display);
		this.failIfForbidden(object.kind, object.apiVersion, object.metadata.name, object.metadata.namespace, 'patch');
		const reason = this.invalid.get(display);
		if (reason) throw new DriftwatchError('invalid-object', `${object.kind} "${object.metadata.name}" is invalid: ${reason}`);
		const namespace = object.metadata.namespace;
		if (
			this.enforceNamespaces &&
			namespace &&
			!this.objects.has(keyString({group: '', kind: 'Namespace', namespace: '', name: namespace}))
		) {
			throw new DriftwatchError('not-found', `namespaces "${namespace}" not found`);
		}
		const dryRunFailure = this.dryRunFailures.get(display);
		if (dryRunFailure && dryRun) throw dryRunFailure;
		const failure = this.realFailures.get(display);
		if (failure && !dryRun) throw failure;
		if (!dryRun) this.objects.set(keyOf(object), object);
		return object;
	}

	async delete(
		ref: ObjectRef,
		options: {propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'; dryRun?: boolean} = {},
	): Promise<void> {
		const object = refObject(ref);
		const display = displayKey(resourceKeyOf(object));
		const dryRun = options.dryRun ?? false;
		this.calls.push({
			verb: 'delete',
			object: display,
			dryRun,
			...(options.propagationPolicy ? {propagationPolicy: options.propagationPolicy} : {}),
		});
		this.failIfTransient(display);
		this.failIfForbidden(ref.kind, ref.apiVersion, ref.name, ref.namespace, 'delete');
		if (!dryRun) this.objects.delete(keyOf(object));
	}

	async can(verb: string, ref: {apiVersion: string; kind: string}): Promise<{allowed: boolean; reason: string}> {
		if (this.down) throw this.down;
		const allowed = verb === 'get' || verb === 'list' || verb === 'watch' || !this.forbiddenKinds.has(ref.kind);
		return {allowed, reason: allowed ? '' : 'denied by the fake'};
	}

	async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
		if (this.down) throw this.down;
		if (this.unserved.has(kind))
			throw new DriftwatchError('not-found', `the server doesn't have a resource type "${kind}" in ${apiVersion}`);
		return !clusterScoped.has(kind);
	}

	private failIfTransient(display: string): void {
		const pending = this.transient.get(display);
		if (!pending || pending.times <= 0) return;
		pending.times--;
		throw new DriftwatchError(
			pending.code,
			pending.code === 'conflict' ? 'the object has been modified' : 'cannot reach the API server (ECONNREFUSED)',
		);
	}

	private failIfForbidden(kind: string, apiVersion: string, name: string, namespace: string | undefined, verb: string): void {
		if (!this.forbiddenKinds.has(kind)) return;
		const group = groupOf(apiVersion);
		const resource = `${kind.toLowerCase()}s`;
		throw new DriftwatchError(
			'forbidden',
			`${resource}${group ? `.${group}` : ''} "${name}" is forbidden: User "${this.user}" cannot ${verb} resource "${resource}" in API group "${group}"` +
				(namespace ? ` in the namespace "${namespace}"` : ''),
		);
	}
}

function keyOf(object: KubeObject): string {
	return keyString(resourceKeyOf(object));
}

function refObject(ref: ObjectRef): KubeObject {
	return {apiVersion: ref.apiVersion, kind: ref.kind, metadata: {name: ref.name, ...(ref.namespace ? {namespace: ref.namespace} : {})}};
}
