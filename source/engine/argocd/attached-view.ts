/**
 * One attached app as readers see it: Argo CD's report (sync status, health, operation, history,
 * policy) joined with driftwatch's own comparison of the same app (diffs, attribution, the resource
 * tree, live states). Argo CD's word wins on every status; driftwatch's adds the detail, and where
 * they disagree the object says so. Pure.
 */
import type {ApplicationReport, ArgoResource} from '../../core/argocd/application-report.js';
import {effectivePolicy} from '../../core/argocd/application-report.js';
import {type AppError, type AppStatus, emptyCounts, type ObjectState, type ResourceNode, type RevisionInfo} from '../../core/app-status.js';
import {causedBy} from '../../core/health/index.js';
import {displayKey, type HealthStatus, keyString} from '../../core/kube-object.js';
import type {AppView, ArgoCdAppFacts, ArgoCdOperationFacts, Operation, SyncRecord, TimelineEvent} from '../engine-state.js';
import {initiatorOf} from './argocd-timeline.js';

export interface AttachedInputs {
	report: ApplicationReport;
	/** driftwatch's own view of the app at Argo CD's revision; undefined while it has none. */
	compared: AppView | undefined;
	/** Why there is no comparison of driftwatch's own, if so. */
	comparisonError: string | null;
	source: AppView['source'];
	destination: AppView['destination'];
	/** Newest first. */
	timeline: TimelineEvent[];
	permissions: AppView['permissions'];
	/** The app's AppProject is not in Argo CD's namespace (Argo CD then refuses to sync it). */
	projectMissing: boolean;
	/** ISO time. */
	now: string;
}

export const notInArgoWarning = "not in Argo CD's resource list (driftwatch's render of the source has it)";

export function attachedView(input: AttachedInputs): AppView {
	const {report, compared} = input;
	const argoHealth = report.resources.some(resource => resource.health !== null);
	const objects = mergeObjects(report, compared?.status.objects ?? [], argoHealth);
	const health = appHealth(report, objects);
	const facts: ArgoCdAppFacts = {
		namespace: report.namespace,
		project: report.project,
		reconciledAt: report.reconciledAt,
		revision: report.revision,
		resourceHealth: argoHealth ? 'argocd' : 'driftwatch',
		healthMessage: health.source,
		driftwatch: compared?.evaluated ? {syncStatus: compared.status.syncStatus, health: compared.status.health} : null,
		comparisonError: input.comparisonError ?? (compared?.status.error ? compared.status.error.message : null),
		conditions: report.conditions,
		refreshing: report.refresh,
		operation: operationFacts(report),
	};
	const status: AppStatus = {
		name: report.name,
		syncStatus: report.syncStatus ?? 'Unknown',
		health: health.health,
		revision: revisionOf(report, compared, input.source),
		revisions: compared?.status.revisions ?? [],
		objects,
		counts: countsOf(objects),
		error: conditionError(report),
		warnings: [
			...(input.projectMissing ? [`Argo CD: the AppProject "${report.project}" does not exist in ${report.namespace}`] : []),
			...warningsOf(report, compared, facts.comparisonError),
		],
		notices: compared?.status.notices ?? [],
		comparedAt: report.reconciledAt ?? input.now,
	};
	return {
		name: report.name,
		evaluated: report.syncStatus !== null || compared?.evaluated === true,
		source: input.source,
		destination: input.destination,
		policy: effectivePolicy(report.automated),
		status,
		poll: compared?.poll ?? {lastFetch: null, nextFetchAt: null, error: null},
		tree: mergeTree(report.resources, compared?.tree ?? [], argoHealth),
		timeline: input.timeline,
		history: historyOf(report),
		operation: operationOf(facts.operation, report),
		permissions: input.permissions,
		notifyError: compared?.notifyError ?? null,
		argocd: facts,
	};
}

