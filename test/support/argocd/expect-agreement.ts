/**
 * What "Argo CD and driftwatch agree" means for one judgement. Sync status, the OutOfSync resources
 * and every resource's sync and health (status and message) must be equal. Two differences in the
 * app-level health are kept on purpose and checked here as exact rules (each is a note in the
 * README's referee table):
 * - The app health message. Argo CD v3 leaves `status.health.message` empty: the field is deprecated
 *   and unused (pkg/apis/application/v1alpha1/types.go, AppHealthStatus). driftwatch names the
 *   cause ("Caused by Deployment/ns/web: ..."), built from the same per-resource health.
 * - Degraded pods. Argo CD's app health comes from the resources in Git only, so a Deployment whose
 *   new pods cannot pull their image is Progressing until its progress deadline (10 minutes by
 *   default), https://github.com/argoproj/argo-cd/issues/11473 (open, labelled bug). driftwatch
 *   also counts Degraded pods under the app's workloads, so the app is Degraded at once and names them.
 */
import type {Judgement} from './referee.js';
import type {Verdict} from './verdict.js';

/** A pod under the app's workloads that driftwatch's pod rule calls Degraded, and its message. */
export interface DegradedPod {
	/** `Pod/namespace/name` */
	name: string;
	message: string;
}

const healthOrder = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];
const worse = (a: string, b: string) => (healthOrder.indexOf(b) > healthOrder.indexOf(a) ? b : a);

/** The app health driftwatch must report, given Argo CD's verdict and the Degraded pods. */
export function expectedDriftwatchAppHealth(argo: Verdict, degradedPods: readonly DegradedPod[]): {status: string; message: string} {
	const status = degradedPods.length > 0 ? worse(argo.health, 'Degraded') : argo.health;
	if (status === 'Healthy') return {status, message: ''};
	const resources = Object.entries(argo.resources);
	if (status === 'Missing' && resources.length > 0 && resources.every(([, resource]) => resource.health === 'Missing')) {
		return {status, message: 'No object of this app exists in the cluster'};
	}
	const worst = [
		...resources
			.filter(([, resource]) => resource.health === status)
			.map(([name, resource]) => ({name: name.replace(/\/\//u, '/'), message: resource.healthMessage})),
		...(status === 'Degraded' ? degradedPods : []),
	].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	return {status, message: causedBy(worst)};
}

function causedBy(worst: ReadonlyArray<{name: string; message: string}>): string {
	const [only] = worst;
	if (worst.length === 1 && only) return only.message ? `Caused by ${only.name}: ${only.message}` : `Caused by ${only.name}`;
	const named = worst.slice(0, 3).map(entry => entry.name);
	if (worst.length > 3) return `Caused by ${named.join(', ')} and ${worst.length - 3} more`;
	const last = named.pop() ?? '';
	return named.length === 0 ? `Caused by ${last}` : `Caused by ${named.join(', ')} and ${last}`;
}

export interface Agreement {
	/** Argo CD's verdict. */
	argo: Verdict;
	/** driftwatch's verdict with the app health replaced by Argo CD's: must equal `argo`. */
	driftwatch: Verdict;
	/** driftwatch's app health, and what the kept differences say it must be. */
	appHealth: {actual: {status: string; message: string}; expected: {status: string; message: string}};
}

export function agreement(judgement: Judgement, degradedPods: readonly DegradedPod[]): Agreement {
	const {argo, driftwatch} = judgement;
	return {
		argo,
		driftwatch: {...driftwatch, health: argo.health, healthMessage: argo.healthMessage},
		appHealth: {
			actual: {status: driftwatch.health, message: driftwatch.healthMessage},
			expected: expectedDriftwatchAppHealth(argo, degradedPods),
		},
	};
}
