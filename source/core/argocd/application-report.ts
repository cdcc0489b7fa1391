/**
 * What Argo CD says about one Application, read from the object as the Kubernetes API serves it
 * (argoproj.io/v1alpha1): its verdict (`status.sync`, `status.health`, `status.resources`), the
 * operation it runs or ran (`operation`, `status.operationState`), its history, its sync policy and
 * a pending refresh. Untrusted JSON: every field has a neutral default, and nothing here acts on it.
 * Pure: no I/O.
 */
import {listAt, stringAt, valueAt} from '../health/json-fields.js';
import {isRecord, type JsonRecord} from '../json-value.js';
import {healthOrder, type HealthStatus, type HealthStatusCode, type ResourceKey, type SyncStatusCode} from '../kube-object.js';

export const applicationApiVersion = 'argoproj.io/v1alpha1';
export const applicationKind = 'Application';
export const appProjectKind = 'AppProject';
/** Argo CD's refresh request; the controller removes it when the comparison is done. */
export const refreshAnnotation = 'argocd.argoproj.io/refresh';
/** The `operation.info` entry that names a request driftwatch made, so its result can be found again. */
export const requestInfoName = 'driftwatch-request';

export type OperationPhase = 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Terminating';

/** One entry of `status.resources`: Argo CD's verdict on one object. */
export interface ArgoResource {
	key: ResourceKey;
	version: string;
	status: 'Synced' | 'OutOfSync' | 'Unknown' | null;
	/** Only when Argo CD stores per-resource health in the Application (v2, or v3 with --persist-resource-health). */
	health: HealthStatus | null;
	requiresPruning: boolean;
	hook: boolean;
}

/** One object's result in an operation (`status.operationState.syncResult.resources`). */
export interface ArgoResourceResult {
	key: ResourceKey;
	/** Synced, SyncFailed, Pruned, PruneSkipped, Unknown. */
	status: string;
	message: string;
	syncPhase: string;
	hookPhase: string;
}

/** What an operation asks for (`operation`, or `status.operationState.operation`). */
export interface ArgoOperationRequest {
	/** The driftwatch request id of `operation.info`, when driftwatch started it. */
	requestId: string | null;
	/** What driftwatch's request was: 'sync', 'prune', 'rollback' (from the same info entry). */
	requestKind: string | null;
	initiatedBy: string;
	automated: boolean;
	revision: string;
	prune: boolean;
	dryRun: boolean;
	/** Self-heal attempts Argo CD counted for this operation (`autoHealAttemptsCount`): > 0 means a self-heal. */
	autoHealAttempts: number;
}

export interface ArgoOperationState {
	request: ArgoOperationRequest;
	phase: OperationPhase;
	message: string;
	startedAt: string;
	finishedAt: string | null;
	retryCount: number;
	/** The revision the sync applied (`syncResult.revision`). */
	syncedRevision: string | null;
	results: ArgoResourceResult[];
}

/** One entry of `status.history`: a successful sync. */
export interface ArgoHistoryEntry {
	id: number;
	revision: string;
	revisions: string[];
	deployedAt: string;
	initiatedBy: string;
	automated: boolean;
	/** The source(s) deployed, as written: a rollback syncs them again. */
	source: JsonRecord | null;
	sources: JsonRecord[];
}

/** `spec.syncPolicy.automated`, as written; null when absent. */
export interface ArgoAutomated {
	prune: boolean;
	selfHeal: boolean;
	allowEmpty: boolean;
	/** `enabled: false` (Argo CD 3.1+) turns auto-sync off but keeps the other settings. */
	enabled: boolean;
}

export interface ApplicationReport {
	name: string;
	namespace: string;
	project: string;
	/** Null until the controller compared the app once. */
	syncStatus: SyncStatusCode | null;
	/** The revision Argo CD compared against (`status.sync.revision`; the first of `revisions` for multi-source apps). */
	revision: string | null;
	revisions: string[];
	health: HealthStatus | null;
	/** 'appTree': per-resource health is kept in Argo CD's cache, not in the Application (v3's default). */
	resourceHealthSource: 'inline' | 'appTree';
	resources: ArgoResource[];
	reconciledAt: string | null;
	conditions: Array<{type: string; message: string}>;
	/** The `operation` field: a request the controller has not finished (it clears the field when done). */
	pendingOperation: ArgoOperationRequest | null;
	operationState: ArgoOperationState | null;
	/** Oldest first, as Argo CD keeps it. */
	history: ArgoHistoryEntry[];
	automated: ArgoAutomated | null;
	/** `spec.syncPolicy.retry`, as written, for operations driftwatch starts. */
	retry: JsonRecord | null;
	refresh: 'normal' | 'hard' | null;
}

const syncCodes = new Set<string>(['Synced', 'OutOfSync', 'Unknown']);
const phases = new Set<string>(['Running', 'Succeeded', 'Failed', 'Error', 'Terminating']);

