/**
 * Application health: the worst health among the app's objects, with a message naming the
 * objects that make it so. Pure: no I/O.
 */
import {displayKey, healthOrder, type HealthStatus, type HealthStatusCode, type KubeObject, type ResourceKey} from '../kube-object.js';

/** Annotation that leaves an object out of the app's health (value "true"). */
export const ignoreHealthcheckAnnotation = 'argocd.argoproj.io/ignore-healthcheck';

/** How many objects the app message names before it says "and N more". */
const namedInMessage = 3;

/** One desired or live object of an app, as the aggregation sees it. */
export interface AppHealthChild {
	key: ResourceKey;
	/** The object's own health (from `assessHealth`); null when its kind has no health rule. */
	health: HealthStatus | null;
	/** A sync hook: hooks never count. Default false. */
	hook?: boolean;
	/** Annotated `argocd.argoproj.io/ignore-healthcheck: "true"`: does not count. Default false. */
	ignoreHealthcheck?: boolean;
	/**
	 * Desired in Git but absent live. Such a child is Missing whatever `health` says (pass null).
	 * A `health` of `{status: 'Missing'}` means the same. Default false.
	 */
	missing?: boolean;
	/**
	 * False when the child's kind has no health rule (ConfigMap, Secret...). A missing child of such a
	 * kind does not make the app Missing, as in Argo CD (controller/health.go, since argo-cd#6446):
	 * its absence already makes the app OutOfSync. Default true.
	 */
	healthRule?: boolean;
}

/** The worse of two health codes, in the order Healthy < Suspended < Progressing < Missing < Degraded < Unknown. */
export function worseHealth(a: HealthStatusCode, b: HealthStatusCode): HealthStatusCode {
	return healthOrder.indexOf(b) > healthOrder.indexOf(a) ? b : a;
}

/** True when the object opts out of health with `argocd.argoproj.io/ignore-healthcheck: "true"`. */
export function ignoresHealthcheck(object: KubeObject): boolean {
	return object.metadata.annotations?.[ignoreHealthcheckAnnotation] === 'true';
}

/** Missing: desired but absent live, or assessed Missing. */
export function isMissing(child: AppHealthChild): boolean {
	return child.missing === true || child.health?.status === 'Missing';
}

/**
 * The health a child counts with: Missing when absent live (null when its kind has no health rule),
 * else its own (null: no rule).
 */
export function healthOf(child: AppHealthChild): HealthStatus | null {
	if (child.missing !== true) return child.health;
	return child.healthRule === false ? null : {status: 'Missing', message: child.health?.message ?? ''};
}

/**
 * The health of an application from its children.
 *
 * Hooks and ignore-healthcheck objects are skipped; children without health count for nothing,
 * and so does a missing child whose kind has no health rule. The app takes the worst child's
 * status; when none of the counted objects exists live, the app is Missing. When not Healthy, the message names the worst children,
 * sorted by kind/namespace/name: "Caused by Pod/demo/a, Pod/demo/b, Pod/demo/c and 2 more";
 * a single worst child also gives its own message: "Caused by Pod/demo/web-abc: Back-off ...".
 * No children, or none counted: Healthy with an empty message.
 */
export function aggregateAppHealth(children: readonly AppHealthChild[]): HealthStatus {
	const counted = children.filter(child => child.hook !== true && child.ignoreHealthcheck !== true);
	const assessed = counted
		.map(child => ({key: child.key, health: healthOf(child)}))
		.filter((entry): entry is {key: ResourceKey; health: HealthStatus} => entry.health !== null);

	let status: HealthStatusCode = 'Healthy';
	for (const entry of assessed) status = worseHealth(status, entry.health.status);
	if (counted.length > 0 && counted.every(isMissing)) status = worseHealth(status, 'Missing');
	if (status === 'Healthy') return {status, message: ''};

	const worst = assessed
		.filter(entry => entry.health.status === status)
		.map(entry => ({name: displayKey(entry.key), message: entry.health.message}))
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	return {status, message: causedBy(worst)};
}

/** The app message for its worst children (display name and own message), sorted by name. */
export function causedBy(worst: ReadonlyArray<{name: string; message: string}>): string {
	const [only] = worst;
	if (worst.length === 1 && only !== undefined) {
		return only.message ? `Caused by ${only.name}: ${only.message}` : `Caused by ${only.name}`;
	}
	const named = worst.slice(0, namedInMessage).map(entry => entry.name);
	const more = worst.length - named.length;
	if (more > 0) return `Caused by ${named.join(', ')} and ${more} more`;
	// "A, B and C" reads better than "A, B, C" when the list is complete.
	const last = named.pop();
	return named.length === 0 ? `Caused by ${last ?? ''}` : `Caused by ${named.join(', ')} and ${last ?? ''}`;
}
