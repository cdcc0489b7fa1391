/**
 * The JSON merge patches that ask Argo CD to act, written the way its own CLI and API server write
 * them: a sync or a rollback is the Application's `operation` (the controller runs it, clears the
 * field and reports `status.operationState`), a refresh is the `argocd.argoproj.io/refresh`
 * annotation (removed when done), and the automation toggles are `spec.syncPolicy.automated`.
 * Pure: the caller sends them.
 */
import type {JsonRecord} from '../json-value.js';
import type {ResourceKey} from '../kube-object.js';
import {type ArgoAutomated, type ArgoHistoryEntry, refreshAnnotation, requestInfoName} from './application-report.js';

export interface SyncOperationInput {
	/** Who asks, recorded by Argo CD in `initiatedBy.username` (its history and audit). */
	user: string;
	/** Names the request in `operation.info`, so its result can be told from any other operation. */
	requestId: string;
	kind: 'sync' | 'prune' | 'rollback';
	prune: boolean;
	/** A revision to sync to (a rollback); default the app's target revision. */
	revision?: string;
	/** For a rollback: the deployed source(s) of the history entry. */
	history?: ArgoHistoryEntry;
	/** Only these objects; default all. */
	resources?: readonly ResourceKey[];
	/** `spec.syncPolicy.retry`, which Argo CD's API server copies into a manual sync too. */
	retry?: JsonRecord | null;
}

/** `{operation: ...}`: a sync (or a rollback, with a revision and the history entry's sources). */
export function syncOperationPatch(input: SyncOperationInput): JsonRecord {
	const sync: JsonRecord = {prune: input.prune};
	const history = input.history;
	if (history && history.sources.length > 0) {
		sync['sources'] = history.sources;
		sync['revisions'] = history.revisions;
	} else {
		if (input.revision) sync['revision'] = input.revision;
		if (history?.source) sync['source'] = history.source;
	}
	if (input.resources && input.resources.length > 0) {
		sync['resources'] = input.resources.map(key => ({
			group: key.group,
			kind: key.kind,
			name: key.name,
			...(key.namespace ? {namespace: key.namespace} : {}),
		}));
	}
	return {
		operation: {
			initiatedBy: {username: input.user},
			info: [{name: requestInfoName, value: `${input.kind} ${input.requestId}`}],
			sync,
			...(input.retry ? {retry: input.retry} : {}),
		},
	};
}

/** Asks for a comparison (`normal`), or for new manifests from Git too (`hard`). */
export function refreshPatch(kind: 'normal' | 'hard'): JsonRecord {
	return {metadata: {annotations: {[refreshAnnotation]: kind}}};
}

export interface PolicyToggle {
	autoSync?: boolean;
	selfHeal?: boolean;
	prune?: boolean;
}

/**
 * The change to `spec.syncPolicy.automated` for a toggle; null when there is nothing to change. In
 * Argo CD self-heal and prune are options of auto-sync: turning either on turns auto-sync on (an
 * `automated` block), and turning auto-sync off removes the block, as `argocd app set --sync-policy
 * none` does (the newer `enabled: false` is not written: Argo CD 3.1-3.2 do not always honour it,
 * argo-cd#24171). Turning an option off patches that field only.
 */
export function policyPatch(current: ArgoAutomated | null, toggle: PolicyToggle): JsonRecord | null {
	if (toggle.autoSync === false) return current === null ? null : {spec: {syncPolicy: {automated: null}}};
	const turnOn = toggle.autoSync === true || toggle.selfHeal === true || toggle.prune === true;
	if (!turnOn) {
		if (current === null) return null;
		const fields: JsonRecord = {};
		if (toggle.selfHeal === false) fields['selfHeal'] = false;
		if (toggle.prune === false) fields['prune'] = false;
		return Object.keys(fields).length === 0 ? null : {spec: {syncPolicy: {automated: fields}}};
	}
	const automated: JsonRecord = {
		prune: toggle.prune ?? current?.prune ?? false,
		selfHeal: toggle.selfHeal ?? current?.selfHeal ?? false,
	};
	// A block written with `enabled: false` becomes active again.
	if (current && !current.enabled) automated['enabled'] = null;
	return {spec: {syncPolicy: {automated}}};
}
