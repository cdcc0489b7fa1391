/**
 * The tracking annotation driftwatch writes on everything it applies. Prune candidates are only
 * top-level objects whose tracking names this app and matches the object itself, so a copied
 * annotation (for example on an object cloned with `kubectl get -o yaml | kubectl apply`) under
 * another name is never pruned.
 */
import {type KubeObject, type ResourceKey, resourceKeyOf} from './kube-object.js';

export const trackingAnnotation = 'driftwatch.io/tracking-id';

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

/** True when a live object was applied by this app and is itself the tracked object. */
export function isTrackedBy(app: string, object: KubeObject): boolean {
	if ((object.metadata.ownerReferences?.length ?? 0) > 0) return false;
	const id = object.metadata.annotations?.[trackingAnnotation];
	return id !== undefined && id === trackingId(app, resourceKeyOf(object));
}

/** The app named by an object's tracking annotation, if any. */
export function trackingAppOf(object: KubeObject): string | undefined {
	const id = object.metadata.annotations?.[trackingAnnotation];
	if (!id) return undefined;
	const colon = id.indexOf(':');
	return colon > 0 ? id.slice(0, colon) : undefined;
}

/** The object without driftwatch's bookkeeping annotation: tracking is never drift. */
export function withoutTracking(object: KubeObject): KubeObject {
	const annotations = object.metadata.annotations;
	if (!annotations || !(trackingAnnotation in annotations)) return object;
	const {[trackingAnnotation]: _removed, ...rest} = annotations;
	return {...object, metadata: {...object.metadata, annotations: rest}};
}
