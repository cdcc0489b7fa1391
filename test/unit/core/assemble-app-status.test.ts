import {describe, expect, it} from 'vitest';
import {appFromFlags} from '../../../source/core/app-from-flags.js';
import {assembleAppStatus} from '../../../source/core/assemble-app-status.js';
import {type KubeObject, keyString, resourceKeyOf} from '../../../source/core/kube-object.js';
import {object} from '../support/objects.js';

const {app} = appFromFlags({repo: '/tmp/repo', path: 'app', namespace: 'demo', name: 'web'});

/** A Deployment as the API server reports it once rolled out. */
function rolledOut(): KubeObject {
	return {
		...object('Deployment', 'web'),
		metadata: {name: 'web', namespace: 'demo', generation: 1},
		spec: {replicas: 1},
		status: {observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1},
	};
}

function assemble(desired: KubeObject[], live: KubeObject[]) {
	if (!app) throw new Error('no app');
	return assembleAppStatus({
		app,
		desired,
		live: new Map(live.map(item => [keyString(resourceKeyOf(item)), item])),
		extras: [],
		related: [],
		predicted: new Map(live.map(item => [keyString(resourceKeyOf(item)), item])),
		revisions: [],
		notices: [],
		warnings: [],
		now: new Date(0),
	});
}

describe('assembleAppStatus: missing objects, as Argo CD reports them', () => {
	it('gives a missing object the Missing health with no message', () => {
		const status = assemble([rolledOut(), object('Service', 'web')], [rolledOut()]);
		expect(status.objects.find(item => item.key.kind === 'Service')?.health).toEqual({status: 'Missing', message: ''});
		expect(status.health.status).toBe('Missing');
	});

	it('keeps the app Healthy when only objects of kinds without health (a ConfigMap) are missing', () => {
		const status = assemble([rolledOut(), object('ConfigMap', 'web-config')], [rolledOut()]);
		expect(status.syncStatus).toBe('OutOfSync');
		expect(status.objects.find(item => item.key.kind === 'ConfigMap')?.health).toEqual({status: 'Missing', message: ''});
		expect(status.health).toEqual({status: 'Healthy', message: ''});
	});

	it('is Missing when nothing exists live', () => {
		const status = assemble([rolledOut(), object('ConfigMap', 'web-config')], []);
		expect(status.health).toEqual({status: 'Missing', message: 'No object of this app exists in the cluster'});
	});
});