function mergeObjects(report: ApplicationReport, ours: readonly ObjectState[], argoHealth: boolean): ObjectState[] {
	// Before Argo CD's first comparison, driftwatch's objects are all there is.
	if (report.syncStatus === null) return ours.filter(object => object.drift !== 'extra');
	const resources = report.resources;
	const byKey = new Map(ours.map(object => [keyString(object.key), object]));
	const merged: ObjectState[] = [];
	const seen = new Set<string>();
	for (const resource of resources) {
		if (resource.hook) continue;
		const id = keyString(resource.key);
		seen.add(id);
		merged.push(mergeObject(resource, byKey.get(id), argoHealth));
	}
	for (const [id, object] of byKey) {
		if (!seen.has(id) && object.drift !== 'extra') merged.push({...object, warnings: [...object.warnings, notInArgoWarning]});
	}
	return merged;
}

/** Argo CD's verdict on one object, with driftwatch's diff and attribution when it has them. */
function mergeObject(resource: ArgoResource, ours: ObjectState | undefined, argoHealth: boolean): ObjectState {
	const warnings = [...(ours?.warnings ?? [])];
	const syncStatus = resource.status === 'Synced' || resource.status === 'OutOfSync' ? resource.status : (ours?.syncStatus ?? 'OutOfSync');
	let drift = ours?.drift ?? 'none';
	if (syncStatus === 'OutOfSync' && drift === 'none') {
		drift = resource.requiresPruning ? 'extra' : resource.health?.status === 'Missing' ? 'missing' : 'modified';
		warnings.push(
			ours
				? "Argo CD says OutOfSync; driftwatch's comparison of its own render finds no difference"
				: 'no diff: driftwatch has no comparison of this object',
		);
	} else if (syncStatus === 'Synced' && drift !== 'none') {
		warnings.push(
			`Argo CD says Synced; driftwatch's own comparison finds it ${drift} (an ignoreDifferences of Argo CD's settings, or a change Argo CD has not compared yet)`,
		);
		drift = 'none';
	}
	const health = argoHealth ? resource.health : (ours?.health ?? null);
	return {
		key: resource.key,
		apiVersion: ours?.apiVersion ?? (resource.key.group ? `${resource.key.group}/${resource.version}` : resource.version),
		syncStatus,
		drift,
		changedPaths: ours?.changedPaths ?? [],
		diff: ours?.diff ?? null,
		health,
		attribution: ours?.attribution ?? [],
		warnings,
		...(ours?.liveState === undefined ? {} : {liveState: ours.liveState}),
	};
}

/** Argo CD's health; its message, or (Argo CD v3 leaves it empty) one from the objects' health. */
function appHealth(
	report: ApplicationReport,
	objects: readonly ObjectState[],
): {health: HealthStatus; source: ArgoCdAppFacts['healthMessage']} {
	if (!report.health) return {health: {status: 'Unknown', message: 'Argo CD has not assessed the app yet'}, source: 'none'};
	if (report.health.message) return {health: report.health, source: 'argocd'};
	const status = report.health.status;
	if (status === 'Healthy') return {health: report.health, source: 'none'};
	const worst = objects
		.filter(object => object.health?.status === status)
		.map(object => ({name: displayKey(object.key), message: object.health?.message ?? ''}))
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	if (worst.length === 0) return {health: report.health, source: 'none'};
	return {health: {status, message: causedBy(worst)}, source: 'driftwatch'};
}

function mergeTree(resources: readonly ArgoResource[], tree: readonly ResourceNode[], argoHealth: boolean): ResourceNode[] {
	const byKey = new Map(resources.map(resource => [keyString(resource.key), resource]));
	if (tree.length === 0) {
		return resources
			.filter(resource => !resource.hook)
			.map(resource => ({
				key: resource.key,
				apiVersion: resource.key.group ? `${resource.key.group}/${resource.version}` : resource.version,
				...(resource.status === 'Synced' || resource.status === 'OutOfSync' ? {syncStatus: resource.status} : {}),
				health: resource.health,
				children: [],
			}));
	}
	return tree.map(node => {
		const resource = byKey.get(keyString(node.key));
		if (!resource) return node;
		const syncStatus = resource.status === 'Synced' || resource.status === 'OutOfSync' ? resource.status : node.syncStatus;
		return {...node, ...(syncStatus ? {syncStatus} : {}), health: argoHealth ? resource.health : node.health};
	});
}

