/** The JSON shapes of `status`, `diff` and the headless `status` lines (documented in the README). */
import type {AppStatus, ObjectState} from '../core/app-status.js';

export function appSummaryJson(status: AppStatus) {
	return {
		name: status.name,
		syncStatus: status.syncStatus,
		health: status.health,
		revision: status.revision && {
			sha: status.revision.sha,
			shortSha: status.revision.shortSha,
			subject: status.revision.subject,
			author: status.revision.author,
			date: status.revision.date,
			repoURL: status.revision.repoURL,
			path: status.revision.path,
			targetRevision: status.revision.targetRevision,
		},
		counts: status.counts,
		error: status.error,
		warnings: status.warnings,
		notices: status.notices,
		comparedAt: status.comparedAt,
	};
}

export function objectJson(object: ObjectState) {
	return {
		...objectStatusJson(object),
		apiVersion: object.apiVersion,
		changedPaths: object.changedPaths,
		attribution: object.attribution,
		diff: object.diff ? unifiedText(object) : null,
		delta: object.diff?.delta ?? null,
		warnings: object.warnings,
	};
}

/** One object's identity and verdict, without its diff (the headless status lines). */
export function objectStatusJson(object: ObjectState) {
	return {
		group: object.key.group,
		kind: object.key.kind,
		namespace: object.key.namespace,
		name: object.key.name,
		status: object.syncStatus,
		drift: object.drift,
		health: object.health,
	};
}

/** An app's verdict as the headless stream's `status` line carries it: what `status --output json` says, diffs left out. */
export function statusSummaryJson(status: AppStatus) {
	return {...statusHeadJson(status), objects: status.objects.map(objectStatusJson)};
}

/** The app-level fields of {@link statusSummaryJson}, in its order, without the objects. */
export function statusHeadJson(status: AppStatus) {
	return {
		syncStatus: status.syncStatus,
		health: status.health,
		revision: status.revision?.sha ?? null,
		counts: status.counts,
		error: status.error,
		warnings: status.warnings,
	};
}

export function unifiedText(object: ObjectState): string {
	return (object.diff?.unified ?? []).map(line => (line.op === '@' ? line.text : `${line.op}${line.text}`)).join('\n');
}
