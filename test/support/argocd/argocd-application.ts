/**
 * One Argo CD Application, driven through the Kubernetes API as Argo CD's own CLI and UI do: create
 * it, ask for a refresh (the `argocd.argoproj.io/refresh` annotation, removed by the controller when
 * the comparison is done), start a sync (the Application's `operation` field), and read its status.
 */
import {writeFile} from 'node:fs/promises';
import {dump} from 'js-yaml';
import {runChecked} from '../../../source/control-plane/run-checked.js';
import type {ArgoCd} from './argocd-runner.js';

export interface ApplicationSpecInput {
	name: string;
	/** The Argo CD namespace (where Applications live). */
	argoNamespace: string;
	repoURL: string;
	path: string;
	targetRevision?: string;
	/** The destination namespace; the destination server is always the in-cluster one. */
	namespace: string;
	automated?: {prune?: boolean; selfHeal?: boolean};
	syncOptions?: string[];
	ignoreDifferences?: Array<Record<string, unknown>>;
}

export type ApplicationManifest = Record<string, unknown> & {metadata: {name: string; namespace: string}};

/** The Application both Argo CD (applied) and driftwatch (`--app FILE`) read. */
export function applicationManifest(input: ApplicationSpecInput): ApplicationManifest {
	return {
		apiVersion: 'argoproj.io/v1alpha1',
		kind: 'Application',
		metadata: {name: input.name, namespace: input.argoNamespace},
		spec: {
			project: 'default',
			source: {repoURL: input.repoURL, targetRevision: input.targetRevision ?? 'main', path: input.path},
			destination: {server: 'https://kubernetes.default.svc', namespace: input.namespace},
			...(input.automated || input.syncOptions
				? {
						syncPolicy: {
							...(input.automated ? {automated: {prune: false, selfHeal: false, ...input.automated}} : {}),
							...(input.syncOptions ? {syncOptions: input.syncOptions} : {}),
						},
					}
				: {}),
			...(input.ignoreDifferences ? {ignoreDifferences: input.ignoreDifferences} : {}),
		},
	};
}

export async function writeApplicationFile(file: string, manifest: ApplicationManifest): Promise<void> {
	await writeFile(file, dump(manifest, {lineWidth: -1}));
}

export interface ArgoResourceStatus {
	group?: string;
	version: string;
	kind: string;
	namespace?: string;
	name: string;
	status?: 'Synced' | 'OutOfSync' | 'Unknown';
	health?: {status: string; message?: string};
	requiresPruning?: boolean;
}

export interface ArgoOperationState {
	phase: 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Terminating';
	message?: string;
	startedAt: string;
	finishedAt?: string;
	operation: {
		sync?: {
			revision?: string;
			prune?: boolean;
			autoHealAttemptsCount?: number;
			resources?: Array<{group?: string; kind: string; name: string}>;
		};
		initiatedBy?: {username?: string; automated?: boolean};
	};
	syncResult?: {
		revision: string;
		resources?: Array<{group: string; kind: string; namespace: string; name: string; status: string; message: string; syncPhase: string}>;
	};
}

export interface ArgoApplication {
	metadata: {name: string; namespace: string; annotations?: Record<string, string>; resourceVersion: string};
	operation?: unknown;
	status?: {
		sync?: {status: 'Synced' | 'OutOfSync' | 'Unknown'; revision?: string};
		health?: {status: string; message?: string};
		resources?: ArgoResourceStatus[];
		reconciledAt?: string;
		operationState?: ArgoOperationState;
		conditions?: Array<{type: string; message: string}>;
		history?: Array<{revision: string; id: number}>;
	};
}

const refreshAnnotation = 'argocd.argoproj.io/refresh';

export class ArgoApplicationClient {
	constructor(
		private readonly argocd: Pick<ArgoCd, 'kubeconfig' | 'namespace' | 'logTail'>,
		readonly name: string,
	) {}

	private async kubectl(...args: string[]): Promise<string> {
		return runChecked('kubectl', [`--kubeconfig=${this.argocd.kubeconfig}`, '-n', this.argocd.namespace, ...args], {timeoutMs: 60_000});
	}

	async apply(manifest: ApplicationManifest, file: string): Promise<void> {
		await writeApplicationFile(file, manifest);
		await this.kubectl('apply', '-f', file);
	}

	async get(): Promise<ArgoApplication> {
		return JSON.parse(await this.kubectl('get', 'applications.argoproj.io', this.name, '-o', 'json')) as ArgoApplication;
	}

	/**
	 * Asks for a comparison and waits until the controller has done it (it removes the annotation
	 * when it writes the result). `hard` also re-resolves the revision and re-renders the manifests.
	 */
	async refresh(kind: 'normal' | 'hard' = 'normal', timeoutMs = 60_000): Promise<ArgoApplication> {
		await this.kubectl('annotate', '--overwrite', 'applications.argoproj.io', this.name, `${refreshAnnotation}=${kind}`);
		return this.waitFor(app => app.metadata.annotations?.[refreshAnnotation] === undefined, `the ${kind} refresh to finish`, timeoutMs);
	}

	/** Starts a sync the way `argocd app sync` does: by setting the Application's operation. */
	async startSync(options: {prune?: boolean; revision?: string} = {}): Promise<void> {
		const operation = {
			initiatedBy: {username: 'driftwatch-referee'},
			sync: {...(options.revision ? {revision: options.revision} : {}), prune: options.prune ?? false},
		};
		await this.kubectl('patch', 'applications.argoproj.io', this.name, '--type=merge', '-p', JSON.stringify({operation}));
	}

	/** Syncs and waits for the operation to end; resolves with its final state (check `phase`). */
	async sync(options: {prune?: boolean; revision?: string} = {}, timeoutMs = 90_000): Promise<ArgoOperationState> {
		const before = (await this.get()).status?.operationState?.startedAt;
		await this.startSync(options);
		const app = await this.waitFor(
			candidate =>
				candidate.operation === undefined &&
				candidate.status?.operationState !== undefined &&
				candidate.status.operationState.startedAt !== before &&
				candidate.status.operationState.phase !== 'Running',
			'the sync operation to finish',
			timeoutMs,
		);
		return app.status?.operationState as ArgoOperationState;
	}

	async delete(): Promise<void> {
		await this.kubectl('delete', 'applications.argoproj.io', this.name, '--ignore-not-found', '--wait=false');
	}

	/** Polls the Application until `predicate` holds; the error says where it got to and what the controller logged. */
	async waitFor(
		predicate: (app: ArgoApplication) => boolean,
		what: string,
		timeoutMs = 60_000,
		intervalMs = 200,
	): Promise<ArgoApplication> {
		const deadline = Date.now() + timeoutMs;
		let last: ArgoApplication | undefined;
		let lastError = '';
		while (Date.now() < deadline) {
			try {
				last = await this.get();
				if (predicate(last)) return last;
			} catch (error) {
				lastError = (error as Error).message;
			}
			await new Promise(resolve => setTimeout(resolve, intervalMs));
		}
		throw new Error(
			`timed out after ${timeoutMs / 1000}s waiting for ${what} (Application ${this.name}); ` +
				`status: ${JSON.stringify(last?.status ?? lastError).slice(0, 1500)}\n--- application controller:\n${this.argocd.logTail('application-controller', 15)}`,
		);
	}
}
