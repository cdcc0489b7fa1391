import {describe, expect, it} from 'vitest';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {isTrackedBy, trackingAppOf, trackingOf, withTracking} from '../../../source/core/tracking.js';
import {object} from '../support/objects.js';

const argo = (live: KubeObject, id: string, extra: Record<string, string> = {}): KubeObject => ({
	...live,
	metadata: {...live.metadata, annotations: {...live.metadata.annotations, 'argocd.argoproj.io/tracking-id': id, ...extra}},
});
const fromApplication = trackingOf({name: 'shop', argoCdApplication: {namespace: 'apps'}});
const fromFlags = trackingOf({name: 'shop'});

describe('tracking', () => {
	it("is driftwatch's annotation naming this app and this very object", () => {
		const web = object('Deployment', 'web');
		expect(isTrackedBy('shop', withTracking('shop', web))).toBe(true);
		expect(isTrackedBy('billing', withTracking('shop', web))).toBe(false);
		const copied = {...withTracking('shop', web), metadata: {...withTracking('shop', web).metadata, name: 'copy'}};
		expect(isTrackedBy('shop', copied)).toBe(false);
	});

	it('never counts an owned object or a hook', () => {
		const owned = {
			...withTracking('shop', object('ReplicaSet', 'web-1')),
			metadata: {
				...withTracking('shop', object('ReplicaSet', 'web-1')).metadata,
				ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u'}],
			},
		};
		expect(isTrackedBy('shop', owned)).toBe(false);
		expect(isTrackedBy('shop', withTracking('shop', object('Job', 'migrate', {annotations: {'argocd.argoproj.io/hook': 'PreSync'}})))).toBe(
			false,
		);
	});

	it("names Argo CD's instance names only for an app read from an Application", () => {
		expect(fromApplication).toEqual({app: 'shop', argoCdNames: ['shop', 'apps_shop']});
		expect(trackingOf({name: 'shop', argoCdApplication: {namespace: ''}})).toEqual({app: 'shop', argoCdNames: ['shop']});
		expect(fromFlags).toEqual({app: 'shop'});
	});

	it.each([
		['its own name', 'shop:apps/Deployment:demo/web', true],
		['namespace_name (apps in any namespace)', 'apps_shop:apps/Deployment:demo/web', true],
		['another app', 'billing:apps/Deployment:demo/web', false],
		['another namespace of the Application', 'other_shop:apps/Deployment:demo/web', false],
		['another object (a copied annotation)', 'shop:apps/Deployment:demo/api', false],
		['another group', 'shop:extensions/Deployment:demo/web', false],
		['another namespace', 'shop:apps/Deployment:prod/web', false],
		['malformed', 'shop', false],
	])("honours Argo CD's annotation for an Application app: %s", (_name, id, expected) => {
		const live = argo(object('Deployment', 'web'), id);
		expect(isTrackedBy(fromApplication, live)).toBe(expected);
		expect(isTrackedBy(fromFlags, live)).toBe(false);
	});

	it("accepts the destination namespace Argo CD writes into a cluster-scoped object's id", () => {
		expect(
			isTrackedBy(fromApplication, argo(object('ClusterRole', 'reader'), 'shop:rbac.authorization.k8s.io/ClusterRole:demo/reader')),
		).toBe(true);
	});

	it('never claims an object that carries an Argo CD installation ID', () => {
		const live = argo(object('Deployment', 'web'), 'shop:apps/Deployment:demo/web', {'argocd.argoproj.io/installation-id': 'prod-argocd'});
		expect(isTrackedBy(fromApplication, live)).toBe(false);
	});

	it("says whose an object is: driftwatch's annotation first, else Argo CD's", () => {
		expect(trackingAppOf(withTracking('shop', object('ConfigMap', 'c')))).toBe('shop');
		expect(trackingAppOf(argo(object('ConfigMap', 'c'), 'apps_billing:/ConfigMap:demo/c'))).toBe('apps_billing');
		expect(trackingAppOf(object('ConfigMap', 'c'))).toBeUndefined();
	});
});
