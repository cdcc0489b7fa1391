/**
 * Which live objects are an app's resources. driftwatch writes its tracking annotation on
 * everything it applies; an app read from an Argo CD Application manifest also owns what Argo CD
 * deployed for that Application (Argo CD's tracking annotation, same format; see
 * docs/decisions/006-argocd-tracking.md). Only top-level objects whose tracking names this app and
 * matches the object itself count, so a copied annotation (an object cloned with `kubectl get -o
 * yaml | kubectl apply`) under another name is never an extra, and never pruned. Hooks are never
 * resources. Pure.
 */
import type {AppDefinition} from './app-definition.js';
import {type KubeObject, type ResourceKey, resourceKeyOf} from './kube-object.js';
import {isHook} from './sync-hooks.js';

export const trackingAnnotation = 'driftwatch.io/tracking-id';
export const argoCdTrackingAnnotation = 'argocd.argoproj.io/tracking-id';
/** Set by an Argo CD with an installation ID; driftwatch cannot tell whose it is, so it never honours those. */
export const argoCdInstallationIdAnnotation = 'argocd.argoproj.io/installation-id';

/** How an app recognises its resources: its name, and the names Argo CD tracks it under (if read from an Application). */
export interface AppTracking {
	app: string;
	/** Argo CD's instance names of the Application (`name`, and `namespace_name` for apps outside its namespace). */
	argoCdNames?: readonly string[];
}

/**
 * An app's tracking. For an Application, Argo CD's instance name is `name` when the Application
 * lives in Argo CD's own namespace and `namespace_name` otherwise; driftwatch does not know Argo
 * CD's namespace, so it accepts both forms, and both name this Application only.
 */
export function trackingOf(definition: Pick<AppDefinition, 'name' | 'argoCdApplication'>): AppTracking {
	const application = definition.argoCdApplication;
	if (!application) return {app: definition.name};
	const names = [definition.name, ...(application.namespace ? [`${application.namespace}_${definition.name}`] : [])];
	return {app: definition.name, argoCdNames: names};
}

/** `<app>:<group>/<kind>:<namespace>/<name>` */
export function trackingId(app: string, key: ResourceKey): string {
	return `${app}:${key.group}/${key.kind}:${key.namespace}/${key.name}`;
}

export function withTracking(app: string, object: KubeObject): KubeObject {
	return {
		...object,
		metadata: {
			...object.metadata,
			annotations: {...object.metadata.annotations, [trackingAnnotation]: trackingId(app, resourceKeyOf(object))},
		},
	};
}

function asTracking(tracking: AppTracking | string): AppTracking {
	return typeof tracking === 'string' ? {app: tracking} : tracking;
}

/**
 * True when a live object is one of the app's resources: top-level (no owner references), not a
 * hook, and tracked by this app as itself, by driftwatch's annotation or (for an app read from an
 * Application manifest) by Argo CD's.
 */
export function isTrackedBy(tracking: AppTracking | string, object: KubeObject): boolean {
	if ((object.metadata.ownerReferences?.length ?? 0) > 0 || isHook(object)) return false;
	const {app, argoCdNames} = asTracking(tracking);
	const annotations = object.metadata.annotations;
	if (annotations?.[trackingAnnotation] === trackingId(app, resourceKeyOf(object))) return true;
	return argoCdNames !== undefined && argoCdOwnerOf(object, argoCdNames) !== undefined;
}

/** The Argo CD instance name (of `names`) whose tracking annotation names this very object. */
function argoCdOwnerOf(object: KubeObject, names: readonly string[]): string | undefined {
	const annotations = object.metadata.annotations;
	const id = annotations?.[argoCdTrackingAnnotation];
	if (!id || annotations?.[argoCdInstallationIdAnnotation] !== undefined) return undefined;
	const parsed = parseTrackingId(id);
	if (!parsed || !names.includes(parsed.app)) return undefined;
	const key = resourceKeyOf(object);
	// Argo CD writes the destination namespace into the id of a cluster-scoped object.
	const sameNamespace = key.namespace === parsed.namespace || key.namespace === '';
	return sameNamespace && key.group === parsed.group && key.kind === parsed.kind && key.name === parsed.name ? parsed.app : undefined;
}

function parseTrackingId(id: string): {app: string; group: string; kind: string; namespace: string; name: string} | undefined {
	const match = /^([^:]+):([^/:]*)\/([^:]+):([^/]*)\/(.+)$/.exec(id);
	if (!match) return undefined;
	const [, app = '', group = '', kind = '', namespace = '', name = ''] = match;
	return {app, group, kind, namespace, name};
}

/** The app named by an object's driftwatch tracking annotation, else by Argo CD's, if any. */
export function trackingAppOf(object: KubeObject): string | undefined {
	const annotations = object.metadata.annotations;
	for (const id of [annotations?.[trackingAnnotation], annotations?.[argoCdTrackingAnnotation]]) {
		const app = id ? parseTrackingId(id)?.app : undefined;
		if (app) return app;
	}
	return undefined;
}

/** The object without driftwatch's bookkeeping annotation: tracking is never drift. */
export function withoutTracking(object: KubeObject): KubeObject {
	const annotations = object.metadata.annotations;
	if (!annotations || !(trackingAnnotation in annotations)) return object;
	const {[trackingAnnotation]: _removed, ...rest} = annotations;
	return {...object, metadata: {...object.metadata, annotations: rest}};
}
