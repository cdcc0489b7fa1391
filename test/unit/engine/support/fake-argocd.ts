/**
 * Argo CD's side for the attach mode's unit tests: Application objects as its controller writes
 * them, and an ApplicationWriter that applies JSON merge patches to the FakeWatches store (so the
 * engine sees its own requests come back through its watch, as from a real API server). The test
 * plays the controller by writing the status it would write.
 */
import {applicationApiVersion, applicationKind} from '../../../../source/core/argocd/application-report.js';
import {DriftwatchError} from '../../../../source/core/errors.js';
import type {KubeObject} from '../../../../source/core/kube-object.js';
import type {ApplicationWriter} from '../../../../source/ports/argocd.js';
import type {MergePatch} from '../../../../source/ports/rollouts.js';
import type {FakeWatches} from './fake-ports.js';

export const argoNamespace = 'argocd';

export interface ApplicationFields {
	name: string;
	repoURL?: string;
	path?: string;
	destinationNamespace?: string;
	automated?: Record<string, unknown> | null;
	status?: Record<string, unknown>;
	operation?: Record<string, unknown>;
	annotations?: Record<string, string>;
}

export function application(fields: ApplicationFields): KubeObject {
	return {
		apiVersion: applicationApiVersion,
		kind: applicationKind,
		metadata: {name: fields.name, namespace: argoNamespace, ...(fields.annotations ? {annotations: fields.annotations} : {})},
		spec: {
			project: 'default',
			source: {repoURL: fields.repoURL ?? 'memory://shop.git', path: fields.path ?? 'deploy', targetRevision: 'main'},
			destination: {server: 'https://kubernetes.default.svc', namespace: fields.destinationNamespace ?? 'demo'},
			...(fields.automated ? {syncPolicy: {automated: fields.automated}} : {}),
		},
		...(fields.operation ? {operation: fields.operation} : {}),
		...(fields.status ? {status: fields.status} : {}),
	};
}

/** RFC 7386: objects merge, null removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
	if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
	const result: Record<string, unknown> =
		typeof target === 'object' && target !== null && !Array.isArray(target) ? {...(target as Record<string, unknown>)} : {};
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) delete result[key];
		else result[key] = mergePatch(result[key], value);
	}
	return result;
}

/** Patches Applications in the store; `forbid()` makes it answer 403 as RBAC would. */
export class FakeApplicationWriter implements ApplicationWriter {
	readonly patches: Array<{name: string; patch: MergePatch}> = [];
	private forbidden = false;

	constructor(private readonly watches: FakeWatches) {}

	forbid(): void {
		this.forbidden = true;
	}

	async patch(namespace: string, name: string, patch: MergePatch): Promise<KubeObject> {
		await Promise.resolve();
		this.patches.push({name, patch});
		if (this.forbidden) {
			throw new DriftwatchError(
				'forbidden',
				`applications.argoproj.io "${name}" is forbidden: User "restricted" cannot patch resource "applications"`,
			);
		}
		const ref = {apiVersion: applicationApiVersion, kind: applicationKind, namespace, name};
		const current = this.watches.get(ref);
		if (!current) throw new DriftwatchError('not-found', `applications.argoproj.io "${name}" not found`);
		return this.watches.put(mergePatch(current, patch) as KubeObject);
	}
}

/** Plays Argo CD's controller: replaces the Application's status (and clears `operation` when told). */
export function writeStatus(
	watches: FakeWatches,
	name: string,
	status: Record<string, unknown>,
	options: {clearOperation?: boolean} = {},
): void {
	const current = watches.get({apiVersion: applicationApiVersion, kind: applicationKind, namespace: argoNamespace, name});
	if (!current) throw new Error(`no Application ${name}`);
	const next: KubeObject = {...current, status};
	if (options.clearOperation) delete next['operation'];
	watches.put(next);
}