function revisionOf(report: ApplicationReport, compared: AppView | undefined, source: AppView['source']): RevisionInfo | null {
	const ours = compared?.status.revision ?? null;
	if (!report.revision || ours?.sha === report.revision) return ours;
	return {...source, sha: report.revision, shortSha: report.revision.slice(0, 7), subject: '', author: '', date: ''};
}

function countsOf(objects: readonly ObjectState[]): AppStatus['counts'] {
	const counts = emptyCounts();
	for (const object of objects) {
		if (object.drift === 'none') counts.synced++;
		else counts[object.drift]++;
	}
	return counts;
}

/** Argo CD's error conditions (ComparisonError, InvalidSpecError, SyncError...): the first one. */
function conditionError(report: ApplicationReport): AppError | null {
	const condition = report.conditions.find(candidate => candidate.type.endsWith('Error'));
	if (!condition) return null;
	return {
		code: 'argocd-condition',
		message: `${condition.type}: ${condition.message}`,
		hint: 'Argo CD reports this condition on the Application',
	};
}

function warningsOf(report: ApplicationReport, compared: AppView | undefined, comparisonError: string | null): string[] {
	const warnings = report.conditions
		.filter(condition => !condition.type.endsWith('Error'))
		.map(condition => `Argo CD: ${condition.type}: ${condition.message}`);
	if (comparisonError) warnings.push(`driftwatch's own comparison is unavailable: ${comparisonError} (diffs and attribution are missing)`);
	return [...warnings, ...(compared?.status.warnings ?? [])];
}

function historyOf(report: ApplicationReport): SyncRecord[] {
	return [...report.history].reverse().map(entry => ({
		id: entry.id,
		revision: entry.revision || entry.revisions[0] || '',
		subject: '',
		time: entry.deployedAt,
		initiatedBy: entry.initiatedBy || (entry.automated ? 'auto-sync' : ''),
	}));
}

function operationFacts(report: ApplicationReport): ArgoCdOperationFacts | null {
	const state = report.operationState;
	const pending = report.pendingOperation;
	// A request the controller has not picked up yet: the state (if any) is of an earlier operation.
	if (pending && (!state || (pending.requestId !== null && state.request.requestId !== pending.requestId))) {
		return {
			phase: 'Requested',
			message: 'waiting for Argo CD to start the operation',
			startedAt: null,
			finishedAt: null,
			initiatedBy: pending.initiatedBy,
			automated: pending.automated,
			revision: pending.revision,
			prune: pending.prune,
			retryCount: 0,
			results: [],
		};
	}
	if (!state) return null;
	return {
		phase: state.phase,
		message: state.message,
		startedAt: state.startedAt || null,
		finishedAt: state.finishedAt,
		initiatedBy: state.request.initiatedBy,
		automated: state.request.automated,
		revision: state.syncedRevision ?? state.request.revision,
		prune: state.request.prune,
		retryCount: state.retryCount,
		results: state.results,
	};
}

/** The generic operation line (header, status line) from Argo CD's operation. */
function operationOf(facts: ArgoCdOperationFacts | null, report: ApplicationReport): Operation | null {
	if (!facts) return null;
	const state = report.operationState;
	const initiator = state && facts.phase !== 'Requested' ? initiatorOf(state) : 'user';
	const action: Operation['action'] =
		initiator === 'rollback' ? 'rollback' : initiator === 'self-heal' ? 'heal' : facts.prune ? 'prune' : 'sync';
	const phase: Operation['phase'] = facts.phase === 'Requested' || facts.phase === 'Terminating' ? 'Running' : facts.phase;
	const message = facts.phase === 'Terminating' ? `terminating: ${facts.message}` : facts.message;
	return {
		action,
		phase,
		message,
		startedAt: facts.startedAt ?? '',
		...(facts.finishedAt ? {finishedAt: facts.finishedAt} : {}),
	};
}