/** Argo CD's report of an Application object. */
export function readApplicationReport(application: unknown): ApplicationReport {
	const status = valueAt(application, 'status');
	const sync = valueAt(status, 'sync');
	const revisions = listAt(sync, 'revisions').filter((value): value is string => typeof value === 'string');
	const revision = stringAt(sync, 'revision') || revisions[0] || null;
	const syncStatus = stringAt(sync, 'status');
	const operation = valueAt(application, 'operation');
	const refresh = stringAt(application, 'metadata', 'annotations', refreshAnnotation);
	return {
		name: stringAt(application, 'metadata', 'name'),
		namespace: stringAt(application, 'metadata', 'namespace'),
		project: stringAt(application, 'spec', 'project') || 'default',
		syncStatus: syncCodes.has(syncStatus) ? (syncStatus as SyncStatusCode) : null,
		revision,
		revisions,
		health: readHealth(valueAt(status, 'health')),
		resourceHealthSource: stringAt(status, 'resourceHealthSource') === 'appTree' ? 'appTree' : 'inline',
		resources: listAt(status, 'resources').map(readResource),
		reconciledAt: stringAt(status, 'reconciledAt') || null,
		conditions: listAt(status, 'conditions').map(entry => ({type: stringAt(entry, 'type'), message: stringAt(entry, 'message')})),
		pendingOperation: isRecord(operation) ? readRequest(operation) : null,
		operationState: readOperationState(valueAt(status, 'operationState')),
		history: listAt(status, 'history').map(readHistory),
		automated: readAutomated(valueAt(application, 'spec', 'syncPolicy', 'automated')),
		retry: recordAt(application, 'spec', 'syncPolicy', 'retry'),
		refresh: refresh === 'hard' ? 'hard' : refresh === '' ? null : 'normal',
	};
}

/** Auto-sync, self-heal and prune as they act: self-heal and prune are options of auto-sync in Argo CD. */
export function effectivePolicy(automated: ArgoAutomated | null): {autoSync: boolean; selfHeal: boolean; prune: boolean} {
	const autoSync = automated !== null && automated.enabled;
	return {autoSync, selfHeal: autoSync && (automated?.selfHeal ?? false), prune: autoSync && (automated?.prune ?? false)};
}

/** True once the operation has ended (whatever the outcome). */
export function operationEnded(state: ArgoOperationState): boolean {
	return state.phase !== 'Running' && state.phase !== 'Terminating';
}

function keyOf(entry: unknown): ResourceKey {
	return {
		group: stringAt(entry, 'group'),
		kind: stringAt(entry, 'kind'),
		namespace: stringAt(entry, 'namespace'),
		name: stringAt(entry, 'name'),
	};
}

function readHealth(value: unknown): HealthStatus | null {
	const code = stringAt(value, 'status');
	if (!(healthOrder as readonly string[]).includes(code)) return null;
	return {status: code as HealthStatusCode, message: stringAt(value, 'message')};
}

function readResource(entry: unknown): ArgoResource {
	const status = stringAt(entry, 'status');
	return {
		key: keyOf(entry),
		version: stringAt(entry, 'version'),
		status: syncCodes.has(status) ? (status as ArgoResource['status']) : null,
		health: readHealth(valueAt(entry, 'health')),
		requiresPruning: valueAt(entry, 'requiresPruning') === true,
		hook: valueAt(entry, 'hook') === true,
	};
}

function readRequest(operation: unknown): ArgoOperationRequest {
	const info = listAt(operation, 'info').find(entry => stringAt(entry, 'name') === requestInfoName);
	const [kind = '', id = ''] = stringAt(info, 'value').split(' ', 2);
	const sync = valueAt(operation, 'sync');
	const revisions = listAt(sync, 'revisions').filter((value): value is string => typeof value === 'string');
	return {
		requestId: id || null,
		requestKind: kind || null,
		initiatedBy: stringAt(operation, 'initiatedBy', 'username'),
		automated: valueAt(operation, 'initiatedBy', 'automated') === true,
		revision: stringAt(sync, 'revision') || revisions[0] || '',
		prune: valueAt(sync, 'prune') === true,
		dryRun: valueAt(sync, 'dryRun') === true,
		autoHealAttempts: numberOrZero(valueAt(sync, 'autoHealAttemptsCount')),
	};
}

function readOperationState(state: unknown): ArgoOperationState | null {
	const phase = stringAt(state, 'phase');
	if (!phases.has(phase)) return null;
	const result = valueAt(state, 'syncResult');
	return {
		request: readRequest(valueAt(state, 'operation')),
		phase: phase as OperationPhase,
		message: stringAt(state, 'message'),
		startedAt: stringAt(state, 'startedAt'),
		finishedAt: stringAt(state, 'finishedAt') || null,
		retryCount: numberOrZero(valueAt(state, 'retryCount')),
		syncedRevision: stringAt(result, 'revision') || null,
		results: listAt(result, 'resources').map(entry => ({
			key: keyOf(entry),
			status: stringAt(entry, 'status'),
			message: stringAt(entry, 'message'),
			syncPhase: stringAt(entry, 'syncPhase'),
			hookPhase: stringAt(entry, 'hookPhase'),
		})),
	};
}

function readHistory(entry: unknown): ArgoHistoryEntry {
	return {
		id: numberOrZero(valueAt(entry, 'id')),
		revision: stringAt(entry, 'revision'),
		revisions: listAt(entry, 'revisions').filter((value): value is string => typeof value === 'string'),
		deployedAt: stringAt(entry, 'deployedAt'),
		initiatedBy: stringAt(entry, 'initiatedBy', 'username'),
		automated: valueAt(entry, 'initiatedBy', 'automated') === true,
		source: recordAt(entry, 'source'),
		sources: listAt(entry, 'sources').filter(isRecord),
	};
}

function readAutomated(value: unknown): ArgoAutomated | null {
	if (!isRecord(value)) return null;
	return {
		prune: value['prune'] === true,
		selfHeal: value['selfHeal'] === true,
		allowEmpty: value['allowEmpty'] === true,
		enabled: value['enabled'] !== false,
	};
}

function recordAt(value: unknown, ...path: string[]): JsonRecord | null {
	const found = valueAt(value, ...path);
	return isRecord(found) ? found : null;
}

function numberOrZero(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
