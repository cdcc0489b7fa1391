/**
 * An app whose cluster cannot be reached still shows Git: the revision and the rendered objects,
 * their live state Unknown, and the cluster's failure in plain words (the adapter's classified
 * message and hint: no kubeconfig, connection refused, TLS, 401, 403). Pure builders for the
 * reducer; the runtime retries on every Git poll.
 */
import type {AppError, AppStatus, ResourceNode, RevisionInfo} from '../core/app-status.js';
import type {AppDefinition} from '../core/app-definition.js';
import {emptyCounts} from '../core/app-status.js';
import {type KubeObject, resourceKeyOf} from '../core/kube-object.js';

/** The error's sentence, with what to try. */
export function clusterErrorText(error: AppError): string {
	return error.hint ? `${error.message} (${error.hint})` : error.message;
}

/** The app's status: sync and health Unknown with the cluster's error, Git's revision kept. */
export function clusterUnavailableStatus(
	app: AppDefinition,
	revisions: readonly RevisionInfo[],
	notices: readonly string[],
	error: AppError,
	now: Date,
): AppStatus {
	return {
		name: app.name,
		syncStatus: 'Unknown',
		health: {status: 'Unknown', message: clusterErrorText(error)},
		revision: revisions[0] ?? null,
		revisions: [...revisions],
		objects: [],
		counts: emptyCounts(),
		error,
		warnings: [...app.warnings],
		notices: [...notices],
		comparedAt: now.toISOString(),
	};
}

/** Git's objects as tree nodes whose live state is unknown (the app screen lists them). */
export function unknownLiveTree(desired: readonly KubeObject[]): ResourceNode[] {
	return desired.map(object => ({
		key: resourceKeyOf(object),
		apiVersion: object.apiVersion,
		health: {status: 'Unknown', message: 'the cluster cannot be reached: live state unknown'},
		liveState: 'unknown',
		children: [],
	}));
}
