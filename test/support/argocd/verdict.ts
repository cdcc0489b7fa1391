/**
 * One shape for what Argo CD and driftwatch say about an app, so a referee test compares like with
 * like: sync status, health (status and message), the OutOfSync resources, and each resource's sync
 * and health.
 */
import type {ArgoApplication} from './argocd-application.js';

export interface ResourceVerdict {
	sync: string;
	/** null when the kind has no health (Argo CD leaves it out; driftwatch says null). */
	health: string | null;
	healthMessage: string;
	/** In the cluster but no longer in Git (Argo CD: requiresPruning; driftwatch: drift "extra"). */
	extra: boolean;
}

export interface Verdict {
	sync: string;
	health: string;
	healthMessage: string;
	/** `Kind/namespace/name` of every OutOfSync resource, sorted. */
	outOfSync: string[];
	resources: Record<string, ResourceVerdict>;
}

const resourceName = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;

export function argoVerdict(app: ArgoApplication): Verdict {
	const resources: Record<string, ResourceVerdict> = {};
	for (const resource of app.status?.resources ?? []) {
		resources[resourceName(resource.kind, resource.namespace, resource.name)] = {
			sync: resource.status ?? 'Unknown',
			health: resource.health?.status ?? null,
			healthMessage: resource.health?.message ?? '',
			extra: resource.requiresPruning === true,
		};
	}
	return {
		sync: app.status?.sync?.status ?? 'Unknown',
		health: app.status?.health?.status ?? 'Unknown',
		healthMessage: app.status?.health?.message ?? '',
		outOfSync: outOfSyncOf(resources),
		resources,
	};
}

/** The fields of `driftwatch status --output json` that the verdict reads (one app). */
export interface DriftwatchStatusApp {
	syncStatus: string;
	health: {status: string; message: string};
	error: {message: string} | null;
	revision: {sha: string} | null;
	objects: Array<{
		kind: string;
		namespace: string;
		name: string;
		status: string;
		drift: string;
		health: {status: string; message: string} | null;
	}>;
}

export function driftwatchVerdict(app: DriftwatchStatusApp): Verdict {
	const resources: Record<string, ResourceVerdict> = {};
	for (const object of app.objects) {
		resources[resourceName(object.kind, object.namespace, object.name)] = {
			sync: object.status,
			health: object.health?.status ?? null,
			healthMessage: object.health?.message ?? '',
			extra: object.drift === 'extra',
		};
	}
	return {
		sync: app.syncStatus,
		health: app.health.status,
		healthMessage: app.health.message,
		outOfSync: outOfSyncOf(resources),
		resources,
	};
}

function outOfSyncOf(resources: Record<string, ResourceVerdict>): string[] {
	return Object.entries(resources)
		.filter(([, resource]) => resource.sync === 'OutOfSync')
		.map(([name]) => name)
		.sort();
}

/** One line per difference between two verdicts, for failure messages and the README table. */
export function verdictDifferences(argo: Verdict, driftwatch: Verdict): string[] {
	const lines: string[] = [];
	const field = (what: string, a: unknown, b: unknown) => {
		if (JSON.stringify(a) !== JSON.stringify(b)) lines.push(`${what}: Argo CD ${JSON.stringify(a)}, driftwatch ${JSON.stringify(b)}`);
	};
	field('sync', argo.sync, driftwatch.sync);
	field('health', argo.health, driftwatch.health);
	field('health message', argo.healthMessage, driftwatch.healthMessage);
	field('OutOfSync resources', argo.outOfSync, driftwatch.outOfSync);
	for (const name of new Set([...Object.keys(argo.resources), ...Object.keys(driftwatch.resources)])) {
		field(name, argo.resources[name] ?? 'absent', driftwatch.resources[name] ?? 'absent');
	}
	return lines;
}
